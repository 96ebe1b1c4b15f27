package com.unifiedcommerce.payment.api;

import static com.unifiedcommerce.payment.PaymentTestSupport.asOrderService;
import static com.unifiedcommerce.payment.PaymentTestSupport.providerRecord;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jakarta.inject.Inject;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.payment.domain.CardOperation;
import com.unifiedcommerce.payment.jobs.AbandonedAuthorisations;
import com.unifiedcommerce.payment.store.CardPayments;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * A checkout's attempts and the card payment: the newest attempt owns it, a retry reuses the
 * authorisation instead of asking for another, a failed attempt gives it back (voided, or, when
 * the provider's answer never came, cancelled at the provider by the sweep).
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "payments"), @ResourceArg(name = "keycloak", value = "true")
        })
class CheckoutAttemptsTest {

    @Inject
    AbandonedAuthorisations sweep;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    CardPayments payments;

    private static io.restassured.response.Response authorise(String order, int attempt, String card) {
        return asOrderService()
                .body(Map.of(
                        "orderId", order,
                        "amount", Map.of("amount", 2000, "currency", "EUR"),
                        "cardToken", card,
                        "attempt", attempt))
                .post("/api/payments/cards");
    }

    /** Authorises for the attempt (201) and answers the provider's authorisation reference. */
    private static String authorised(String order, int attempt, String card) {
        return authorise(order, attempt, card).then().statusCode(201).extract().path("authorisationRef");
    }

    private static String release(String order, int attempt) {
        return asOrderService()
                .body(Map.of("attempt", attempt))
                .post("/api/payments/orders/" + order + "/release")
                .then()
                .statusCode(200)
                .extract()
                .path("released");
    }

