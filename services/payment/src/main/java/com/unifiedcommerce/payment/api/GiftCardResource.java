package com.unifiedcommerce.payment.api;

import static com.unifiedcommerce.payment.api.CardPaymentResource.ORDER;
import static com.unifiedcommerce.payment.api.CardPaymentResource.ORDER_MESSAGE;

import java.util.List;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.payment.api.CardPaymentResource.Amount;
import com.unifiedcommerce.payment.app.GiftCardLedger;
import com.unifiedcommerce.payment.store.GiftCards;
import com.unifiedcommerce.platform.idempotency.Idempotency;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import com.unifiedcommerce.platform.security.CurrentCaller;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Gift cards: the back office issues them (admin, Idempotency-Key required: a repeat answers the
 * same card); whoever holds a card's code may read its balance; checkout holds and releases
 * through the order ledger's client; hand-over, cancellation and returns move the rest by events.
 */
@Path("/api/payments")
// Work runs to its end when the caller stops waiting (gateway/README.md, "Time-outs").
@Cancellable(false)
public class GiftCardResource {

    static final String CODE = "^[0-9]{16}$";
    static final String CODE_MESSAGE = "must be the gift card's 16 digits";

    public record IssueRequest(@NotNull @Valid Amount amount) {}

    public record HoldRequest(
            @NotNull @Pattern(regexp = ORDER, message = ORDER_MESSAGE)
            String orderId,

            @NotNull @Valid Amount amount,

            @Min(0) @Max(1_000_000) Integer attempt) {}

    public record ReleaseRequest(
            @NotNull @Min(0) @Max(1_000_000) Integer attempt) {}

    public record CardView(String code, String currency, long balance, long held, long available) {

        static CardView of(GiftCardLedger.Card card) {
            return new CardView(card.code(), card.currency(), card.balance(), card.held(), card.available());
        }
    }

    /** A hold as answered: the card only by its last four digits. */
    public record HoldView(String orderId, String card, long amount, int attempt, String status, long refunded) {

        static HoldView of(GiftCards.Hold hold) {
            String code = hold.account().substring(hold.account().length() - 4);
            return new HoldView(
                    hold.orderId(), "…" + code, hold.amount(), hold.attempt(), hold.status(), hold.refunded());
        }
    }

    public record Released(String orderId, int attempt, int holds) {}

    @Inject
    GiftCardLedger ledger;

    @Inject
    Idempotency idempotency;

    @Inject
    CurrentCaller caller;

    /** 201 with the new card and its code (shown once to whoever sells or hands it out). */
    @POST
    @Path("/gift-cards")
    public Uni<Response> issue(@HeaderParam(Idempotency.HEADER) String key, @Valid @NotNull IssueRequest request) {
        Caller who = caller.get();
        Access.require(who.has(Caller.ADMIN) ? Access.Decision.ALLOW : Access.Decision.FORBIDDEN, "Gift card");
        if (key == null) {
            throw ProblemException.invalid(Idempotency.HEADER, "is required to issue a gift card");
        }
        return idempotency.run(
                key,
                who.subject() + " POST /api/payments/gift-cards",
                request,
                session -> ledger.issue(
                                session,
                                request.amount().currency(),
                                request.amount().amount(),
                                who.subject())
                        .map(card -> new Idempotency.Outcome(201, CardView.of(card))));
    }

    /** The balance, for whoever has the code (a customer at home, a cashier at the till). */
    @GET
    @Path("/gift-cards/{code}")
    public Uni<CardView> get(@PathParam("code") @Pattern(regexp = CODE, message = CODE_MESSAGE) String code) {
        return ledger.card(code)
                .map(found -> found.map(CardView::of)
                        .orElseThrow(() -> ProblemException.notFound("Gift card ending " + last4(code))));
    }

    /** Checkout holds {@code amount} of the card for an order (201); 402 when it has not that much. */
    @POST
    @Path("/gift-cards/{code}/holds")
    public Uni<Response> hold(
            @PathParam("code") @Pattern(regexp = CODE, message = CODE_MESSAGE) String code,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull HoldRequest request) {
        requireService(key);
        return ledger.hold(
                        request.orderId(),
                        code,
                        request.amount().amount(),
                        request.amount().currency(),
                        request.attempt() == null ? 0 : request.attempt())
                .map(hold -> Response.status(201).entity(HoldView.of(hold)).build());
    }

    /** A failed checkout attempt gives back what it (or an older attempt) held on gift cards. */
    @POST
    @Path("/orders/{orderId}/gift-cards/release")
    public Uni<Released> release(
            @PathParam("orderId") @Pattern(regexp = ORDER, message = ORDER_MESSAGE) String orderId,
            @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull ReleaseRequest request) {
        requireService(key);
        return ledger.release(orderId, request.attempt()).map(holds -> new Released(orderId, request.attempt(), holds));
    }

    @GET
    @Path("/orders/{orderId}/gift-cards")
    public Uni<List<HoldView>> holds(
            @PathParam("orderId") @Pattern(regexp = ORDER, message = ORDER_MESSAGE) String orderId) {
        Caller who = caller.get();
        Access.require(
                who.has(Caller.SERVICE) || who.has(Caller.ADMIN) ? Access.Decision.ALLOW : Access.Decision.FORBIDDEN,
                "Gift card holds");
        return ledger.holds(orderId)
                .map(holds -> holds.stream().map(HoldView::of).toList());
    }

    /** A page of what each order's card and gift cards moved, by order id: the order ledger reconciles with it. */
    public record MoneyPage(List<GiftCards.OrderMoney> items, String next) {}

    @GET
    @Path("/money")
    public Uni<MoneyPage> money(
            @QueryParam("after") @Pattern(regexp = "^[A-Za-z0-9._:-]{0,100}$", message = ORDER_MESSAGE) String after,
            @QueryParam("size") @DefaultValue("500") @Min(1) @Max(1_000) int size) {
        Caller who = caller.get();
        Access.require(
                who.has(Caller.SERVICE) || who.has(Caller.ADMIN) ? Access.Decision.ALLOW : Access.Decision.FORBIDDEN,
                "Payments");
        return ledger.money(after == null ? "" : after, size)
                .map(items -> new MoneyPage(
                        items, items.size() < size ? null : items.getLast().orderId()));
    }

    private void requireService(String key) {
        Idempotency.requireSaneKey(key);
        Access.require(
                caller.get().has(Caller.SERVICE) ? Access.Decision.ALLOW : Access.Decision.FORBIDDEN, "Gift card");
    }

    private static String last4(String code) {
        return code.substring(code.length() - 4);
    }
}
