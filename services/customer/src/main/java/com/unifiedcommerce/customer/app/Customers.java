package com.unifiedcommerce.customer.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.customers.ConsentChanged;
import com.unifiedcommerce.contracts.customers.CustomerErased;
import com.unifiedcommerce.customer.domain.ContactChannel;
import com.unifiedcommerce.customer.domain.Identities;
import com.unifiedcommerce.customer.domain.LoyaltyCard;
import com.unifiedcommerce.customer.domain.Profile;
import com.unifiedcommerce.customer.store.NotificationStore;
import com.unifiedcommerce.customer.store.ProfileCodec;
import com.unifiedcommerce.customer.store.ProfileCodec.Fields;
import com.unifiedcommerce.customer.store.ProfileOutbox;
import com.unifiedcommerce.customer.store.Profiles;
import com.unifiedcommerce.customer.store.TimelineStore;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.security.Caller;
import io.quarkus.runtime.StartupEvent;
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

    /** Where a national phone number (a leading 0) is read. */
    @ConfigProperty(name = "customer.phone.default-region", defaultValue = "FR")
    String defaultRegion;

    /** An unknown region would leave every national number unreadable: the service does not start with one. */
    void checkRegion(@Observes StartupEvent started) {
        Identities.region("customer.phone.default-region", defaultRegion);
    }

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

    public Profile profile(String customerId) {
        return profiles.find(customerId)
                .filter(p -> p.status() != Profile.Status.MERGED)
                .orElseThrow(() -> ProblemException.notFound("Customer " + customerId));
    }

    /** Exactly one of email, phone or card to the customer holding it (the survivor after a merge). */
    public Profile resolve(CustomerRequests.Resolve r) {
        int given = (r.email() == null ? 0 : 1) + (r.phone() == null ? 0 : 1) + (r.card() == null ? 0 : 1);
        if (given != 1) {
            throw ProblemException.invalid("email", "give exactly one of email, phone or card");
        }
        String key = r.email() != null
                ? Identities.key(Identities.Kind.EMAIL, normalise(() -> Identities.email("email", r.email())))
                : r.phone() != null
                        ? Identities.key(
                                Identities.Kind.PHONE,
                                normalise(() -> Identities.phone("phone", r.phone(), defaultRegion)))
                        : Identities.key(Identities.Kind.CARD, normalise(() -> Identities.card("card", r.card())));
        String holder =
                profiles.holder(key).orElseThrow(() -> ProblemException.notFound("Customer with that identity"));
        Profile found =
                profiles.find(holder).orElseThrow(() -> ProblemException.notFound("Customer with that identity"));
        if (found.status() == Profile.Status.MERGED) {
            return profile(found.mergedInto());
        }
        if (!found.active()) {
            throw ProblemException.notFound("Customer with that identity");
        }
        return found;
    }

    // ---- changes -------------------------------------------------------------------------

    /** Changes one's own profile; consents changed are recorded with when and where, and announced. */
    public Profile change(Caller who, String customerId, CustomerRequests.Change c) {
        Profile current = profile(customerId);
        requireActive(current);
        Channel channel = c.channel() != null ? c.channel() : who.storeId() != null ? Channel.STORE : Channel.WEB;
        String store = channel == Channel.STORE ? who.storeId() : null;
        List<Bson> sets = new ArrayList<>();
        if (c.firstName() != null) {
            sets.add(Updates.set(Fields.FIRST_NAME, c.firstName()));
        }
        if (c.lastName() != null) {
            sets.add(Updates.set(Fields.LAST_NAME, c.lastName()));
        }
        if (c.preferredStore() != null) {
            sets.add(Updates.set(Fields.PREFERRED_STORE, c.preferredStore()));
        }
        if (c.preferredChannel() != null) {
            sets.add(Updates.set(Fields.PREFERRED_CHANNEL, c.preferredChannel().name()));
        }
        if (c.language() != null) {
            sets.add(Updates.set(Fields.LANGUAGE, c.language()));
        }
        if (c.addresses() != null) {
            sets.add(Updates.set(
                    "addresses",
                    c.addresses().stream()
                            .map(a -> ProfileCodec.address(new Profile.Address(
                                    a.label(), a.line1(), a.line2(), a.postalCode(), a.city(), a.country())))
                            .toList()));
        }
        List<String> released = new ArrayList<>();
        if (c.phones() != null) {
            List<String> phones = phones("phones", c.phones());
            List<String> before = current.phones();
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
            sets.add(Updates.set(Fields.PHONES, phones));
        }
        List<Document> events = new ArrayList<>();
        if (c.consents() != null) {
            Instant now = Instant.now();
            for (Map.Entry<ContactChannel, Boolean> e : c.consents().entrySet()) {
                Profile.Consent was = current.consents().get(e.getKey());
                if (was != null && was.granted() == e.getValue()) {
                    continue;
                }
                sets.add(Updates.set(
                        Fields.CONSENTS + "." + e.getKey().name(),
                        ProfileCodec.consent(consentRecord(e.getValue(), channel, store, now))));
                events.add(outbox.event(
                        new ConsentChanged(customerId, e.getKey().name(), e.getValue(), channel, store), customerId));
            }
        }
        if (!sets.isEmpty()
                && !profiles.update(
                        customerId,
                        Filters.eq(Fields.STATUS, Profile.Status.ACTIVE.name()),
                        Updates.combine(sets),
                        events)) {
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
    public Profile erase(String customerId) {
        Profile current = profile(customerId);
        if (current.status() == Profile.Status.ERASED) {
            return current;
        }
        List<String> keys = current.identityKeys();
        profiles.update(
                customerId,
                null,
                Updates.combine(
                        Updates.set(Fields.STATUS, Profile.Status.ERASED.name()),
                        Updates.set(Fields.ERASED_AT, new Date()),
                        Updates.unset(Fields.FIRST_NAME),
                        Updates.unset(Fields.LAST_NAME),
                        Updates.set(Fields.EMAILS, List.of()),
                        Updates.set(Fields.PHONES, List.of()),
                        Updates.set(Fields.CARDS, List.of()),
                        Updates.set(Fields.POS_IDS, List.of()),
                        Updates.set(Fields.ADDRESSES, List.of()),
                        Updates.set(Fields.CONSENTS, new Document())),
                List.of(outbox.event(new CustomerErased(customerId), customerId)));
        profiles.release(keys, customerId);
        timeline.erase(customerId);
        notifications.erase(customerId);
        return profile(customerId);
    }

    // ---- helpers -------------------------------------------------------------------------

    static void requireActive(Profile profile) {
        if (!profile.active()) {
            throw ProblemException.conflict("Customer " + profile.id() + " is " + profile.status(), Map.of());
        }
    }

    /** The phones, normalised (a national number read in the default region) and each once; a bad one names its index. */
    List<String> phones(String field, List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        Set<String> phones = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String at = field + "[" + i + "]";
            String value = raw.get(i);
            phones.add(normalise(() -> Identities.phone(at, value, defaultRegion)));
        }
        return List.copyOf(phones);
    }

    static Profile.Consent consentRecord(boolean granted, Channel channel, String store, Instant at) {
        return new Profile.Consent(granted, at, channel.name(), store);
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
