package com.unifiedcommerce.loyalty.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.loyalty.PointsRedeemed;
import com.unifiedcommerce.contracts.loyalty.PointsReversed;
import com.unifiedcommerce.contracts.orders.OrderCancelled;
import com.unifiedcommerce.contracts.orders.OrderPlaced;
import com.unifiedcommerce.loyalty.store.Ledger;
import com.unifiedcommerce.loyalty.store.PointHolds;
import com.unifiedcommerce.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Points spent as a tender. The order's reference names the redemption, so whichever comes first
 * (the order service capturing its hold, or the OrderPlaced event) redeems, and the other finds
 * it done. A cancelled order gets its redeemed points back, once.
 */
@ApplicationScoped
public class Redemption {

    @Inject
    Ledger ledger;

    @Inject
    PointHolds holds;

    @Inject
    Outbox outbox;

    public static String source(String reference) {
        return "hold:" + reference + ":REDEEM";
    }

    /** Moves the points to the redeemed account unless this reference already did; emits whether it did. */
    public Uni<Boolean> redeem(
            Mutiny.Session session, String customerId, long points, String reference, Channel channel, String actor) {
        String source = source(reference);
        return ledger.post(
                        session,
                        new Ledger.Transfer(
                                Ledger.customerAccount(customerId),
                                "program:redeemed",
                                points,
                                "REDEEM",
                                source,
                                channel == null ? null : channel.name(),
                                null,
                                null,
                                actor,
                                false))
                .call(posted -> posted.transferId() == null
                        ? Uni.createFrom().voidItem()
                        : outbox.append(
                                session,
                                customerId,
                                new PointsRedeemed(
                                        customerId, points, source, reference, channel, posted.debitBalance())))
                .map(posted -> posted.transferId() != null);
    }

    /**
     * The order was placed: its hold is captured. If the hold already ended (it expired while the
     * event waited), the points the order says were spent are redeemed all the same: the order is
     * the authority on its tenders, and the balance may go below zero rather than lose the spend.
     */
    public Uni<Void> placed(Mutiny.Session session, OrderPlaced placed, String actor) {
        if (placed.customerId() == null || placed.pointsRedeemed() <= 0) {
            return Uni.createFrom().voidItem();
        }
        // The hold's customer, or the order's (resolved through merges): the account the points are on now.
        return holds.end(session, placed.orderId(), "CAPTURED")
                .chain(captured -> captured.isPresent()
                        ? Uni.createFrom().item(captured.get().customerId())
                        : ledger.resolve(session, placed.customerId()))
                .call(customerId -> ledger.open(session, customerId))
                .chain(customerId ->
                        redeem(session, customerId, placed.pointsRedeemed(), placed.orderId(), placed.channel(), actor))
                .replaceWithVoid();
    }

    /** The order was cancelled: a waiting hold is released; points already redeemed come back. */
    public Uni<Void> cancelled(Mutiny.Session session, OrderCancelled cancelled, String actor) {
        return holds.end(session, cancelled.orderId(), "RELEASED")
                .chain(released -> released.isPresent()
                        ? Uni.createFrom().voidItem()
                        : ledger.movedBy(session, source(cancelled.orderId()))
                                .chain(redeemed -> redeemed.isEmpty()
                                        ? Uni.createFrom().voidItem()
                                        : giveBack(session, cancelled, redeemed.get(), actor)));
    }

    /** Gives the redeemed points back to the account they were taken from. */
    private Uni<Void> giveBack(Mutiny.Session session, OrderCancelled cancelled, Ledger.Moved redeemed, String actor) {
        String customerId = Ledger.customerOf(redeemed.debit()).orElseThrow();
        long points = redeemed.points();
        return ledger.post(
                        session,
                        new Ledger.Transfer(
                                "program:redeemed",
                                Ledger.customerAccount(customerId),
                                points,
                                "REFUND",
                                "order:" + cancelled.orderId() + ":CANCELLED:REFUND",
                                null,
                                null,
                                "order cancelled: " + cancelled.reason(),
                                actor,
                                false))
                .chain(posted -> posted.transferId() == null
                        ? Uni.createFrom().voidItem()
                        : outbox.append(
                                        session,
                                        customerId,
                                        new PointsReversed(
                                                customerId,
                                                null,
                                                cancelled.orderId(),
                                                0,
                                                points,
                                                posted.creditBalance()))
                                .replaceWithVoid());
    }
}
