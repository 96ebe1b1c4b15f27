package com.unifiedcommerce.loyalty.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.loyalty.PointsReversed;
import com.unifiedcommerce.contracts.returns.ReturnAccepted;
import com.unifiedcommerce.contracts.returns.ReturnLine;
import com.unifiedcommerce.loyalty.store.Ledger;
import com.unifiedcommerce.loyalty.store.LinePoints;
import com.unifiedcommerce.loyalty.store.WaitingReturns;
import com.unifiedcommerce.platform.messaging.PermanentFailure;
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

    @Inject
    Ledger ledger;

    @Inject
    LinePoints linePoints;

    @Inject
    Tiers tiers;

    @Inject
    Outbox outbox;

    @Inject
    WaitingReturns waiting;

    @Inject
    ObjectMapper json;

    private record Moved(long takenBack, long givenBack) {}

    /** The returns of an order that waited for its earn, applied now (in the earn's transaction). */
    public Uni<Void> resumeWaiting(Mutiny.Session session, String orderId) {
        return waiting.take(session, orderId).chain(found -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (WaitingReturns.Waiting parked : found) {
                chain = chain.chain(() -> reverse(session, read(parked.payload()), parked.actor()));
            }
            return chain;
        });
    }

    private String write(ReturnAccepted accepted) {
        try {
            return json.writeValueAsString(accepted);
        } catch (JsonProcessingException e) {
            throw new PermanentFailure("Return " + accepted.returnId() + " cannot be kept to wait", e);
        }
    }

    private ReturnAccepted read(String payload) {
        try {
            return json.readValue(payload, ReturnAccepted.class);
        } catch (JsonProcessingException e) {
            throw new PermanentFailure("A waiting return cannot be read back", e);
        }
    }

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
            if (!lines.keySet().containsAll(returned.keySet())) {
                // The pickup or delivery is still on its way (another topic): the return waits for it,
                // and the earn applies it (never dead-lettered, never blocking the partition).
                LOG.infof(
                        "Return %s of order %s waits for the order's pickup or delivery to reach loyalty",
                        accepted.returnId(), accepted.orderId());
                return waiting.park(session, accepted.returnId(), accepted.orderId(), write(accepted), actor)
                        .replaceWithVoid();
            }
            String customerId = known.getFirst().customerId();
            long[] totals = {0, 0};
            return linePoints
                    .appliedLines(session, accepted.returnId(), accepted.orderId())
                    .chain(applied -> reverseLines(session, accepted, returned, lines, applied, totals, actor))
                    .chain(() -> totals[0] + totals[1] == 0
                            ? Uni.createFrom().voidItem()
                            : announce(session, accepted, customerId, totals[0], totals[1]))
                    .chain(() -> tiers.recompute(session, customerId));
        });
    }

    /** Each returned line not yet applied for this return; more units than are left can never pass. */
    private Uni<Void> reverseLines(
            Mutiny.Session session,
            ReturnAccepted accepted,
            Map<String, Integer> returned,
            Map<String, LinePoints.Line> lines,
            List<String> applied,
            long[] totals,
            String actor) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, Integer> entry : returned.entrySet()) {
            LinePoints.Line line = lines.get(entry.getKey());
            if (applied.contains(line.lineId())) {
                continue;
            }
            int left = line.quantity() - line.returned();
            if (entry.getValue() > left) {
                // The returns service counts units in one guarded statement; more than are left
                // means the ledgers disagree. Nothing moves; the event waits on the dead-letter topic.
                throw new PermanentFailure("Return " + accepted.returnId() + " brings back " + entry.getValue()
                        + " units of order " + line.orderId() + " line " + line.lineId() + ", of which only " + left
                        + " are not returned yet");
            }
            chain = chain.chain(() -> reverseLine(session, accepted, line, entry.getValue(), actor)
                    .invoke(moved -> {
                        totals[0] += moved.takenBack();
                        totals[1] += moved.givenBack();
                    })
                    .replaceWithVoid());
        }
        return chain;
    }

    private Uni<Moved> reverseLine(
            Mutiny.Session session, ReturnAccepted accepted, LinePoints.Line line, int units, String actor) {
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