    private static JsonPath view(String order) {
        return asOrderService()
                .get("/api/payments/orders/" + order)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static String providerStatus(String ref) {
        return providerRecord(ref).getString("status");
    }

    @Test
    void aLaterAttemptTakesTheAuthorisationOverAndAnOlderOneCannotGiveItUp() {
        String order = "ord-" + UUID.randomUUID();
        String first = authorised(order, 1, "tok_4242424242424242");
        String retried = authorised(order, 2, "tok_4242424242424242");
        assertEquals(first, retried, "the retry reuses the authorisation");
        authorise(order, 1, "tok_4242424242424242").then().statusCode(409);
        assertEquals("NOTHING", release(order, 1));
        assertEquals("AUTHORISED", view(order).getString("payment.status"));
        assertEquals("VOIDED", release(order, 2));
        assertEquals("VOIDED", providerStatus(first));
        assertEquals("NOTHING", release(order, 2));
        // A third attempt starts afresh: a new authorisation, the voided one stays voided.
        String third = authorised(order, 3, "tok_4242424242424242");
        assertNotEquals(first, third);
        assertEquals(List.of("AUTHORISED", "VOIDED", "AUTHORISED"), view(order).getList("entries.kind"));
    }

    /**
     * A failed attempt giving its authorisation up while the next attempt asks for one, as when the
     * saga's undo and the customer's retry cross: whichever comes first under the payment's lock,
     * the newer attempt ends owning exactly one live authorisation, and an authorisation given up is
     * voided at the provider, never left held.
     */
    @Test
    void aReleaseRacingTheNextAttemptLeavesOneLiveAuthorisationOwnedByTheNewer() throws Exception {
        for (int round = 0; round < 6; round++) {
            String order = "ord-" + UUID.randomUUID();
            String first = authorised(order, 1, "tok_4242424242424242");
            CompletableFuture<String> released = CompletableFuture.supplyAsync(() -> release(order, 1));
            CompletableFuture<String> retried =
                    CompletableFuture.supplyAsync(() -> authorised(order, 2, "tok_4242424242424242"));
            String outcome = released.get(30, TimeUnit.SECONDS);
            String live = retried.get(30, TimeUnit.SECONDS);
            JsonPath view = view(order);
            assertEquals("AUTHORISED", view.getString("payment.status"), "round " + round);
            assertEquals(live, view.getString("payment.authorisationRef"), "round " + round);
            assertEquals("AUTHORISED", providerStatus(live), "round " + round);
            List<String> kinds = view.getList("entries.kind");
            if (outcome.equals("VOIDED")) {
                // The release came first: the retry finished its void, then authorised afresh.
                assertNotEquals(first, live, "round " + round);
                assertEquals("VOIDED", providerStatus(first), "round " + round);
                assertEquals(List.of("AUTHORISED", "VOIDED", "AUTHORISED"), kinds, "round " + round);
            } else {
                // The retry came first and took the authorisation over: the older attempt gives nothing up.
                assertEquals("NOTHING", outcome, "round " + round);
                assertEquals(first, live, "round " + round);
                assertEquals(List.of("AUTHORISED"), kinds, "round " + round);
            }
        }
    }

    /**
     * An order whose first attempt was authorised and then failed (voided), and which a later
     * attempt authorised afresh, is the new authorisation's from then on: handed over, it is
     * captured; not collected, it is voided at the provider. The first attempt's void is of its
     * own authorisation only.
     */
    @Test
    void anAuthorisationStartedAfreshAfterAFailedAttemptIsCapturedAndVoidedLikeAnyOther() {
        String collected = "ord-" + UUID.randomUUID();
        String voided = authorised(collected, 1, "tok_4242424242424242");
        assertEquals("VOIDED", release(collected, 1));
        String fresh = authorised(collected, 2, "tok_4242424242424242");
        assertNotEquals(voided, fresh);
        asOrderService()
                .body(Map.of("amount", Map.of("amount", 2000, "currency", "EUR"), "cause", "pickup-1"))
                .post("/api/payments/orders/" + collected + "/captures")
                .then()
                .statusCode(200)
                .body("captured", equalTo(2000));
        assertEquals("CAPTURED", providerStatus(fresh));
        assertEquals("VOIDED", providerStatus(voided));

        String noShow = "ord-" + UUID.randomUUID();
        authorise(noShow, 1, "tok_4242424242424242").then().statusCode(201);
        assertEquals("VOIDED", release(noShow, 1));
        String second = authorised(noShow, 2, "tok_4242424242424242");
        asOrderService()
                .body(Map.of("cause", "no-show"))
                .post("/api/payments/orders/" + noShow + "/void")
                .then()
                .statusCode(200)
                .body("status", equalTo("VOIDED"));
        assertEquals("VOIDED", providerStatus(second), "the new authorisation is voided at the provider");
        assertEquals(
                List.of("AUTHORISED", "VOIDED", "AUTHORISED", "VOIDED"),
                view(noShow).getList("entries.kind"));
    }

    /**
     * A failed attempt recorded the void of its authorisation, and its caller went away before the
     * provider was asked: the next attempt does not take that authorisation over (it would be
     * voided under the placed order), it finishes the void and authorises afresh.
     */
    @Test
    void aLaterAttemptFinishesAVoidAnOlderAttemptLeftUnansweredAndAuthorisesAfresh() throws Throwable {
        String order = "ord-" + UUID.randomUUID();
        String first = authorised(order, 1, "tok_4242424242424242");
        VertxContextSupport.subscribeAndAwait(() -> sessions.withTransaction(session -> payments.lock(session, order)
                .map(Optional::orElseThrow)
                .chain(payment -> payments.request(
                        session,
                        new CardOperation(
                                payment.id(),
                                CardOperation.Kind.VOID,
                                CardOperation.voidCause(payment.generation()),
                                0,
                                CardOperation.Status.REQUESTED,
                                null,
                                null)))));
        String second = authorised(order, 2, "tok_4242424242424242");
        assertNotEquals(first, second);
        assertEquals("VOIDED", providerStatus(first));
        assertEquals("AUTHORISED", providerStatus(second));
        assertEquals("NOTHING", release(order, 1));
        assertEquals(List.of("AUTHORISED", "VOIDED", "AUTHORISED"), view(order).getList("entries.kind"));
        assertEquals("AUTHORISED", view(order).getString("payment.status"));
    }

    /**
     * A later attempt pays with another card (the customer changed it after a failure): the live
     * authorisation of the first card is voided, and the second card is authorised; the order never
     * holds money on two cards.
     */
    @Test
    void aLaterAttemptWithAnotherCardVoidsTheFirstCardsAuthorisation() {
        String order = "ord-" + UUID.randomUUID();
        String first = authorised(order, 1, "tok_4242424242424242");
        String second = authorise(order, 2, "tok_5555555555554444")
                .then()
                .statusCode(201)
                .body("cardLast4", equalTo("4444"))
                .extract()
                .path("authorisationRef");
        assertNotEquals(first, second);
        assertEquals("VOIDED", providerStatus(first));
        assertEquals("AUTHORISED", providerStatus(second));
        assertEquals(List.of("AUTHORISED", "VOIDED", "AUTHORISED"), view(order).getList("entries.kind"));
        // The first attempt, late, can neither pay with its card again nor give the second card up.
        authorise(order, 1, "tok_4242424242424242").then().statusCode(409);
        assertEquals("NOTHING", release(order, 1));
    }

    @Test
    void anAttemptGivenUpWhileTheProviderTimedOutIsCancelledThereByTheSweep() throws Throwable {
        String order = "ord-" + UUID.randomUUID();
        authorise(order, 1, "tok_4000000000000259").then().statusCode(503);
        assertEquals("ABANDONED", release(order, 1));
        int settled = VertxContextSupport.subscribeAndAwait(() -> sweep.run());
        assertEquals(true, settled >= 1);
        JsonPath after = view(order);
        assertEquals("VOIDED", after.getString("payment.status"));
        String ref = after.getString("payment.authorisationRef");
        // The provider had made the authorisation during the time-out; the cancellation voided it.
        assertEquals("VOIDED", providerStatus(ref));
        assertEquals(List.of("VOIDED"), after.getList("entries.kind"));
        // The customer checks out again: a new authorisation, under a new reference.
        authorise(order, 2, "tok_4242424242424242").then().statusCode(201).body("status", equalTo("AUTHORISED"));
    }

    /**
     * The provider's approval arrives after the attempt that asked for it was given up (its caller
     * timed out and the checkout failed): no attempt owns that authorisation, so unless a later
     * attempt takes it over, the sweep voids it; the customer's money is not held for an order that
     * was never placed.
     */
    @Test
    void anAuthorisationApprovedAfterItsAttemptGaveItUpIsVoidedByTheSweep() throws Throwable {
        String order = "ord-" + UUID.randomUUID();
        CompletableFuture<io.restassured.response.Response> late =
                CompletableFuture.supplyAsync(() -> authorise(order, 1, "tok_4000000000000077"));
        // The provider answers this card after about 2 s: meanwhile the checkout gives the attempt up.
        String released;
        long until = System.nanoTime() + 1_500_000_000L;
        do {
            Thread.sleep(100);
            released = release(order, 1);
        } while (!"ABANDONED".equals(released) && System.nanoTime() < until);
        assertEquals("ABANDONED", released);
        late.get(10, TimeUnit.SECONDS);
        String ref = view(order).getString("payment.authorisationRef");
        assertEquals("AUTHORISED", providerStatus(ref), "the provider did approve it");
        int settled = VertxContextSupport.subscribeAndAwait(() -> sweep.run());
        assertEquals(true, settled >= 1);
        assertEquals("VOIDED", view(order).getString("payment.status"));
        assertEquals("VOIDED", providerStatus(ref));
        assertEquals(List.of("AUTHORISED", "VOIDED"), view(order).getList("entries.kind"));
    }

    @Test
    void aLaterAttemptResumesAnAuthorisationWhoseAnswerWasLost() throws Throwable {
        String order = "ord-" + UUID.randomUUID();
        authorise(order, 1, "tok_4000000000000259").then().statusCode(503);
        assertEquals("ABANDONED", release(order, 1));
        // Attempt 2 arrives before the sweep: it takes the authorisation over, and the sweep leaves it.
        String ref = authorised(order, 2, "tok_4000000000000259");
        VertxContextSupport.subscribeAndAwait(() -> sweep.run());
        assertEquals("AUTHORISED", view(order).getString("payment.status"));
        assertEquals("AUTHORISED", providerStatus(ref));
        assertEquals(List.of("AUTHORISED"), view(order).getList("entries.kind"));
    }
}
