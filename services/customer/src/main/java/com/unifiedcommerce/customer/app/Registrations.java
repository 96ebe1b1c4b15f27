package com.unifiedcommerce.customer.app;

import static com.unifiedcommerce.customer.app.Customers.consentRecord;
import static com.unifiedcommerce.customer.app.Customers.normalise;
import static com.unifiedcommerce.customer.app.Customers.uuid;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.customers.ConsentChanged;
import com.unifiedcommerce.contracts.customers.CustomerRegistered;
import com.unifiedcommerce.customer.client.SignInLink;
import com.unifiedcommerce.customer.domain.ContactChannel;
import com.unifiedcommerce.customer.domain.Identities;
import com.unifiedcommerce.customer.domain.Profile;
import com.unifiedcommerce.customer.store.ProfileOutbox;
import com.unifiedcommerce.customer.store.Profiles;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.security.Caller;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * New profiles: a person signing up with their Keycloak token, an associate enrolling a customer at
 * the counter, the demo customers seeded. Repeatable without transactions: a sign-up's id comes
 * from the person's Keycloak id (an enrolment's from its Idempotency-Key), identities are claimed
 * one by one (a claim held by someone else stops the sign-up and gives back what it claimed), and
 * the profile with its first events is one insert.
 */
@ApplicationScoped
public class Registrations {

    private static final Logger LOG = Logger.getLogger(Registrations.class);

    @Inject
    Customers customers;

    @Inject
    Merges merges;

    @Inject
    Profiles profiles;

    @Inject
    ProfileOutbox outbox;

    @Inject
    SignInLink signIn;

    /** The profile, and whether this call created it (201) or found it (200). */
    public record Saved(Profile profile, boolean created) {}

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
        Optional<Profile> existing = profiles.find(customerId);
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
        Profile profile = newProfile(
                customerId,
                r,
                enrolled == null ? List.of(email) : List.of(),
                false,
                r.channel(),
                null,
                who.subject(),
                null);
        Saved saved = create(profile, r.channel(), null);
        if (enrolled != null) {
            saved = new Saved(merges.fold(who, customerId, enrolled), saved.created());
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
        return create(
                        newProfile(customerId, r, List.of(normalised), false, Channel.WEB, null, null, null),
                        Channel.WEB,
                        null)
                .created();
    }

    /** The counter enrolment (active, without a sign-in) holding this email, if another profile holds it. */
    private String enrolledWith(String email, String customerId) {
        return profiles.holder(Identities.key(Identities.Kind.EMAIL, email))
                .filter(holder -> !holder.equals(customerId))
                .flatMap(profiles::find)
                .filter(p -> p.active() && p.guest())
                .map(Profile::id)
                .orElse(null);
    }

    /** An associate enrols a customer at the counter: a profile without a login, for their store. */
    public Saved enrol(Caller who, String key, CustomerRequests.Registration r, String requestHash) {
        String customerId = "cus-" + (key == null ? UUID.randomUUID() : uuid("enrol|" + who.subject() + "|" + key));
        Optional<Profile> existing = profiles.find(customerId);
        if (existing.isPresent()) {
            String first = existing.get().enrolmentHash();
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
        return create(
                newProfile(customerId, r, emails, true, Channel.STORE, store, null, requestHash), Channel.STORE, store);
    }

    private Profile newProfile(
            String customerId,
            CustomerRequests.Registration r,
            List<String> emails,
            boolean guest,
            Channel channel,
            String store,
            String keycloakUserId,
            String enrolmentHash) {
        List<String> phones = customers.phones("phones", r.phones());
        List<String> posIds =
                r.posId() == null ? List.of() : List.of(normalise(() -> Identities.posId("posId", r.posId())));
        Instant now = Instant.now();
        Map<ContactChannel, Profile.Consent> consents = new EnumMap<>(ContactChannel.class);
        if (r.consents() != null) {
            r.consents()
                    .forEach((contact, granted) -> consents.put(contact, consentRecord(granted, channel, store, now)));
        }
        return new Profile(
                customerId,
                Profile.Status.ACTIVE,
                guest,
                r.firstName(),
                r.lastName(),
                emails,
                phones,
                List.of(),
                posIds,
                List.of(),
                consents,
                r.preferredStore() != null ? r.preferredStore() : store,
                r.preferredChannel(),
                r.language(),
                null,
                channel.name(),
                store,
                keycloakUserId,
                enrolmentHash,
                null,
                List.of(),
                List.of(),
                now,
                now);
    }

    /** Claims every identity and a new card, then inserts the profile with its events. */
    private Saved create(Profile profile, Channel channel, String store) {
        String customerId = profile.id();
        List<String> claimed = new ArrayList<>();
        try {
            customers.claimAll(customerId, "emails", Identities.Kind.EMAIL, profile.emails(), claimed);
            customers.claimAll(customerId, "phones", Identities.Kind.PHONE, profile.phones(), claimed);
            customers.claimAll(customerId, "posId", Identities.Kind.POS, profile.posIds(), claimed);
            String card = customers.issueCard(customerId, claimed);
            Profile carded = profile.withCards(List.of(card));
            List<Document> events = new ArrayList<>();
            events.add(
                    outbox.event(new CustomerRegistered(customerId, channel, store, carded.guest(), card), customerId));
            carded.consents()
                    .forEach((contact, consent) -> events.add(outbox.event(
                            new ConsentChanged(customerId, contact.name(), consent.granted(), channel, store),
                            customerId)));
            if (!profiles.insert(carded, events)) {
                // The same person or key, a moment earlier: theirs is the profile.
                return new Saved(profiles.find(customerId).orElseThrow(), false);
            }
            return new Saved(carded, true);
        } catch (RuntimeException e) {
            if (profiles.find(customerId).isEmpty()) {
                profiles.release(claimed, customerId);
            }
            throw e;
        }
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
}
