package com.unifiedcommerce.customer.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.customers.ConsentChanged;
import com.unifiedcommerce.contracts.customers.CustomerErased;
import com.unifiedcommerce.contracts.customers.CustomerRegistered;
import com.unifiedcommerce.contracts.customers.CustomersMerged;
import com.unifiedcommerce.customer.api.CustomerRequests;
import com.unifiedcommerce.customer.client.SignInLink;
import com.unifiedcommerce.customer.domain.ContactChannel;
import com.unifiedcommerce.customer.domain.Identities;
import com.unifiedcommerce.customer.domain.LoyaltyCard;
import com.unifiedcommerce.customer.store.NotificationStore;
import com.unifiedcommerce.customer.store.ProfileOutbox;
import com.unifiedcommerce.customer.store.Profiles;
import com.unifiedcommerce.customer.store.TimelineStore;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Profiles without transactions. Each operation is a sequence of single-document atomic steps
 * that can be repeated: a sign-up's id comes from the person's Keycloak id (an enrolment's from
 * its Idempotency-Key), identities are claimed one by one (a claim held by someone else stops the
 * sign-up and gives back what it claimed), and the profile with its first events is one insert.
 */
@ApplicationScoped
public class Customers {

    private static final Logger LOG = Logger.getLogger(Customers.class);

    @Inject
    Profiles profiles;

    @Inject
    ProfileOutbox outbox;

    @Inject
    TimelineStore timeline;

    @Inject
    SignInLink signIn;

    @Inject
    Verifications verifications;

    @Inject
    NotificationStore notifications;

    @ConfigProperty(name = "customer.phone.default-country-code", defaultValue = "33")
    String defaultCountryCode;

    /** The profile, and whether this call created it (201) or found it (200). */
    public record Saved(Document profile, boolean created) {}

    // ---- sign-up and enrolment -------------------------------------------------------------

    /**
     * A person who registered with Keycloak signs up with their token; the login email is the
     * token's. When that email, verified by Keycloak, belongs to a profile enrolled at a counter
     * (no sign-in), the sign-up claims it: the enrolment is folded into the new profile, so its
     * orders and points follow.
     */
    public Saved signUp(Caller who, String tokenEmail, boolean emailVerified, CustomerRequests.Registration r) {
        // A sign-in already linked to a customer id (an account the realm's administrators made,
        // such as the demo customers) signs up under that id; others get one from their sign-in.
        boolean linked = who.customerId() != null;
        String customerId = linked ? who.customerId() : "cus-" + uuid("signup|" + who.subject());
        Optional<Document> existing = profiles.find(customerId);
        if (existing.isPresent()) {
            if (!linked) {
                link(who.subject(), customerId);
            }
            return new Saved(existing.get(), false);
        }
        if (tokenEmail == null && r.email() == null) {
            throw ProblemException.invalid("email", "is required when your sign-in has none");
        }
        String email = normalise(() -> Identities.email("email", tokenEmail != null ? tokenEmail : r.email()));
        if (tokenEmail != null
                && r.email() != null
                && !email.equals(normalise(() -> Identities.email("email", r.email())))) {
            throw ProblemException.invalid("email", "is your sign-in's email; change it in your account, not here");
        }
        String enrolled = emailVerified && tokenEmail != null ? enrolledWith(email, customerId) : null;
        Document profile =
                newProfile(customerId, r, enrolled == null ? List.of(email) : List.of(), false, r.channel(), null);
        profile.append("keycloakUserId", who.subject());
        Saved saved = create(profile, r.channel(), null);
        if (enrolled != null) {
            saved = new Saved(fold(who, customerId, enrolled), saved.created());
        }
        if (!linked) {
            link(who.subject(), customerId);
        }
        return saved;
    }

    /**
     * A profile for a sign-in the realm already linked to {@code customerId} (the demo customers):
     * created once, with the sign-in's email; emits whether this call created it.
     */
    public boolean seed(String customerId, String firstName, String lastName, String email) {
        if (profiles.find(customerId).isPresent()) {
            return false;
        }
        CustomerRequests.Registration r = new CustomerRequests.Registration(
                firstName, lastName, email, null, null, Channel.WEB, null, null, null, null);
        String normalised = normalise(() -> Identities.email("email", email));
        return create(newProfile(customerId, r, List.of(normalised), false, Channel.WEB, null), Channel.WEB, null)
                .created();
    }

    /** The counter enrolment (active, without a sign-in) holding this email, if another profile holds it. */
    private String enrolledWith(String email, String customerId) {
        return profiles.holder(Identities.key(Identities.Kind.EMAIL, email))
                .filter(holder -> !holder.equals(customerId))
                .flatMap(profiles::find)
                .filter(p -> "ACTIVE".equals(p.getString("status")) && p.getBoolean("guest", false))
                .map(p -> p.getString("_id"))
                .orElse(null);
    }

