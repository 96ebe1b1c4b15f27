package com.unifiedcommerce.loyalty.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.loyalty.PointsReversed;
import com.unifiedcommerce.contracts.returns.ReturnAccepted;
import com.unifiedcommerce.contracts.returns.ReturnLine;
import com.unifiedcommerce.loyalty.store.Ledger;
import com.unifiedcommerce.loyalty.store.LinePoints;
import com.unifiedcommerce.platform.money.Apportion;
import com.unifiedcommerce.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * A return takes back the points its lines earned and gives back the points spent on them, unit
 * by unit as cumulative shares ({@link Apportion#part}), so returning every unit of an order,
 * in any number of returns and in any order, moves exactly what the order earned and spent. The
 * balance may go below zero (the earned points were already spent): recorded, not hidden.
 */
@ApplicationScoped
public class Reversal {

    private static final Logger LOG = Logger.getLogger(Reversal.class);

    /** The order's lines are not known here yet (the pickup or delivery event is still on its way). */
    public static final class NotEarnedYet extends IllegalStateException {
        NotEarnedYet(String message) {
            super(message);
        }
    }

    @Inject
    Ledger ledger;

    @Inject
    LinePoints linePoints;

    @Inject
    Tiers tiers;

    @Inject
    Outbox outbox;

    private record Moved(long takenBack, long givenBack) {}

    public Uni<Void> reverse(Mutiny.Session session, ReturnAccepted accepted, String actor) {
        Map<String, Integer> returned = accepted.lines().stream()
                .collect(Collectors.toMap(
                        ReturnLine::orderLineId, ReturnLine::quantity, Integer::sum, LinkedHashMap::new));
        return linePoints.lockOrder(session, accepted.orderId()).chain(known -> {
            if (known.isEmpty() && accepted.customerId() == null) {
                return Uni.createFrom().voidItem(); // a sale to nobody identified earned nothing
            }
            Map<String, LinePoints.Line> lines =
                    known.stream().collect(Collectors.toMap(LinePoints.Line::lineId, Function.identity()));
            for (String lineId : returned.keySet()) {
                if (!lines.containsKey(lineId)) {
                    throw new NotEarnedYet("Return " + accepted.returnId() + ": line " + lineId + " of order "
                            + accepted.orderId() + " has not been picked up or delivered here yet");
                }
            }
            String customerId = known.getFirst().customerId();
            long[] totals = {0, 0};
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Map.Entry<String, Integer> entry : returned.entrySet()) {
                LinePoints.Line line = lines.get(entry.getKey());
                chain = chain.chain(() -> reverseLine(session, accepted, line, entry.getValue(), actor)
                        .invoke(moved -> {
                            totals[0] += moved.takenBack();
                            totals[1] += moved.givenBack();
                        })
                        .replaceWithVoid());
            }
            return chain.chain(() -> totals[0] + totals[1] == 0
                            ? Uni.createFrom().voidItem()
                            : announce(session, accepted, customerId, totals[0], totals[1]))
                    .chain(() -> tiers.recompute(session, customerId));
        });
    }

    private Uni<Moved> reverseLine(
            Mutiny.Session session, ReturnAccepted accepted, LinePoints.Line line, int asked, String actor) {
        int left = line.quantity() - line.returned();
        int units = Math.min(asked, left);
        if (units < asked) {
            LOG.warnf(
                    "Return %s brings back %d units of order %s line %s, of which only %d are not returned yet;"
                            + " points move for %d",
                    accepted.returnId(), asked, line.orderId(), line.lineId(), left, units);
        }
        if (units <= 0) {
            return Uni.createFrom().item(new Moved(0, 0));
        }
        long takenBack = Apportion.part(line.earned(), line.returned(), units, line.quantity());
        long givenBack = Apportion.part(line.redeemed(), line.returned(), units, line.quantity());
        String account = Ledger.customerAccount(line.customerId());
        String prefix = "return:" + accepted.returnId() + ":line:" + line.lineId();
        return linePoints
                .recordReturn(session, accepted.returnId(), line, units, takenBack, givenBack)
                .chain(applied -> !applied
                        ? Uni.createFrom().item(new Moved(0, 0))
                        : move(session, account, "program:issued", takenBack, "REVERSE", prefix, accepted, actor)
                                .chain(() -> move(
                                        session,
                                        "program:redeemed",
                                        account,
                                        givenBack,
                                        "REFUND",
                                        prefix,
                                        accepted,
                                        actor))
                                .replaceWith(new Moved(takenBack, givenBack)));
    }

    private Uni<Void> move(
            Mutiny.Session session,
            String debit,
            String credit,
            long points,
            String kind,
            String prefix,
            ReturnAccepted accepted,
            String actor) {
        if (points == 0) {
            return Uni.createFrom().voidItem();
        }
        return ledger.post(
                        session,
                        new Ledger.Transfer(
                                debit,
                                credit,
                                points,
                                kind,
                                prefix + ":" + kind,
                                accepted.channel() == null
                                        ? null
                                        : accepted.channel().name(),
                                accepted.locationId(),
                                "return " + accepted.returnId(),
                                actor,
                                false))
                .replaceWithVoid();
    }

    private Uni<Void> announce(
            Mutiny.Session session, ReturnAccepted accepted, String customerId, long takenBack, long givenBack) {
        return ledger.summary(session, customerId)
                .chain(summary -> outbox.append(
                        session,
                        customerId,
                        new PointsReversed(
                                customerId,
                                accepted.returnId(),
                                accepted.orderId(),
                                takenBack,
                                givenBack,
                                summary.map(Ledger.Summary::balance).orElse(0L))))
                .replaceWithVoid();
    }
}
