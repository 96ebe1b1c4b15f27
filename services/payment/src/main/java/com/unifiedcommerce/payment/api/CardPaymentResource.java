package com.unifiedcommerce.payment.api;

import java.time.Instant;
import java.util.List;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.payment.app.CardAuthorisations;
import com.unifiedcommerce.payment.app.CardPaymentFlow;
import com.unifiedcommerce.payment.domain.CardPayment;
import com.unifiedcommerce.payment.store.CardPayments;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Card tenders of orders. The services call it: the order ledger authorises at checkout, captures
 * at hand-over and voids on cancellation; returns refunds. Every movement names its cause (the
 * pickup, the cancellation, the return) and takes effect once per cause, so the
 * {@code Idempotency-Key} header is accepted but not needed: a retry of the same cause, with or
 * without the same key, answers the same payment. Admin may read a payment and its journal.
 */
@Path("/api/payments")
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class CardPaymentResource {

    static final String ORDER = "^[A-Za-z0-9._:-]{1,100}$";
    static final String ORDER_MESSAGE = "must be 1 to 100 letters, digits or . _ : -";
    static final String CAUSE = "^[A-Za-z0-9._:-]{1,100}$";

    /** An amount in minor units of a currency. */
    public record Amount(
            @NotNull @Min(1) @Max(100_000_000_00L) Long amount,

            @NotNull @Pattern(regexp = "^[A-Z]{3}$", message = "must be an ISO 4217 code such as EUR")
            String currency) {}

    public record AuthoriseRequest(
            @NotNull @Pattern(regexp = ORDER, message = ORDER_MESSAGE)
            String orderId,

            @NotNull @Valid Amount amount,
            /* The provider's token for the card (the terminal or the storefront's card form made it); never a card number. */
            @NotNull @Pattern(regexp = "^[A-Za-z0-9_-]{8,100}$", message = "must be the payment provider's card token")
            String cardToken,
            /* The checkout attempt asking (0 when not given): the newest attempt owns the payment. */
            @Min(0) @Max(1_000_000) Integer attempt) {

        int attemptOrZero() {
            return attempt == null ? 0 : attempt;
        }
    }

    public record ReleaseRequest(
            @NotNull @Min(0) @Max(1_000_000) Integer attempt) {}

    public record ReleaseView(String orderId, int attempt, CardAuthorisations.Released released) {}

    public record MoveRequest(
            @NotNull @Valid Amount amount,

            @NotNull @Pattern(regexp = CAUSE, message = ORDER_MESSAGE)
            String cause) {}

    public record VoidRequest(
            @NotNull @Pattern(regexp = CAUSE, message = ORDER_MESSAGE)
            String cause) {}

    public record PaymentView(
            String orderId,
            String tender,
            CardPayment.Status status,
            Amount authorised,
            long captured,
            long refunded,
            long refundPending,
            long capturable,
            long refundable,
            String cardLast4,
            String authorisationRef,
            Instant authorisationExpiresAt,
            String declineCode) {

        static PaymentView of(CardPayment payment) {
            return new PaymentView(
                    payment.orderId(),
                    "CARD",
                    payment.status(),
                    new Amount(payment.amount(), payment.currency()),
                    payment.captured(),
                    payment.refunded(),
                    payment.refunding(),
                    payment.capturable(),
                    payment.refundable(),
                    payment.cardLast4(),
                    payment.providerRef(),
                    payment.expiresAt(),
                    payment.declineCode());
        }
    }

    public record JournalView(PaymentView payment, List<CardPayments.Entry> entries) {}

    @Inject
    CardPaymentFlow flow;

    @Inject
    CardAuthorisations authorisations;

    @Inject
    CurrentCaller caller;

    /** 201 with the authorised payment (the same one for a repeat or a later attempt); 402 when the card is declined. */
    @POST
    @Path("/cards")
    public Uni<Response> authorise(
            @HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull AuthoriseRequest request) {
        requireService(key);
        return authorisations
                .authorise(
                        request.orderId(),
                        request.attemptOrZero(),
                        request.amount().amount(),
                        request.amount().currency(),
                        request.cardToken())
                .map(payment ->
                        Response.status(201).entity(PaymentView.of(payment)).build());
    }

    @POST
    @Path("/orders/{orderId}/captures")
    public Uni<PaymentView> capture(
            @PathParam("orderId") @Pattern(regexp = ORDER, message = ORDER_MESSAGE) String orderId,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull MoveRequest request) {
        requireService(key);
        return flow.byOrder(orderId)
                .map(found -> sameCurrency(found, orderId, request.amount()))
                .chain(() -> flow.capture(orderId, request.amount().amount(), request.cause()))
                .map(PaymentView::of);
    }

    @POST
    @Path("/orders/{orderId}/void")
    public Uni<PaymentView> voidAuthorisation(
            @PathParam("orderId") @Pattern(regexp = ORDER, message = ORDER_MESSAGE) String orderId,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull VoidRequest request) {
        requireService(key);
        return flow.voidAuthorisation(orderId, request.cause()).map(PaymentView::of);
    }

    /**
     * A checkout attempt that failed gives its payment up (the saga's compensation): VOIDED when
     * it was authorised, ABANDONED while the provider's answer is unknown (the sweep cancels it at
     * the provider unless a later attempt takes it over), NOTHING when the attempt holds none.
     */
    @POST
    @Path("/orders/{orderId}/release")
    public Uni<ReleaseView> release(
            @PathParam("orderId") @Pattern(regexp = ORDER, message = ORDER_MESSAGE) String orderId,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull ReleaseRequest request) {
        requireService(key);
        return authorisations
                .release(orderId, request.attempt())
                .map(released -> new ReleaseView(orderId, request.attempt(), released));
    }

    /** 202: the refund is asked of the provider and pending until it settles (GET shows when). */
    @POST
    @Path("/orders/{orderId}/refunds")
    public Uni<Response> refund(
            @PathParam("orderId") @Pattern(regexp = ORDER, message = ORDER_MESSAGE) String orderId,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull MoveRequest request) {
        requireService(key);
        return flow.byOrder(orderId)
                .map(found -> sameCurrency(found, orderId, request.amount()))
                .chain(() -> flow.refund(orderId, request.amount().amount(), request.cause()))
                .map(payment -> Response.accepted(PaymentView.of(payment)).build());
    }

    @GET
    @Path("/orders/{orderId}")
    public Uni<JournalView> get(
            @PathParam("orderId") @Pattern(regexp = ORDER, message = ORDER_MESSAGE) String orderId) {
        Caller who = caller.get();
        Access.require(
                who.has(Caller.SERVICE) || who.has(Caller.ADMIN) ? Access.Decision.ALLOW : Access.Decision.FORBIDDEN,
                "Payment");
        return flow.byOrder(orderId)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("A card payment for order " + orderId)))
                .chain(payment ->
                        flow.journal(orderId).map(entries -> new JournalView(PaymentView.of(payment), entries)));
    }

    private void requireService(String key) {
        Idempotency.requireSaneKey(key);
        Access.require(caller.get().has(Caller.SERVICE) ? Access.Decision.ALLOW : Access.Decision.FORBIDDEN, "Payment");
    }

    private static CardPayment sameCurrency(java.util.Optional<CardPayment> found, String orderId, Amount amount) {
        CardPayment payment = found.orElseThrow(() -> ProblemException.notFound("A card payment for order " + orderId));
        if (!payment.currency().equals(amount.currency())) {
            throw ProblemException.invalid("amount.currency", "the payment is in " + payment.currency());
        }
        return payment;
    }
}