    /** An associate enrols a customer at the counter: a profile without a login, for their store. */
    public Saved enrol(Caller who, String key, CustomerRequests.Registration r, String requestHash) {
        String customerId = "cus-" + (key == null ? UUID.randomUUID() : uuid("enrol|" + who.subject() + "|" + key));
        Optional<Document> existing = profiles.find(customerId);
        if (existing.isPresent()) {
            String first = existing.get().getString("enrolmentHash");
            if (first != null && !first.equals(requestHash)) {
                throw new ProblemException(
                        ProblemType.IDEMPOTENCY_KEY_REUSED,
                        "This Idempotency-Key enrolled another customer; use a new key for a new enrolment");
            }
            return new Saved(existing.get(), false);
        }
        if (r.email() == null && (r.phones() == null || r.phones().isEmpty()) && r.posId() == null) {
            throw ProblemException.invalid("email", "give an email, a phone or a POS id to recognise the customer by");
        }
        List<String> emails =
                r.email() == null ? List.of() : List.of(normalise(() -> Identities.email("email", r.email())));
        String store = who.storeId() != null ? who.storeId() : r.preferredStore();
        Document profile = newProfile(customerId, r, emails, true, Channel.STORE, store);
        profile.append("enrolmentHash", requestHash);
        return create(profile, Channel.STORE, store);
    }

    private Document newProfile(
            String customerId,
            CustomerRequests.Registration r,
            List<String> emails,
            boolean guest,
            Channel channel,
            String store) {
        List<String> phones = phones("phones", r.phones());
        List<String> posIds =
                r.posId() == null ? List.of() : List.of(normalise(() -> Identities.posId("posId", r.posId())));
        Date now = new Date();
        Document consents = new Document();
        if (r.consents() != null) {
            r.consents()
                    .forEach((contact, granted) ->
                            consents.append(contact.name(), consent(granted, channel, store, now)));
        }
        return new Document("_id", customerId)
                .append("status", "ACTIVE")
                .append("guest", guest)
                .append("firstName", r.firstName())
                .append("lastName", r.lastName())
                .append("emails", emails)
                .append("phones", phones)
                .append("cards", List.of())
                .append("posIds", posIds)
                .append("addresses", List.of())
                .append("consents", consents)
                .append("preferredStore", r.preferredStore() != null ? r.preferredStore() : store)
                .append(
                        "preferredChannel",
                        r.preferredChannel() == null
                                ? null
                                : r.preferredChannel().name())
                .append("language", r.language())
                .append("registeredChannel", channel.name())
                .append("registeredAt", store)
                .append("mergedIds", List.of())
                .append("merges", List.of())
                .append("createdAt", now)
                .append("updatedAt", now);
    }

    /** Claims every identity and a new card, then inserts the profile with its events. */
    private Saved create(Document profile, Channel channel, String store) {
        String customerId = profile.getString("_id");
        List<String> claimed = new ArrayList<>();
        try {
            claimAll(customerId, "emails", Identities.Kind.EMAIL, profile.getList("emails", String.class), claimed);
            claimAll(customerId, "phones", Identities.Kind.PHONE, profile.getList("phones", String.class), claimed);
            claimAll(customerId, "posId", Identities.Kind.POS, profile.getList("posIds", String.class), claimed);
            String card = issueCard(customerId, claimed);
            profile.put("cards", List.of(card));
            List<Document> events = new ArrayList<>();
            events.add(outbox.event(
                    new CustomerRegistered(customerId, channel, store, profile.getBoolean("guest"), card), customerId));
            Document consents = profile.get("consents", Document.class);
            consents.forEach((contact, value) -> events.add(outbox.event(
                    new ConsentChanged(customerId, contact, ((Document) value).getBoolean("granted"), channel, store),
                    customerId)));
            profile.append("outbox", events).append("pending", true);
            if (!profiles.insert(profile)) {
                // The same person or key, a moment earlier: theirs is the profile.
                return new Saved(profiles.find(customerId).orElseThrow(), false);
            }
            return new Saved(profile, true);
        } catch (RuntimeException e) {
            if (profiles.find(customerId).isEmpty()) {
                profiles.release(claimed, customerId);
            }
            throw e;
        }
    }

