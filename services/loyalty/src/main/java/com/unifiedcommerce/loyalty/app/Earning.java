package com.unifiedcommerce.loyalty.app;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.loyalty.PointsEarned;
import com.unifiedcommerce.contracts.orders.OrderLine;
import com.unifiedcommerce.loyalty.domain.Programme;
import com.unifiedcommerce.loyalty.domain.Tier;
import com.unifiedcommerce.loyalty.store.Ledger;
import com.unifiedcommerce.loyalty.store.LinePoints;
import com.unifiedcommerce.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Points earned when the customer has the goods (picked up, carried out or delivered), line by
 * line: floor(money paid on the line x base rate x the tier's multiplier). Each line earns once,
 * whatever the number of deliveries of the event, and remembers what it earned and what was
 * spent on it so a return moves exactly its share.
 */
@ApplicationScoped
public class Earning {

    private static final Logger LOG = Logger.getLogger(Earning.class);

    /** An order's fulfilled lines, as the order ledger announced them. */
    public record Fulfilled(
            String orderId,
            String customerId,
            Channel channel,
            String locationId,
            String cause,
            List<OrderLine> lines) {

        /** The same order, earning for {@code survivor} (the customer folded into another since). */
        Fulfilled forCustomer(String survivor) {
            return new Fulfilled(orderId, survivor, channel, locationId, cause, lines);
        }
    }

    @Inject
    Programme programme;

    @Inject
    Ledger ledger;

    @Inject
    LinePoints linePoints;

    @Inject
    Tiers tiers;

    @Inject
    Outbox outbox;

    @Inject
    Reversal reversal;

    public static String source(String orderId, String lineId) {
        return "order:" + orderId + ":line:" + lineId + ":EARN";
    }

    public Uni<Void> earn(Mutiny.Session session, Fulfilled order, String actor) {
        if (order.customerId() == null || order.lines() == null || order.lines().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Serialised with the order's returns: a return parked meanwhile is seen by resumeWaiting.
        return linePoints
                .serialise(session, order.orderId())
                .chain(() -> ledger.resolve(session, order.customerId()))
                .chain(customerId -> earn(session, order.forCustomer(customerId), customerId, actor))
                // Returns that arrived before this pickup or delivery take their points back now.
                .chain(() -> reversal.resumeWaiting(session, order.orderId()));
    }

    private Uni<Void> earn(Mutiny.Session session, Fulfilled order, String customerId, String actor) {
        long[] earned = {0};
        long[] balance = {0};
        return ledger.openWithTier(session, customerId)
                .map(name ->
                        programme.tiers().named(name).orElse(programme.tiers().lowest()))
                .chain(tier -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (OrderLine line : order.lines()) {
                        chain = chain.chain(() -> earnLine(session, order, line, tier, actor)
                                .invoke(posted -> {
                                    if (posted != null) {
                                        earned[0] += posted.points();
                                        balance[0] = posted.balance();
                                    }
                                })
                                .replaceWithVoid());
                    }
                    return chain;
                })
                .chain(() -> earned[0] == 0
                        ? Uni.createFrom().voidItem()
                        : outbox.append(
                                        session,
                                        customerId,
                                        new PointsEarned(
                                                customerId,
                                                earned[0],
                                                "order:" + order.orderId() + ":" + order.cause(),
                                                order.orderId(),
                                                order.channel(),
                                                order.locationId(),
                                                balance[0]))
                                .replaceWithVoid())
                .chain(() -> tiers.recompute(session, customerId));
    }

    private record LineEarned(long points, long balance) {}

    /** Records the line and credits its points; emits null when the line earned nothing now. */
    private Uni<LineEarned> earnLine(Mutiny.Session session, Fulfilled order, OrderLine line, Tier tier, String actor) {
        long paid = paidInProgrammeCurrency(order.orderId(), line);
        long points = programme.earn().points(paid, tier);
        String location = line.locationId() != null ? line.locationId() : order.locationId();
        LinePoints.NewLine recorded = new LinePoints.NewLine(
                order.orderId(),
                line.lineId(),
                order.customerId(),
                line.quantity(),
                paid,
                points,
                line.pointsRedeemed(),
                order.channel() == null ? null : order.channel().name(),
                location);
        return linePoints
                .record(session, recorded)
                .chain(isNew -> !isNew || points == 0
                        ? Uni.createFrom().nullItem()
                        : ledger.post(
                                        session,
                                        new Ledger.Transfer(
                                                "program:issued",
                                                Ledger.customerAccount(order.customerId()),
                                                points,
                                                "EARN",
                                                source(order.orderId(), line.lineId()),
                                                recorded.channel(),
                                                location,
                                                null,
                                                actor,
                                                false))
                                .map(posted -> posted.transferId() == null
                                        ? null
                                        : new LineEarned(points, posted.creditBalance())));
    }

    /** Money paid on the line; a line paid in another currency earns nothing (and says so in the log). */
    private long paidInProgrammeCurrency(String orderId, OrderLine line) {
        if (line.paid() == null) {
            return 0;
        }
        if (!programme.currency().equals(line.paid().currency())) {
            LOG.warnf(
                    "Order %s line %s was paid in %s; points are earned on %s only",
                    orderId, line.lineId(), line.paid().currency(), programme.currency());
            return 0;
        }
        return line.paid().amount();
    }
}
