package com.unifiedcommerce.customer.app;

import static com.unifiedcommerce.customer.app.Customers.requireActive;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.unifiedcommerce.contracts.customers.CustomersMerged;
import com.unifiedcommerce.customer.store.ProfileOutbox;
import com.unifiedcommerce.customer.store.Profiles;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Folding a profile without a sign-in (a guest or a counter enrolment) into another, once its owner
 * agreed: its identities move, the merge is recorded and announced (CustomersMerged: loyalty moves
 * the points, the order ledger the orders). Repeating a merge changes nothing more.
 */
@ApplicationScoped
public class Merges {

    @Inject
    Customers customers;

    @Inject
    Profiles profiles;

    @Inject
    ProfileOutbox outbox;

    @Inject
    Verifications verifications;

    /**
     * Folds a profile without a sign-in (a guest or a counter enrolment) into another: its
     * identities move, the merge is recorded and announced (CustomersMerged: loyalty moves the
     * points, the order ledger the orders). Repeating it changes nothing more.
     */
    public Document merge(Caller who, String survivorId, String mergedId, String proof) {
        if (survivorId.equals(mergedId)) {
            throw ProblemException.invalid("customerId", "is the profile itself");
        }
        consent(who, survivorId, mergedId, proof);
        return fold(who, survivorId, mergedId);
    }

    /**
     * Folding a profile moves its points, orders and identities away from it, so its owner must
     * agree: admin may always; a signed-in customer folds into their own profile with a code the
     * folded profile's identity received; store staff fold a profile enrolled at their store, with a
     * code the customer received at the counter. The proof is spent on this merge (a repeat may use
     * it again).
     */
    private void consent(Caller who, String survivorId, String mergedId, String proof) {
        if (who.has(Caller.ADMIN)) {
            return;
        }
        String cause = "merge:" + survivorId;
        if (who.has(Caller.CUSTOMER) && !who.has(Caller.ASSOCIATE) && !who.has(Caller.MANAGER)) {
            Access.require(Access.toCustomer(who, survivorId), "Customer " + survivorId);
            verifications.spend(proof, mergedId, null, who.subject(), cause);
            return;
        }
        if (!who.has(Caller.ASSOCIATE) && !who.has(Caller.MANAGER)) {
            Access.require(Access.Decision.FORBIDDEN, "Customer " + mergedId);
        }
        Document merged = profiles.find(mergedId).orElseThrow(() -> ProblemException.notFound("Customer " + mergedId));
        String enrolledAt = merged.getString("registeredAt");
        if (enrolledAt == null || !enrolledAt.equals(who.storeId())) {
            throw new ProblemException(
                    ProblemType.FORBIDDEN, "A profile is folded by the store that enrolled it, or by its customer");
        }
        verifications.spend(proof, mergedId, who.storeId(), null, cause);
    }

    /** The merge itself, once its owner agreed (or a verified email at sign-up shows it is theirs). */
    Document fold(Caller who, String survivorId, String mergedId) {
        if (survivorId.equals(mergedId)) {
            throw ProblemException.invalid("customerId", "is the profile itself");
        }
        Document survivor = customers.profile(survivorId);
        Document merged = profiles.find(mergedId).orElseThrow(() -> ProblemException.notFound("Customer " + mergedId));
        if ("MERGED".equals(merged.getString("status"))) {
            if (survivorId.equals(merged.getString("mergedInto"))) {
                return survivor;
            }
            throw ProblemException.conflict("Customer " + mergedId + " was merged into another profile", Map.of());
        }
        requireActive(survivor);
        requireActive(merged);
        if (!merged.getBoolean("guest", false)) {
            throw ProblemException.invalid(
                    "customerId", "has a sign-in of its own; only a profile without one can be folded into another");
        }
        Document moved = new Document();
        for (String list : List.of("emails", "phones", "cards", "posIds")) {
            moved.append(list, merged.getList(list, String.class, List.of()));
        }
        Document record = new Document("mergedId", mergedId)
                .append("by", who.subject())
                .append("at", new Date())
                .append("moved", moved);
        List<Bson> changes = new ArrayList<>();
        for (String list : List.of("emails", "phones", "cards", "posIds")) {
            changes.add(Updates.addEachToSet(list, moved.getList(list, String.class)));
        }
        changes.add(Updates.push("merges", record));
        changes.add(Updates.push("mergedIds", mergedId));
        // The commit point: once, guarded by the merged id not being recorded yet.
        boolean recorded = profiles.update(
                survivorId,
                Filters.and(Filters.eq("status", "ACTIVE"), Filters.ne("mergedIds", mergedId)),
                Updates.combine(changes),
                List.of(outbox.event(new CustomersMerged(survivorId, mergedId), survivorId)));
        if (!recorded
                && !customers
                        .profile(survivorId)
                        .getList("mergedIds", String.class, List.of())
                        .contains(mergedId)) {
            // Neither recorded now nor by an earlier try: the survivor stopped being active meanwhile.
            throw ProblemException.conflict(
                    "Customer " + survivorId + " changed meanwhile; nothing was merged", Map.of());
        }
        profiles.moveClaims(mergedId, survivorId);
        profiles.update(
                mergedId,
                Filters.eq("status", "ACTIVE"),
                Updates.combine(
                        Updates.set("status", "MERGED"),
                        Updates.set("mergedInto", survivorId),
                        Updates.set("emails", List.of()),
                        Updates.set("phones", List.of()),
                        Updates.set("cards", List.of()),
                        Updates.set("posIds", List.of())),
                List.of());
        return customers.profile(survivorId);
    }
}