    private void claimAll(
            String customerId, String field, Identities.Kind kind, List<String> values, List<String> claimed) {
        for (String value : values) {
            String key = Identities.key(kind, value);
            String holder = profiles.claim(key, customerId);
            if (!holder.equals(customerId)) {
                throw new ProblemException(
                        ProblemType.CONFLICT,
                        field + ": " + value + " already belongs to another customer",
                        List.of(new com.unifiedcommerce.platform.problem.Problem.FieldError(
                                field, "already belongs to another customer")),
                        Map.of());
            }
            claimed.add(key);
        }
    }

    private String issueCard(String customerId, List<String> claimed) {
        for (int attempt = 0; attempt < 5; attempt++) {
            String card = LoyaltyCard.issue();
            String key = Identities.key(Identities.Kind.CARD, card);
            if (profiles.claim(key, customerId).equals(customerId)) {
                claimed.add(key);
                return card;
            }
        }
        throw new IllegalStateException("no free loyalty card number after five draws");
    }

    private void link(String userId, String customerId) {
        try {
            signIn.link(userId, customerId);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Profile %s exists but its sign-in %s could not be linked", customerId, userId);
            throw new ProblemException(
                    ProblemType.UNAVAILABLE,
                    "Your profile " + customerId + " is saved but your sign-in could not be linked yet; sign up again"
                            + " in a moment (nothing is created twice)");
        }
    }

    // ---- reading, resolving --------------------------------------------------------------

    /** Whether a profile exists under the id (in any state). */
    public boolean exists(String customerId) {
        return profiles.find(customerId).isPresent();
    }

    public Document profile(String customerId) {
        return profiles.find(customerId)
                .filter(p -> !"MERGED".equals(p.getString("status")))
                .orElseThrow(() -> ProblemException.notFound("Customer " + customerId));
    }

    /** Exactly one of email, phone or card to the customer holding it (the survivor after a merge). */
    public Document resolve(CustomerRequests.Resolve r) {
        int given = (r.email() == null ? 0 : 1) + (r.phone() == null ? 0 : 1) + (r.card() == null ? 0 : 1);
        if (given != 1) {
            throw ProblemException.invalid("email", "give exactly one of email, phone or card");
        }
        String key = r.email() != null
                ? Identities.key(Identities.Kind.EMAIL, normalise(() -> Identities.email("email", r.email())))
                : r.phone() != null
                        ? Identities.key(
                                Identities.Kind.PHONE,
                                normalise(() -> Identities.phone("phone", r.phone(), defaultCountryCode)))
                        : Identities.key(Identities.Kind.CARD, normalise(() -> Identities.card("card", r.card())));
        String holder =
                profiles.holder(key).orElseThrow(() -> ProblemException.notFound("Customer with that identity"));
        Document found =
                profiles.find(holder).orElseThrow(() -> ProblemException.notFound("Customer with that identity"));
        if ("MERGED".equals(found.getString("status"))) {
            return profile(found.getString("mergedInto"));
        }
        if (!"ACTIVE".equals(found.getString("status"))) {
            throw ProblemException.notFound("Customer with that identity");
        }
        return found;
    }

    // ---- changes -------------------------------------------------------------------------

    /** Changes one's own profile; consents changed are recorded with when and where, and announced. */
    public Document change(Caller who, String customerId, CustomerRequests.Change c) {
        Document current = profile(customerId);
        requireActive(current);
        Channel channel = c.channel() != null ? c.channel() : who.storeId() != null ? Channel.STORE : Channel.WEB;
        String store = channel == Channel.STORE ? who.storeId() : null;
        List<Bson> sets = new ArrayList<>();
        if (c.firstName() != null) {
            sets.add(Updates.set("firstName", c.firstName()));
        }
        if (c.lastName() != null) {
            sets.add(Updates.set("lastName", c.lastName()));
        }
        if (c.preferredStore() != null) {
            sets.add(Updates.set("preferredStore", c.preferredStore()));
        }
        if (c.preferredChannel() != null) {
            sets.add(Updates.set("preferredChannel", c.preferredChannel().name()));
        }
        if (c.language() != null) {
            sets.add(Updates.set("language", c.language()));
        }
        if (c.addresses() != null) {
            sets.add(Updates.set(
                    "addresses",
                    c.addresses().stream()
                            .map(a -> new Document("label", a.label())
                                    .append("line1", a.line1())
                                    .append("line2", a.line2())
                                    .append("postalCode", a.postalCode())
                                    .append("city", a.city())
                                    .append("country", a.country()))
                            .toList()));
        }
        List<String> released = new ArrayList<>();
        if (c.phones() != null) {
            List<String> phones = phones("phones", c.phones());
            List<String> before = current.getList("phones", String.class, List.of());
            List<String> claimed = new ArrayList<>();
            try {
                claimAll(
                        customerId,
                        "phones",
                        Identities.Kind.PHONE,
                        phones.stream().filter(p -> !before.contains(p)).toList(),
                        claimed);
            } catch (RuntimeException e) {
                profiles.release(claimed, customerId);
                throw e;
            }
            before.stream()
                    .filter(p -> !phones.contains(p))
                    .forEach(p -> released.add(Identities.key(Identities.Kind.PHONE, p)));
            sets.add(Updates.set("phones", phones));
        }
        List<Document> events = new ArrayList<>();
        if (c.consents() != null) {
            Date now = new Date();
            Document consents = current.get("consents", Document.class);
            for (Map.Entry<ContactChannel, Boolean> e : c.consents().entrySet()) {
                Document was = consents == null ? null : consents.get(e.getKey().name(), Document.class);
                if (was != null && was.getBoolean("granted").equals(e.getValue())) {
                    continue;
                }
                sets.add(Updates.set("consents." + e.getKey().name(), consent(e.getValue(), channel, store, now)));
                events.add(outbox.event(
                        new ConsentChanged(customerId, e.getKey().name(), e.getValue(), channel, store), customerId));
            }
        }
        if (!sets.isEmpty()
                && !profiles.update(customerId, Filters.eq("status", "ACTIVE"), Updates.combine(sets), events)) {
            throw ProblemException.conflict("The profile changed meanwhile; read it and retry", Map.of());
        }
        profiles.release(released, customerId);
        return profile(customerId);
    }

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
    private Document fold(Caller who, String survivorId, String mergedId) {
        if (survivorId.equals(mergedId)) {
            throw ProblemException.invalid("customerId", "is the profile itself");
        }
        Document survivor = profile(survivorId);
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
                && !profile(survivorId)
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
        return profile(survivorId);
    }

