package com.unifiedcommerce.customer.app;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.customers.ConsentChanged;
import com.unifiedcommerce.contracts.customers.CustomerErased;
import com.unifiedcommerce.customer.domain.ContactChannel;
import com.unifiedcommerce.customer.domain.Identities;
import com.unifiedcommerce.customer.domain.LoyaltyCard;
import com.unifiedcommerce.customer.store.NotificationStore;
import com.unifiedcommerce.customer.store.ProfileOutbox;
import com.unifiedcommerce.customer.store.Profiles;
import com.unifiedcommerce.customer.store.TimelineStore;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.security.Caller;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Profiles without transactions: reading and resolving them, changes, erasure, and the identity
 * claims every profile's identities go through. Each operation is a sequence of single-document
 * atomic steps that can be repeated. Sign-up and enrolment are {@link Registrations}, folding one
 * profile into another {@link Merges}.
 */
@ApplicationScoped
public class Customers {

    @Inject
    Profiles profiles;

    @Inject
    ProfileOutbox outbox;

    @Inject
    TimelineStore timeline;

    @Inject
    NotificationStore notifications;

    @ConfigProperty(name = "customer.phone.default-country-code", defaultValue = "33")
    String defaultCountryCode;

    /** Claims each identity for the customer, adding its key to {@code claimed}; one held by another is a 409 naming the field. */
    void claimAll(String customerId, String field, Identities.Kind kind, List<String> values, List<String> claimed) {
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

    /** Draws a loyalty card number no one holds and claims it. */
    String issueCard(String customerId, List<String> claimed) {
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
                sets.add(
                        Updates.set("consents." + e.getKey().name(), consentRecord(e.getValue(), channel, store, now)));
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

    static void requireActive(Document profile) {
        if (!"ACTIVE".equals(profile.getString("status"))) {
            throw ProblemException.conflict(
                    "Customer " + profile.getString("_id") + " is " + profile.getString("status"), Map.of());
        }
    }

    /** The phones, normalised (the default country code when none is given) and each once; a bad one names its index. */
    List<String> phones(String field, List<String> raw) {
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

    static Document consentRecord(boolean granted, Channel channel, String store, Date at) {
        return new Document("granted", granted)
                .append("at", at)
                .append("channel", channel.name())
                .append("locationId", store);
    }

    static String normalise(java.util.function.Supplier<String> rule) {
        try {
            return rule.get();
        } catch (Identities.Invalid invalid) {
            throw ProblemException.invalid(invalid.field(), invalid.getMessage());
        }
    }

    static UUID uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }
}
