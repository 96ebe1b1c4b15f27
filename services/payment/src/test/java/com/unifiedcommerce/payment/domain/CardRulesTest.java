package com.unifiedcommerce.payment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** What may be asked of a card payment, from its state alone; nothing started. */
class CardRulesTest {

    private static CardPayment payment(
            CardPayment.Status status, long amount, long captured, long capturing, long refunded, long refunding) {
        return new CardPayment(
                UUID.randomUUID(),
                "o-1",
                status,
                amount,
                "EUR",
                "f",
                "4242",
                "auth_1",
                null,
                null,
                captured,
                capturing,
                refunded,
                refunding,
                1,
                1,
                null);
    }

    @Test
    void capturesTakeOnlyWhatIsLeftOfALiveAuthorisation() {
        CardPayment half = payment(CardPayment.Status.AUTHORISED, 1000, 400, 100, 0, 0);
        assertEquals(500, half.capturable());
        assertTrue(CardRules.captureRefusal(half, 500, false).isEmpty());
        assertTrue(CardRules.captureRefusal(half, 501, false).orElseThrow().contains("500"));
        assertTrue(CardRules.captureRefusal(half, 1, true).isPresent());
        assertTrue(CardRules.captureRefusal(payment(CardPayment.Status.VOIDED, 1000, 0, 0, 0, 0), 1, false)
                .isPresent());
        assertTrue(CardRules.captureRefusal(payment(CardPayment.Status.AUTHORISING, 1000, 0, 0, 0, 0), 1, false)
                .isPresent());
    }

    @Test
    void onlyAnUncapturedAuthorisationIsVoided() {
        assertTrue(CardRules.voidRefusal(payment(CardPayment.Status.AUTHORISED, 1000, 0, 0, 0, 0))
                .isEmpty());
        assertTrue(CardRules.voidRefusal(payment(CardPayment.Status.AUTHORISED, 1000, 0, 1, 0, 0))
                .orElseThrow()
                .contains("refund"));
        assertTrue(CardRules.voidRefusal(payment(CardPayment.Status.DECLINED, 1000, 0, 0, 0, 0))
                .isPresent());
    }

    @Test
    void refundsCountWhatIsPendingAgainstWhatWasCaptured() {
        CardPayment captured = payment(CardPayment.Status.AUTHORISED, 1000, 800, 0, 300, 200);
        assertEquals(300, captured.refundable());
        assertTrue(CardRules.refundRefusal(captured, 300).isEmpty());
        assertTrue(CardRules.refundRefusal(captured, 301).isPresent());
    }

    @Test
    void aSecondAuthorisationIsTheSameRequestOnlyWithTheSameAmountAndCard() {
        CardPayment existing = payment(CardPayment.Status.AUTHORISED, 1000, 0, 0, 0, 0);
        assertEquals(Optional.empty(), CardRules.authorisationConflict(existing, 1000, "EUR", "f"));
        assertTrue(CardRules.authorisationConflict(existing, 999, "EUR", "f").isPresent());
        assertTrue(CardRules.authorisationConflict(existing, 1000, "USD", "f").isPresent());
        assertTrue(CardRules.authorisationConflict(existing, 1000, "EUR", "g")
                .orElseThrow()
                .contains("another card"));
    }

    @Test
    void theNewestAttemptOwnsThePaymentAndRetriesReuseItsAuthorisation() {
        CardPayment authorised = payment(CardPayment.Status.AUTHORISED, 1000, 0, 0, 0, 0);
        assertTrue(
                CardRules.onAuthorise(authorised, 0, 1000, "EUR", "f", false) instanceof CardRules.OnAuthorise.Refuse);
        assertTrue(CardRules.onAuthorise(authorised, 1, 1000, "EUR", "f", false) instanceof CardRules.OnAuthorise.Use);
        assertTrue(CardRules.onAuthorise(authorised, 2, 1000, "EUR", "f", false) instanceof CardRules.OnAuthorise.Use);
        assertTrue(CardRules.onAuthorise(authorised, 2, 1000, "EUR", "g", false)
                        instanceof CardRules.OnAuthorise.VoidFirst(int generation, boolean askNow)
                && generation == authorised.generation()
                && askNow);
        // A newer attempt paying with another card (or amount) replaces the authorisation; the same attempt cannot,
        // nor can anyone once a hand-over captured from it.
        assertTrue(CardRules.onAuthorise(authorised, 2, 1200, "EUR", "f", false)
                        instanceof CardRules.OnAuthorise.VoidFirst(int generation, boolean askNow)
                && askNow);
        assertTrue(
                CardRules.onAuthorise(authorised, 1, 1000, "EUR", "g", false) instanceof CardRules.OnAuthorise.Refuse);
        CardPayment captured = payment(CardPayment.Status.AUTHORISED, 1000, 400, 0, 0, 0);
        assertTrue(CardRules.onAuthorise(captured, 2, 1000, "EUR", "g", false) instanceof CardRules.OnAuthorise.Refuse);
        // An older attempt is voiding it: never taken over; a newer attempt finishes the void first.
        assertTrue(
                CardRules.onAuthorise(authorised, 1, 1000, "EUR", "f", true) instanceof CardRules.OnAuthorise.Refuse);
        assertTrue(CardRules.onAuthorise(authorised, 2, 1000, "EUR", "f", true)
                        instanceof CardRules.OnAuthorise.VoidFirst(int generation, boolean askNow)
                && generation == authorised.generation()
                && !askNow);
        CardPayment unknown = payment(CardPayment.Status.AUTHORISING, 1000, 0, 0, 0, 0);
        assertTrue(CardRules.onAuthorise(unknown, 2, 1000, "EUR", "f", false) instanceof CardRules.OnAuthorise.Ask);
        CardPayment voided = payment(CardPayment.Status.VOIDED, 1000, 0, 0, 0, 0);
        assertTrue(CardRules.onAuthorise(voided, 1, 1000, "EUR", "f", false) instanceof CardRules.OnAuthorise.Refuse);
        assertTrue(CardRules.onAuthorise(voided, 2, 1000, "EUR", "f", false) instanceof CardRules.OnAuthorise.Restart);
        CardPayment declined = payment(CardPayment.Status.DECLINED, 1000, 0, 0, 0, 0);
        assertTrue(
                CardRules.onAuthorise(declined, 1, 1000, "EUR", "f", false) instanceof CardRules.OnAuthorise.Declined);
        assertTrue(
                CardRules.onAuthorise(declined, 1, 1000, "EUR", "g", false) instanceof CardRules.OnAuthorise.Restart);
        assertTrue(
                CardRules.onAuthorise(declined, 2, 1000, "EUR", "f", false) instanceof CardRules.OnAuthorise.Restart);
    }
}
