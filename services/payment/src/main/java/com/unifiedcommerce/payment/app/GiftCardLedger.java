package com.unifiedcommerce.payment.app;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.contracts.payments.RefundSettled;
import com.unifiedcommerce.payment.domain.Causes;
import com.unifiedcommerce.payment.store.GiftCards;
import com.unifiedcommerce.payment.store.GiftCards.Account;
import com.unifiedcommerce.payment.store.GiftCards.Hold;
import com.unifiedcommerce.platform.outbox.Outbox;
import com.unifiedcommerce.platform.problem.Problem;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Gift cards as a tender: issued by the back office, held at checkout (the newest checkout attempt
 * owns the hold), redeemed when the order is handed over, released when it is cancelled or the
 * checkout fails, refunded to the card by a return. Every movement of value is one transfer of
 * the double-entry ledger, once per cause; holds are guarded so two checkouts cannot spend the
 * same value.
 */
@ApplicationScoped
public class GiftCardLedger {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    GiftCards cards;

    @Inject
    Outbox outbox;

    /** A card as its holder sees it. */
    public record Card(String code, String currency, long balance, long held) {

        public long available() {
            return balance - held;
        }

        static Card of(String code, Account account) {
            return new Card(code, account.currency(), account.balance(), account.held());
        }
    }

    /** Issues a new card worth {@code amount}, in the caller's transaction (the route's idempotency key's). */
    public Uni<Card> issue(Mutiny.Session session, String currency, long amount, String actor) {
        String code = newCode();
        String account = GiftCards.cardAccount(code);
        return cards.open(session, code, currency)
                .chain(() -> cards.transfer(
                        session,
                        GiftCards.issuerAccount(currency),
                        account,
                        amount,
                        "ISSUE",
                        "issue:" + code,
                        null,
                        actor,
                        0))
                .chain(() -> cards.account(session, account))
                .map(found -> Card.of(code, found.orElseThrow()));
    }

