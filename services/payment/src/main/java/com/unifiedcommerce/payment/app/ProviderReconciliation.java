package com.unifiedcommerce.payment.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.payment.client.CardProvider;
import com.unifiedcommerce.payment.domain.CardPayment;
import com.unifiedcommerce.payment.store.CardPayments;
import com.unifiedcommerce.platform.invariants.InvariantReport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Our payments against the provider's books: for every payment the provider authorised, its
 * record must agree with ours, allowing for what is in flight (a capture asked and not yet
 * answered, a refund settled by the provider whose webhook has not arrived). A page of payments at
 * a time, one provider call each, a few at once.
 */
@ApplicationScoped
public class ProviderReconciliation {

    static final String RULE =
            "the provider's record of each authorisation agrees with ours: captured, refunded, voided";
    private static final int PAGE = 200;
    private static final int AT_ONCE = 4;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    CardPayments payments;

    @Inject
    CardProvider provider;

    public Uni<InvariantReport.Result> compare() {
        List<String> disagreements = new ArrayList<>();
        return page("", disagreements)
                .map(done -> new InvariantReport.Result(
                        "provider-agrees",
                        RULE,
                        disagreements.size(),
                        disagreements.stream().limit(10).toList()));
    }

    private Uni<Void> page(String after, List<String> disagreements) {
        return sessions.withSession(session -> payments.authorisedAfter(session, after, PAGE))
                .chain(page -> Multi.createFrom()
                        .iterable(page)
                        .onItem()
                        .transformToUni(payment ->
                                provider.record(payment.providerRef()).map(record -> disagreement(payment, record)))
                        .merge(AT_ONCE)
                        .collect()
                        .asList()
                        .chain(found -> {
                            found.stream().filter(f -> !f.isEmpty()).forEach(disagreements::add);
                            return page.size() < PAGE
                                    ? Uni.createFrom().voidItem()
                                    : page(page.getLast().orderId(), disagreements);
                        }));
    }

    /** Empty when the provider's record agrees with the payment; else what differs. */
    static String disagreement(CardPayment ours, Map<String, Object> theirs) {
        if (theirs == null) {
            return ours.orderId() + ": the provider has no authorisation " + ours.providerRef();
        }
        long captured = ((Number) theirs.getOrDefault("captured", 0)).longValue();
        long refunded = ((Number) theirs.getOrDefault("refunded", 0)).longValue();
        boolean voided = "VOIDED".equals(theirs.get("status"));
        List<String> off = new ArrayList<>();
        if (captured < ours.captured() || captured > ours.captured() + ours.capturing()) {
            off.add("captured " + ours.captured() + " here, " + captured + " there");
        }
        if (refunded < ours.refunded() || refunded > ours.refunded() + ours.refunding()) {
            off.add("refunded " + ours.refunded() + " here, " + refunded + " there");
        }
        if (voided != (ours.status() == CardPayment.Status.VOIDED)
                && !(voided && ours.status() == CardPayment.Status.AUTHORISED)) {
            off.add(ours.status() + " here, " + theirs.get("status") + " there");
        }
        return off.isEmpty() ? "" : ours.orderId() + ": " + String.join("; ", off);
    }
}
