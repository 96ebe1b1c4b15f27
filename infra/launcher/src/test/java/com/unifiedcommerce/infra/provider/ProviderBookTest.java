package com.unifiedcommerce.infra.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The simulator's books as plain rules: what an acquirer allows, with nothing started. */
class ProviderBookTest {

    private final ProviderBook book =
            new ProviderBook(Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC), Duration.ofDays(7));

    private String authorised(String card, long amount) {
        ProviderBook.Answer answer = book.authorise(card, amount, "EUR");
        assertEquals(201, answer.status());
        return (String) answer.body().get("id");
    }

    @Test
    void testCardsDecideTheIssuersAnswer() {
        assertEquals(201, book.authorise("tok_4242424242424242", 100, "EUR").status());
        assertEquals(
                "card_declined",
                book.authorise("tok_4000000000000002", 100, "EUR").body().get("error"));
        assertEquals(
                "insufficient_funds",
                book.authorise("tok_4000000000009995", 100, "EUR").body().get("error"));
        assertEquals(400, book.authorise("4242424242424242", 100, "EUR").status());
        assertEquals(400, book.authorise("tok_4242424242424242", 0, "EUR").status());
    }

    @Test
    void capturesNeverExceedTheAuthorisationAndAVoidedOneTakesNone() {
        String id = authorised("tok_4242424242424242", 1000);
        assertEquals(201, book.capture(id, 600).status());
        assertEquals(409, book.capture(id, 401).status());
        assertEquals(201, book.capture(id, 400).status());
        assertEquals(409, book.voidAuthorisation(id).status());
        String other = authorised("tok_4242424242424242", 500);
        assertEquals(200, book.voidAuthorisation(other).status());
        assertEquals("authorisation_voided", book.capture(other, 1).body().get("error"));
    }

    @Test
    void refundsNeverExceedWhatWasCapturedAndSettleOnce() {
        String id = authorised("tok_4242424242424242", 1000);
        book.capture(id, 800);
        List<ProviderBook.PendingRefund> accepted = new ArrayList<>();
        assertEquals(
                202, book.refund(id, 500, "http://merchant/hooks", accepted).status());
        assertEquals(
                409, book.refund(id, 301, "http://merchant/hooks", accepted).status());
        assertEquals("SUCCEEDED", book.settle(accepted.get(0)));
        assertEquals(500L, book.view(id).body().get("refunded"));
        String failing = authorised("tok_4000000000005126", 300);
        book.capture(failing, 300);
        List<ProviderBook.PendingRefund> second = new ArrayList<>();
        book.refund(failing, 100, "http://merchant/hooks", second);
        assertEquals("FAILED", book.settle(second.get(0)));
        assertEquals(0L, book.view(failing).body().get("refunded"));
    }

    @Test
    void aTechnicalCancellationVoidsWhatWasAuthorisedUnderTheReferenceAndWhatComesLater() {
        String made = (String) book.authorise("tok_4242424242424242", 700, "EUR", "ord-1:1")
                .body()
                .get("id");
        ProviderBook.Answer cancelled = book.cancel("ord-1:1");
        assertEquals(java.util.List.of(made), cancelled.body().get("voided"));
        assertEquals("VOIDED", book.view(made).body().get("status"));
        assertEquals(
                "reference_cancelled",
                book.authorise("tok_4242424242424242", 700, "EUR", "ord-1:1")
                        .body()
                        .get("error"));
        assertEquals(
                201,
                book.authorise("tok_4242424242424242", 700, "EUR", "ord-1:2").status());
    }

    @Test
    void aKeyAnswersWhatItAnsweredFirstAndRefusesAnotherBody() {
        ProviderBook.Answer first =
                book.remember("k1", "POST /a 1", new ProviderBook.Answer(201, java.util.Map.of("id", "x")));
        assertSame(first, book.replay("k1", "POST /a 1"));
        assertEquals(422, book.replay("k1", "POST /a 2").status());
        book.remember("k2", "POST /a 1", new ProviderBook.Answer(503, java.util.Map.of()));
        assertEquals(null, book.replay("k2", "POST /a 1"));
    }

    @Test
    void anAuthorisationPastItsLifeIsNotCaptured() {
        Instant[] now = {Instant.parse("2026-11-30T10:00:00Z")};
        Clock moving = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        ProviderBook aging = new ProviderBook(moving, Duration.ofDays(7));
        String id = (String)
                aging.authorise("tok_4242424242424242", 100, "EUR").body().get("id");
        assertEquals(201, aging.capture(id, 50).status());
        now[0] = now[0].plus(Duration.ofDays(7));
        assertEquals("authorisation_expired", aging.capture(id, 50).body().get("error"));
        ProviderBook.Answer shortLived = aging.authorise("tok_4000000000000341", 100, "EUR");
        assertEquals("2026-12-07T10:00:02Z", shortLived.body().get("expiresAt"));
    }
}