    /**
     * A return paid back as store credit: a new card worth {@code amount}, issued once per return
     * however often it is asked (the cause is the return, serialised by an advisory lock), and
     * {@link RefundSettled} naming the card's code in the same transaction. Emits the card's code.
     */
    public Uni<String> storeCredit(String returnId, String orderId, long amount, String currency) {
        String cause = "store-credit:" + returnId;
        return sessions.withTransaction(session -> session.createNativeQuery(
                        "SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, cause)
                .getSingleResult()
                .chain(() -> cards.transferOf(session, cause))
                .chain(done -> {
                    if (done.isPresent()) {
                        return Uni.createFrom().item(done.get().credit().substring("gc:".length()));
                    }
                    String code = newCode();
                    return cards.open(session, code, currency)
                            .chain(() -> cards.transfer(
                                    session,
                                    GiftCards.issuerAccount(currency),
                                    GiftCards.cardAccount(code),
                                    amount,
                                    "ISSUE",
                                    cause,
                                    orderId,
                                    "return-" + returnId,
                                    0))
                            .call(() -> outbox.append(
                                    session,
                                    orderId,
                                    new RefundSettled(
                                            orderId,
                                            Causes.ofReturn(returnId),
                                            returnId,
                                            TenderType.STORE_CREDIT,
                                            new Money(amount, currency),
                                            true,
                                            null,
                                            code)))
                            .replaceWith(code);
                }));
    }

    public Uni<Optional<Card>> card(String code) {
        return sessions.withSession(session -> cards.account(session, GiftCards.cardAccount(code)))
                .map(found -> found.filter(a -> "CARD".equals(a.kind())).map(a -> Card.of(code, a)));
    }

    public Uni<List<GiftCards.Transfer>> transfers(String code, int limit) {
        return sessions.withSession(session -> cards.transfers(session, GiftCards.cardAccount(code), limit));
    }

    /** A page of per-order money (card and gift cards), by order id, for reconciliation. */
    public Uni<List<GiftCards.OrderMoney>> money(String after, int limit) {
        return sessions.withSession(session -> cards.money(session, after, limit));
    }

    public Uni<List<Hold>> holds(String orderId) {
        return sessions.withSession(session -> cards.holds(session, orderId));
    }

    /**
     * Holds {@code amount} of the card for the order's checkout {@code attempt}: a repeat answers
     * the same hold, a newer attempt takes it over (and its amount), an older one is refused (409),
     * and so is the same attempt once its hold was released (the attempt was given up).
     * 402 when the card has not that much available, 404 when there is no such card.
     */
    public Uni<Hold> hold(String orderId, String code, long amount, String currency, int attempt) {
        String account = GiftCards.cardAccount(code);
        return sessions.withTransaction(session -> cards.lockAccount(session, account)
                .chain(found -> {
                    Account card = found.filter(a -> "CARD".equals(a.kind()))
                            .orElseThrow(() -> ProblemException.notFound("Gift card " + masked(code)));
                    if (!card.currency().equals(currency)) {
                        throw ProblemException.invalid("amount.currency", "the gift card is in " + card.currency());
                    }
                    return cards.lockHold(session, orderId, account);
                })
                .chain(existing -> {
                    long delta = amount;
                    if (existing.isPresent()) {
                        Hold hold = existing.get();
                        if (hold.status().equals("CAPTURED")) {
                            throw ProblemException.conflict(
                                    "The gift card was already redeemed for order " + orderId,
                                    Map.of("orderId", orderId));
                        }
                        if (attempt < hold.attempt()) {
                            throw ProblemException.conflict(
                                    "A newer checkout attempt of order " + orderId + " holds this gift card",
                                    Map.of("attempt", hold.attempt()));
                        }
                        if (attempt == hold.attempt()
                                && attempt > 0
                                && hold.status().equals("RELEASED")) {
                            // The attempt was given up (its undo, or the order's sweep, gave the hold
                            // back): a step of it that runs late holds nothing again.
                            throw ProblemException.conflict(
                                    "Checkout attempt " + attempt + " of order " + orderId
                                            + " was given up and its gift card hold given back",
                                    Map.of("attempt", attempt));
                        }
                        if (hold.status().equals("HELD")) {
                            delta = amount - hold.amount();
                        }
                    }
                    Uni<Boolean> held =
                            delta == 0 ? Uni.createFrom().item(true) : cards.changeHeld(session, account, delta);
                    return held.chain(enough -> {
                        if (!enough) {
                            throw insufficient(code);
                        }
                        return cards.putHold(session, orderId, account, amount, attempt);
                    });
                })
                .replaceWith(new Hold(orderId, account, amount, attempt, "HELD", 0)));
    }

    /** A failed checkout attempt gives its holds back (and those of older attempts). Emits how many. */
    public Uni<Integer> release(String orderId, int attempt) {
        return sessions.withTransaction(session -> cards.release(session, orderId, attempt));
    }

    /** The order was cancelled: every hold still held goes back to its card. */
    public Uni<Integer> releaseAll(String orderId) {
        return release(orderId, Integer.MAX_VALUE);
    }

    /** The order was handed over: what each card holds for it is redeemed, once. Emits the holds captured. */
    public Uni<Integer> redeem(String orderId, String actor) {
        return sessions.withTransaction(session -> cards.holds(session, orderId)
                .chain(holds -> Multi.createFrom()
                        .iterable(holds.stream()
                                .filter(h -> h.status().equals("HELD"))
                                .toList())
                        .onItem()
                        .transformToUniAndConcatenate(hold -> redeem(session, hold, actor))
                        .collect()
                        .asList()
                        .map(List::size)));
    }

    private Uni<Hold> redeem(Mutiny.Session session, Hold hold, String actor) {
        return cards.lockHold(session, hold.orderId(), hold.account()).chain(locked -> {
            if (locked.isEmpty() || !locked.get().status().equals("HELD")) {
                return Uni.createFrom().item(hold);
            }
            return cards.account(session, hold.account())
                    .map(Optional::orElseThrow)
                    .chain(card -> cards.transfer(
                            session,
                            hold.account(),
                            GiftCards.redeemedAccount(card.currency()),
                            locked.get().amount(),
                            "REDEEM",
                            "redeem:" + hold.orderId() + ":" + hold.account(),
                            hold.orderId(),
                            actor,
                            locked.get().amount()))
                    .chain(() -> cards.captured(session, hold.orderId(), hold.account()))
                    .replaceWith(hold);
        });
    }

    /**
     * Gives {@code amount} back to the card for {@code cause} (a return), once; never more than the
     * order redeemed from it. {@link RefundSettled} goes out in the same transaction: no provider
     * is involved, the refund is done when it commits. Emits whether it moved value now (false:
     * the cause had done it already). {@link NotRedeemed} while the order's hold is still held (the
     * hand-over is still to be recorded); 409 when the card was never redeemed for the order (no
     * hold, or released) or the amount is more than is left to give back.
     */
    public Uni<Boolean> refund(String orderId, String code, long amount, String cause, String actor) {
        String account = GiftCards.cardAccount(code);
        String transferCause = "refund:" + cause + ":" + code;
        // The hold's lock first: a redelivery running at the same time then finds the transfer done.
        return sessions.withTransaction(session -> cards.lockHold(session, orderId, account)
                .chain(locked -> cards.transferOf(session, transferCause).chain(done -> {
                    if (done.isPresent()) {
                        if (done.get().amount() != amount) {
                            throw ProblemException.conflict(
                                    "The gift card refund for " + cause + " was "
                                            + done.get().amount() + ", not " + amount,
                                    Map.of("cause", cause));
                        }
                        return Uni.createFrom().item(false);
                    }
                    Optional<Hold> hold = locked;
                    if (hold.isPresent() && hold.get().status().equals("HELD")) {
                        throw new NotRedeemed(orderId, code, "HELD");
                    }
                    if (hold.isEmpty() || !hold.get().status().equals("CAPTURED")) {
                        // Never held for this order, or released: no hand-over will ever redeem it.
                        throw ProblemException.conflict(
                                "Order " + orderId + " never redeemed gift card " + masked(code) + " ("
                                        + hold.map(Hold::status).orElse("no hold") + "); nothing to refund to it",
                                Map.of("orderId", orderId));
                    }
                    return cards.takeRefund(session, orderId, account, amount)
                            .chain(fits -> {
                                if (!fits) {
                                    throw ProblemException.conflict(
                                            "Cannot refund " + amount + " to gift card " + masked(code)
                                                    + ": order " + orderId + " redeemed "
                                                    + hold.get().amount()
                                                    + " of it and "
                                                    + hold.get().refunded()
                                                    + " went back already",
                                            Map.of("orderId", orderId));
                                }
                                return cards.account(session, account).map(Optional::orElseThrow);
                            })
                            .chain(card -> cards.transfer(
                                            session,
                                            GiftCards.redeemedAccount(card.currency()),
                                            account,
                                            amount,
                                            "REFUND",
                                            transferCause,
                                            orderId,
                                            actor,
                                            0)
                                    .call(() -> outbox.append(
                                            session,
                                            orderId,
                                            new RefundSettled(
                                                    orderId,
                                                    cause,
                                                    Causes.returnOf(cause),
                                                    TenderType.GIFT_CARD,
                                                    new Money(amount, card.currency()),
                                                    true,
                                                    null,
                                                    null))));
                })));
    }

    /** A refund asked while the order's gift card value is held, not yet redeemed: the hand-over's event is still to come. */
    public static final class NotRedeemed extends ProblemException {
        NotRedeemed(String orderId, String code, String status) {
            super(
                    ProblemType.CONFLICT,
                    "Order " + orderId + " has not redeemed gift card " + masked(code) + " (" + status + ")",
                    List.of(),
                    Map.of("orderId", orderId));
        }
    }

    private static ProblemException insufficient(String code) {
        return new ProblemException(
                ProblemType.PAYMENT_DECLINED,
                "Gift card " + masked(code) + " has not that much available; nothing was held",
                List.of(new Problem.FieldError("code", "not enough available on the gift card")),
                Map.of("tender", "GIFT_CARD", "declineCode", "insufficient_funds"));
    }

    /** Only the last four digits of a code appear in answers and logs. */
    static String masked(String code) {
        return "…" + code.substring(Math.max(0, code.length() - 4));
    }

    private static String newCode() {
        StringBuilder code = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            code.append(RANDOM.nextInt(10));
        }
        return code.toString();
    }
}
