package com.unifiedcommerce.customer.app;

import static com.unifiedcommerce.customer.app.Customers.requireActive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.unifiedcommerce.contracts.customers.CustomersMerged;
import com.unifiedcommerce.customer.domain.Profile;
import com.unifiedcommerce.customer.store.ProfileCodec;
import com.unifiedcommerce.customer.store.ProfileCodec.Fields;
import com.unifiedcommerce.customer.store.ProfileOutbox;
import com.unifiedcommerce.customer.store.Profiles;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
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
    public Profile merge(Caller who, String survivorId, String mergedId, String proof) {
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
        Profile merged = profiles.find(mergedId).orElseThrow(() -> ProblemException.notFound("Customer " + mergedId));
        String enrolledAt = merged.registeredAt();
        if (enrolledAt == null || !enrolledAt.equals(who.storeId())) {
            throw new ProblemException(
                    ProblemType.FORBIDDEN, "A profile is folded by the store that enrolled it, or by its customer");
        }
        verifications.spend(proof, mergedId, who.storeId(), null, cause);
    }

    /** The merge itself, once its owner agreed (or a verified email at sign-up shows it is theirs). */
    Profile fold(Caller who, String survivorId, String mergedId) {
        if (survivorId.equals(mergedId)) {
            throw ProblemException.invalid("customerId", "is the profile itself");
        }
        Profile survivor = customers.profile(survivorId);
        Profile merged = profiles.find(mergedId).orElseThrow(() -> ProblemException.notFound("Customer " + mergedId));
        if (merged.status() == Profile.Status.MERGED) {
            if (survivorId.equals(merged.mergedInto())) {
                return survivor;
            }
            throw ProblemException.conflict("Customer " + mergedId + " was merged into another profile", Map.of());
        }
        requireActive(survivor);
        requireActive(merged);
        if (!merged.guest()) {
            throw ProblemException.invalid(
                    "customerId", "has a sign-in of its own; only a profile without one can be folded into another");
        }
        Map<String, List<String>> moved = new LinkedHashMap<>();
        moved.put(ProfileCodec.Fields.EMAILS, merged.emails());
        moved.put(ProfileCodec.Fields.PHONES, merged.phones());
        moved.put(ProfileCodec.Fields.CARDS, merged.cards());
        moved.put(ProfileCodec.Fields.POS_IDS, merged.posIds());
        Profile.Merge record = new Profile.Merge(mergedId, who.subject(), Instant.now(), moved);
        List<Bson> changes = new ArrayList<>();
        moved.forEach((list, values) -> changes.add(Updates.addEachToSet(list, values)));
        changes.add(Updates.push(Fields.MERGES, ProfileCodec.merge(record)));
        changes.add(Updates.push(Fields.MERGED_IDS, mergedId));
        // The commit point: once, guarded by the merged id not being recorded yet.
        boolean recorded = profiles.update(
                survivorId,
                Filters.and(
                        Filters.eq(Fields.STATUS, Profile.Status.ACTIVE.name()),
                        Filters.ne(Fields.MERGED_IDS, mergedId)),
                Updates.combine(changes),
                List.of(outbox.event(new CustomersMerged(survivorId, mergedId), survivorId)));
        if (!recorded && !customers.profile(survivorId).mergedIds().contains(mergedId)) {
            // Neither recorded now nor by an earlier try: the survivor stopped being active meanwhile.
            throw ProblemException.conflict(
                    "Customer " + survivorId + " changed meanwhile; nothing was merged", Map.of());
        }
        profiles.moveClaims(mergedId, survivorId);
        profiles.update(
                mergedId,
                Filters.eq(Fields.STATUS, Profile.Status.ACTIVE.name()),
                Updates.combine(
                        Updates.set(Fields.STATUS, Profile.Status.MERGED.name()),
                        Updates.set(Fields.MERGED_INTO, survivorId),
                        Updates.set(Fields.EMAILS, List.of()),
                        Updates.set(Fields.PHONES, List.of()),
                        Updates.set(Fields.CARDS, List.of()),
                        Updates.set(Fields.POS_IDS, List.of())),
                List.of());
        return customers.profile(survivorId);
    }
}
