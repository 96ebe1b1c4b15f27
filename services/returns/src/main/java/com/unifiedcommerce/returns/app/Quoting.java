package com.unifiedcommerce.returns.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.returns.Refund;
import com.unifiedcommerce.platform.money.Apportion;
import com.unifiedcommerce.platform.problem.Problem;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.returns.client.OrderApi;
import com.unifiedcommerce.returns.domain.RefundPlan;
import com.unifiedcommerce.returns.domain.ReturnPolicy;
import com.unifiedcommerce.returns.domain.ReturnRule;

/** A return's quote from what is known of its order: nothing is read or written here. */
final class Quoting {

    private Quoting() {}

    /** The order as the order ledger gave it, what came back of it already, and the points its lines earned. */
    record Facts(
            OrderApi.Order order, Map<String, Integer> returned, long refundedBefore, OrderApi.OrderPoints points) {}

    /**
     * What returning the request's lines gives back, decided per line by the one policy and shared
     * out by the refund plan; a line the policy refuses is a 409 naming it and the rule.
     */
    static Quote decide(ReturnPolicy policy, ReturnRequest request, Facts facts, Instant now) {
        OrderApi.Order order = facts.order();
        Instant fulfilledAt = order.history() == null
                ? null
                : order.history().stream()
                        .filter(h -> "PICKED_UP".equals(h.to()) || "DELIVERED".equals(h.to()))
                        .map(OrderApi.History::at)
                        .findFirst()
                        .orElse(null);
        List<RefundPlan.LineShare> shares = new ArrayList<>();
        List<Quote.QuoteLine> quoted = new ArrayList<>();
        long takenBack = 0;
        for (int i = 0; i < request.lines().size(); i++) {
            ReturnRequest.LineInput input = request.lines().get(i);
            OrderApi.Line line = order.lines().stream()
                    .filter(l -> l.lineId().equals(input.lineId()))
                    .findFirst()
                    .orElse(null);
            int before = facts.returned().getOrDefault(input.lineId(), 0);
            ReturnPolicy.LineFacts lineFacts = line == null
                    ? new ReturnPolicy.LineFacts(false, false, null, 0, 0)
                    : new ReturnPolicy.LineFacts(true, line.returnable(), line.returnDays(), line.quantity(), before);
            Optional<ReturnRule> refused = policy.refusal(fulfilledAt, now, lineFacts, input.quantity());
            if (refused.isPresent()) {
                throw refusal(refused.get(), "lines[" + i + "]");
            }
            RefundPlan.LineShare share = RefundPlan.share(
                    new RefundPlan.Line(
                            line.lineId(), line.quantity(), line.paid().amount(), line.pointsRedeemed()),
                    before,
                    input.quantity());
            shares.add(share);
            long earnedBack = earnedBack(facts.points(), line, input.quantity());
            takenBack += earnedBack;
            quoted.add(new Quote.QuoteLine(
                    line.lineId(),
                    line.sku(),
                    input.quantity(),
                    new Money(share.money(), order.total().currency()),
                    share.points(),
                    earnedBack));
        }
        RefundPlan.Plan plan = RefundPlan.plan(
                shares,
                order.tenders().stream()
                        .map(t -> new RefundPlan.Tender(t.type(), t.amount().amount(), t.reference()))
                        .toList(),
                facts.refundedBefore());
        String currency = order.total().currency();
        return new Quote(
                order.id(),
                request.locationId(),
                quoted,
                plan.tenders().stream()
                        .map(t -> new Refund(t.type(), new Money(t.amount(), currency), t.reference()))
                        .toList(),
                new Money(plan.money(), currency),
                plan.points(),
                takenBack,
                null);
    }

    /** The points the line earned for these units, as loyalty will take them back (its own count of returned units). */
    static long earnedBack(OrderApi.OrderPoints points, OrderApi.Line line, int units) {
        if (points == null) {
            return 0;
        }
        return points.lines().stream()
                .filter(p -> p.lineId().equals(line.lineId()))
                .findFirst()
                .map(p -> Apportion.part(
                        p.earned(), p.returned(), Math.min(units, p.quantity() - p.returned()), p.quantity()))
                .orElse(0L);
    }

    static ProblemException refusal(ReturnRule rule, String field) {
        return new ProblemException(
                ProblemType.CONFLICT,
                "Not returnable: " + rule.words(),
                List.of(new Problem.FieldError(field, rule.words())),
                Map.of("rule", rule.name()));
    }
}
