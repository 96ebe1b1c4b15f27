package com.unifiedcommerce.customer.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which channel a message goes through: the customer's preferred channel when they consented to
 * it and can be reached there, else the first consented and reachable channel in a fixed order
 * (email, SMS, push), else none, and then the reason is recorded instead of a message. Post is a
 * consent for catalogues, never used for these messages.
 */
public final class ChannelChoice {

    /** The order tried after the preferred channel. */
    static final List<ContactChannel> ORDER = List.of(ContactChannel.EMAIL, ContactChannel.SMS, ContactChannel.PUSH);

    public static final String NO_CONSENT = "no consent";
    public static final String NO_ADDRESS = "no address for a consented channel";

    /** A channel, or none with the reason. */
    public record Choice(ContactChannel channel, String skipped) {
        public boolean sends() {
            return channel != null;
        }
    }

    private ChannelChoice() {}

    /**
     * @param preferred the customer's preferred channel, or null
     * @param consents what the customer granted (true) or withdrew (false) per channel; absent is no consent
     * @param reachable the channels the profile has an address for (an email, a phone, a sign-in for push)
     */
    public static Choice choose(
            ContactChannel preferred, Map<ContactChannel, Boolean> consents, Set<ContactChannel> reachable) {
        List<ContactChannel> candidates = new ArrayList<>();
        if (preferred != null && ORDER.contains(preferred)) {
            candidates.add(preferred);
        }
        ORDER.stream().filter(c -> c != preferred).forEach(candidates::add);
        boolean anyConsent = false;
        for (ContactChannel candidate : candidates) {
            if (!Boolean.TRUE.equals(consents.get(candidate))) {
                continue;
            }
            anyConsent = true;
            if (reachable.contains(candidate)) {
                return new Choice(candidate, null);
            }
        }
        return new Choice(null, anyConsent ? NO_ADDRESS : NO_CONSENT);
    }
}
