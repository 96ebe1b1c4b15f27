package com.unifiedcommerce.customer.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A customer's profile as it is stored: who they are, the identities they are recognised by, what
 * they agreed to be sent, and where the profile came from. The identities are normalised
 * ({@link Identities}); each is also claimed in its own document, which keeps it unique.
 *
 * @param status ACTIVE; MERGED once folded into {@code mergedInto}; ERASED on request
 * @param guest no sign-in of its own (enrolled at a counter or a guest checkout)
 * @param consents per contact channel (EMAIL, SMS, PUSH), the latest answer with when and where
 * @param registeredChannel where the profile was made (WEB, MOBILE, STORE)
 * @param registeredAt the store that enrolled it, if a store did
 * @param keycloakUserId the sign-in linked to it, if any
 * @param enrolmentHash what a counter enrolment's request looked like (its Idempotency-Key's body)
 * @param mergedIds the profiles folded into this one, each once
 */
public record Profile(
        String id,
        Status status,
        boolean guest,
        String firstName,
        String lastName,
        List<String> emails,
        List<String> phones,
        List<String> cards,
        List<String> posIds,
        List<Address> addresses,
        Map<ContactChannel, Consent> consents,
        String preferredStore,
        ContactChannel preferredChannel,
        String language,
        String tier,
        String registeredChannel,
        String registeredAt,
        String keycloakUserId,
        String enrolmentHash,
        String mergedInto,
        List<String> mergedIds,
        List<Merge> merges,
        Instant createdAt,
        Instant updatedAt) {

    public enum Status {
        ACTIVE,
        MERGED,
        ERASED
    }

    /** The latest answer to "may we send you this", with when and where it was given. */
    public record Consent(boolean granted, Instant at, String channel, String locationId) {}

    public record Address(String label, String line1, String line2, String postalCode, String city, String country) {}

    /** One profile folded into this one: by whom, when, and which identities came with it. */
    public record Merge(String mergedId, String by, Instant at, Map<String, List<String>> moved) {}

    public Profile {
        emails = List.copyOf(emails == null ? List.of() : emails);
        phones = List.copyOf(phones == null ? List.of() : phones);
        cards = List.copyOf(cards == null ? List.of() : cards);
        posIds = List.copyOf(posIds == null ? List.of() : posIds);
        addresses = List.copyOf(addresses == null ? List.of() : addresses);
        consents = consents == null || consents.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(consents));
        mergedIds = List.copyOf(mergedIds == null ? List.of() : mergedIds);
        merges = List.copyOf(merges == null ? List.of() : merges);
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }

    /** Whether the customer said yes to being sent messages through {@code channel}. */
    public Map<ContactChannel, Boolean> consentAnswers() {
        Map<ContactChannel, Boolean> answers = new EnumMap<>(ContactChannel.class);
        consents.forEach((channel, consent) -> answers.put(channel, consent.granted()));
        return answers;
    }

    /** The keys of every identity the profile holds (what erasure gives up). */
    public List<String> identityKeys() {
        List<String> keys = new ArrayList<>();
        emails.forEach(v -> keys.add(Identities.key(Identities.Kind.EMAIL, v)));
        phones.forEach(v -> keys.add(Identities.key(Identities.Kind.PHONE, v)));
        cards.forEach(v -> keys.add(Identities.key(Identities.Kind.CARD, v)));
        posIds.forEach(v -> keys.add(Identities.key(Identities.Kind.POS, v)));
        return keys;
    }

    /** A copy with the loyalty card the profile was issued. */
    public Profile withCards(List<String> issued) {
        return new Profile(
                id,
                status,
                guest,
                firstName,
                lastName,
                emails,
                phones,
                issued,
                posIds,
                addresses,
                consents,
                preferredStore,
                preferredChannel,
                language,
                tier,
                registeredChannel,
                registeredAt,
                keycloakUserId,
                enrolmentHash,
                mergedInto,
                mergedIds,
                merges,
                createdAt,
                updatedAt);
    }
}
