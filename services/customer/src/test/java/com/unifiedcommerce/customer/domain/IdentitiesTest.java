package com.unifiedcommerce.customer.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class IdentitiesTest {

    @Test
    void onePhoneHasOneSpellingWhateverTheCounterTyped() {
        for (String typed : List.of(
                "+49 30 1234567",
                "0049301234567",
                "0049 30 1234567",
                "+49 (0)30 1234567",
                "+49-30-123 45 67",
                "+49.30.1234567",
                "+0049 30 1234567")) {
            assertEquals("+49301234567", Identities.phone("phone", typed, "FR"), typed);
        }
        assertEquals("+33123456789", Identities.phone("phone", "01 23 45 67 89", "FR"));
        assertEquals("+33123456789", Identities.phone("phone", "+33 1 23 45 67 89", "FR"));
        assertEquals("+33612345678", Identities.phone("phone", "06 12 34 56 78", "FR"));
        assertEquals("+4915112345678", Identities.phone("phone", "0151 12345678", "DE"));
        assertEquals("+12015550123", Identities.phone("phone", "+1 (201) 555-0123", "FR"));
    }

    @Test
    void aRegionLibphonenumberDoesNotKnowStopsTheServiceNamingTheSetting() {
        assertEquals("DE", Identities.region("customer.phone.default-region", "DE"));
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> Identities.region("customer.phone.default-region", "33"));
        assertTrue(refused.getMessage().contains("customer.phone.default-region"), refused.getMessage());
    }

    @Test
    void whatIsNotAPhoneIsRefusedNamingTheField() {
        for (String typed : List.of(
                "",
                "12345",
                "49301234567",
                "+49 30 abc",
                "+1234567",
                "+1234567890123456",
                "+33 1 23",
                "+33 9 99 99 99 99 99",
                "+1 555 0100",
                "0800-FLOWERS")) {
            Identities.Invalid invalid =
                    assertThrows(Identities.Invalid.class, () -> Identities.phone("phones[0]", typed, "FR"), typed);
            assertEquals("phones[0]", invalid.field());
        }
    }

    @Test
    void emailsAreLowerCasedAndChecked() {
        assertEquals("sam@example.com", Identities.email("email", "  Sam@Example.COM "));
        for (String typed : List.of(
                "sam", "sam@", "@example.com", "sam@example", "sam example@x.com", "a".repeat(250) + "@x.com")) {
            assertThrows(Identities.Invalid.class, () -> Identities.email("email", typed), typed);
        }
    }

    @Test
    void cardsCarryACheckDigitThatCatchesOneWrongDigit() {
        for (int i = 0; i < 200; i++) {
            String card = LoyaltyCard.issue();
            assertEquals(LoyaltyCard.LENGTH, card.length());
            assertTrue(LoyaltyCard.valid(card), card);
            int at = i % (LoyaltyCard.LENGTH - 1) + 1;
            char wrong = (char) ('0' + (card.charAt(at) - '0' + 1 + i % 9) % 10);
            assertFalse(LoyaltyCard.valid(card.substring(0, at) + wrong + card.substring(at + 1)), card);
        }
        assertEquals(5, LoyaltyCard.checkDigit("77123456789"));
        assertEquals("771234567895", Identities.card("card", "7712 3456 7895"));
        assertThrows(Identities.Invalid.class, () -> Identities.card("card", "771234567890"));
    }

    @Test
    void theCounterSeesEnoughToConfirmNotToCopy() {
        assertEquals("s***m@example.com", Masking.email("sam.lam@example.com"));
        assertEquals("+49******567", Masking.phone("+49301234567"));
        assertEquals("Sam L.", Masking.name("Sam", "Lambert"));
        assertEquals("Sam", Masking.name("Sam", null));
    }
}