    /**
     * Erasure on request: the identities are given up and removed, names, addresses and consents
     * cleared; the id stays, so the order and points ledgers keep their references; timeline
     * entries lose their details; CustomerErased tells the order ledger to drop the shipping
     * addresses it keeps. The sign-in itself is Keycloak's to delete.
     */
    public Document erase(String customerId) {
        Document current = profile(customerId);
        if ("ERASED".equals(current.getString("status"))) {
            return current;
        }
        List<String> keys = new ArrayList<>();
        current.getList("emails", String.class, List.of())
                .forEach(v -> keys.add(Identities.key(Identities.Kind.EMAIL, v)));
        current.getList("phones", String.class, List.of())
                .forEach(v -> keys.add(Identities.key(Identities.Kind.PHONE, v)));
        current.getList("cards", String.class, List.of())
                .forEach(v -> keys.add(Identities.key(Identities.Kind.CARD, v)));
        current.getList("posIds", String.class, List.of())
                .forEach(v -> keys.add(Identities.key(Identities.Kind.POS, v)));
        profiles.update(
                customerId,
                null,
                Updates.combine(
                        Updates.set("status", "ERASED"),
                        Updates.set("erasedAt", new Date()),
                        Updates.unset("firstName"),
                        Updates.unset("lastName"),
                        Updates.set("emails", List.of()),
                        Updates.set("phones", List.of()),
                        Updates.set("cards", List.of()),
                        Updates.set("posIds", List.of()),
                        Updates.set("addresses", List.of()),
                        Updates.set("consents", new Document())),
                List.of(outbox.event(new CustomerErased(customerId), customerId)));
        profiles.release(keys, customerId);
        timeline.erase(customerId);
        notifications.erase(customerId);
        return profile(customerId);
    }

    // ---- helpers -------------------------------------------------------------------------

    private static void requireActive(Document profile) {
        if (!"ACTIVE".equals(profile.getString("status"))) {
            throw ProblemException.conflict(
                    "Customer " + profile.getString("_id") + " is " + profile.getString("status"), Map.of());
        }
    }

    private List<String> phones(String field, List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        Set<String> phones = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String at = field + "[" + i + "]";
            String value = raw.get(i);
            phones.add(normalise(() -> Identities.phone(at, value, defaultCountryCode)));
        }
        return List.copyOf(phones);
    }

    private static Document consent(boolean granted, Channel channel, String store, Date at) {
        return new Document("granted", granted)
                .append("at", at)
                .append("channel", channel.name())
                .append("locationId", store);
    }

    private static String normalise(java.util.function.Supplier<String> rule) {
        try {
            return rule.get();
        } catch (Identities.Invalid invalid) {
            throw ProblemException.invalid(invalid.field(), invalid.getMessage());
        }
    }

    private static UUID uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    /** Staff and services may resolve and merge; customers may not. */
    public static void requireStaff(Caller who) {
        Access.require(Access.staff(who), "Customers");
    }
}
