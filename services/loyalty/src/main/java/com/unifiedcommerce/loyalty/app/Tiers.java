package com.unifiedcommerce.loyalty.app;

import java.time.Instant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.loyalty.TierChanged;
import com.unifiedcommerce.loyalty.domain.Programme;
import com.unifiedcommerce.loyalty.store.Ledger;
import com.unifiedcommerce.loyalty.store.LinePoints;
import com.unifiedcommerce.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/** Recomputes a customer's tier from the qualifying spend, up or down, and announces a change. */
@ApplicationScoped
public class Tiers {

    @Inject
    Programme programme;

    @Inject
    LinePoints lines;

    @Inject
    Ledger ledger;

    @Inject
    Outbox outbox;

    public Uni<Void> recompute(Mutiny.Session session, String customerId) {
        return lines.qualifyingSpend(session, customerId, programme.spendSince(Instant.now()))
                .map(spend -> programme.tiers().tierFor(spend).name())
                .chain(tier -> ledger.changeTier(session, customerId, tier)
                        .chain(previous -> previous.isEmpty()
                                ? Uni.createFrom().voidItem()
                                : outbox.append(session, customerId, new TierChanged(customerId, previous.get(), tier))
                                        .replaceWithVoid()));
    }
}
