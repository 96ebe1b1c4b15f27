package com.unifiedcommerce.customer.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ChannelChoiceTest {

    private static final Set<ContactChannel> ALL =
            EnumSet.of(ContactChannel.EMAIL, ContactChannel.SMS, ContactChannel.PUSH);

    @Test
    void thePreferredChannelWinsWhenConsentedAndReachable() {
        var choice = ChannelChoice.choose(
                ContactChannel.SMS, Map.of(ContactChannel.EMAIL, true, ContactChannel.SMS, true), ALL);
        assertEquals(ContactChannel.SMS, choice.channel());
    }

    @Test
    void aPreferredChannelWithoutConsentFallsBackToTheNextConsentedInOrder() {
        var choice = ChannelChoice.choose(
                ContactChannel.EMAIL,
                Map.of(ContactChannel.EMAIL, false, ContactChannel.SMS, false, ContactChannel.PUSH, true),
                ALL);
        assertEquals(ContactChannel.PUSH, choice.channel());
        assertEquals(
                ContactChannel.EMAIL,
                ChannelChoice.choose(null, Map.of(ContactChannel.EMAIL, true, ContactChannel.SMS, true), ALL)
                        .channel());
    }

    @Test
    void noConsentMeansNothingSentAndTheReasonSaysSo() {
        var none = ChannelChoice.choose(ContactChannel.EMAIL, Map.of(), ALL);
        assertFalse(none.sends());
        assertEquals(ChannelChoice.NO_CONSENT, none.skipped());
        var withdrawn = ChannelChoice.choose(null, Map.of(ContactChannel.EMAIL, false), ALL);
        assertEquals(ChannelChoice.NO_CONSENT, withdrawn.skipped());
        // Consent to post is for catalogues, not for these messages.
        assertEquals(
                ChannelChoice.NO_CONSENT,
                ChannelChoice.choose(ContactChannel.POST, Map.of(ContactChannel.POST, true), ALL)
                        .skipped());
    }

    @Test
    void aConsentedChannelWithoutAnAddressIsSkippedForTheNextOne() {
        Map<ContactChannel, Boolean> both = Map.of(ContactChannel.EMAIL, true, ContactChannel.SMS, true);
        assertEquals(
                ContactChannel.SMS,
                ChannelChoice.choose(ContactChannel.EMAIL, both, EnumSet.of(ContactChannel.SMS))
                        .channel());
        var unreachable = ChannelChoice.choose(ContactChannel.EMAIL, both, EnumSet.noneOf(ContactChannel.class));
        assertEquals(ChannelChoice.NO_ADDRESS, unreachable.skipped());
    }
}
