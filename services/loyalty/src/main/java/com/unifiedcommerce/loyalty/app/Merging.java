package com.unifiedcommerce.loyalty.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.customers.CustomersMerged;
import com.unifiedcommerce.loyalty.store.Ledger;
import com.unifiedcommerce.loyalty.store.LinePoints;
import com.unifiedcommerce.loyalty.store.PointHolds;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A customer folded into another: the folded account's whole balance moves to the survivor in
 * one transfer (source {@code merge:<merged>:<survivor>}, so at most once whatever the
 * redeliveries; a negative balance moves as a debt), its waiting holds and their held points move
 * with it (a checkout in flight captures from the survivor), the folded account points to the
 * survivor's (a late earn lands there), its order lines count for the survivor from now on
 * (returns reverse there, spend qualifies there), and the survivor's tier is recomputed.
 * Decision: the moved points are credited on the day of the merge, so they expire counting from
 * then (the ledger keeps no per-point age to carry over).
 */
@ApplicationScoped
public class Merging {

    @Inject
    Ledger ledger;

    @Inject
    LinePoints linePoints;

    @Inject
    PointHolds holds;

    @Inject
    Tiers tiers;

    public Uni<Void> merged(Mutiny.Session session, CustomersMerged merged, String actor) {
        String from = merged.mergedId();
        String to = merged.survivorId();
        // The folded account is opened even when it never held a point, so that it records where its
        // points go: an earn for the folded customer arriving after the merge is sent to the survivor.
        return ledger.open(session, from)
                .chain(() -> ledger.open(session, to))
                .chain(() -> ledger.lockBalance(session, from))
                .chain(balance -> {
                    long points = balance.orElse(0L);
                    if (points == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    String debit = Ledger.customerAccount(points > 0 ? from : to);
                    String credit = Ledger.customerAccount(points > 0 ? to : from);
                    return ledger.post(
                                    session,
                                    new Ledger.Transfer(
                                            debit,
                                            credit,
                                            Math.abs(points),
                                            "MERGE",
                                            "merge:" + from + ":" + to,
                                            null,
                                            null,
                                            "customer " + from + " merged into " + to,
                                            actor,
                                            false))
                            .replaceWithVoid();
                })
                .chain(() -> holds.moveHeld(session, from, to))
                .chain(() -> ledger.mergeInto(session, from, to))
                .chain(() -> linePoints.repoint(session, from, to))
                .chain(() -> tiers.recompute(session, to));
    }
}
