package com.unifiedcommerce.infra.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The card acquirer's own books, as the simulator keeps them: authorisations, their captures and
 * refunds, and the answers it gave per idempotency key (a repeat gets the first answer, a repeat
 * with another body is refused). Amounts are minor units. What a card number does is decided by
 * {@link TestCards}. Every method is synchronised on the book: the simulator is a stand-in, not a
 * fast path.
 */
public final class ProviderBook {

    /** An answer: the HTTP status and the JSON body as a map. */
    public record Answer(int status, Map<String, Object> body) {}

    /** A refund the book accepted, to be settled later (by a webhook). */
    public record PendingRefund(
            String refundId, String authorisationId, long amount, String currency, String notifyUrl) {}

    private final Clock clock;
    private final Duration authorisationLife;
    private final Map<String, Authorisation> authorisations = new LinkedHashMap<>();
    private final java.util.Set<String> cancelledReferences = new java.util.HashSet<>();
    private final Map<String, Answered> answered = new ConcurrentHashMap<>();

    public ProviderBook(Clock clock, Duration authorisationLife) {
        this.clock = clock;
        this.authorisationLife = authorisationLife;
    }

    private record Answered(String fingerprint, Answer answer) {}

    private static final class Authorisation {
        final String id;
        final long amount;
        final String currency;
        final String card;
        final String reference;
        final Instant expiresAt;
        long captured;
        long refunded;
        boolean voided;
        final List<Map<String, Object>> captures = new ArrayList<>();
        final List<Map<String, Object>> refunds = new ArrayList<>();

        Authorisation(String id, long amount, String currency, String card, String reference, Instant expiresAt) {
            this.id = id;
            this.amount = amount;
            this.currency = currency;
            this.card = card;
            this.reference = reference;
            this.expiresAt = expiresAt;
        }

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", id);
            view.put("status", voided ? "VOIDED" : captured > 0 ? "CAPTURED" : "AUTHORISED");
            view.put("amount", amount);
            view.put("currency", currency);
            view.put("reference", reference);
            view.put("last4", card.substring(card.length() - 4));
            view.put("captured", captured);
            view.put("refunded", refunded);
            view.put("expiresAt", expiresAt.toString());
            view.put("captures", List.copyOf(captures));
            view.put("refunds", List.copyOf(refunds));
            return view;
        }
    }

    /**
     * The answer already given for this key and body, or null when the key is new; a key reused
     * with another body gets 422.
     */
    public Answer replay(String key, String fingerprint) {
        Answered earlier = answered.get(key);
        if (earlier == null) {
            return null;
        }
        if (!earlier.fingerprint().equals(fingerprint)) {
            return error(422, "idempotency_key_reused", "this key was used with another request");
        }
        return earlier.answer();
    }

    /** Remembers a final answer for the key (retryable failures are not remembered). */
    public Answer remember(String key, String fingerprint, Answer answer) {
        if (answer.status() < 500) {
            answered.putIfAbsent(key, new Answered(fingerprint, answer));
            return answered.get(key).answer();
        }
        return answer;
    }

    public synchronized Answer authorise(String card, long amount, String currency) {
        return authorise(card, amount, currency, null);
    }

    /**
     * Authorises; {@code reference} is the merchant's own name for the payment, by which it may
     * cancel an authorisation whose answer it never got ({@link #cancel}).
     */
    public synchronized Answer authorise(String card, long amount, String currency, String reference) {
        if (amount <= 0 || currency == null || !currency.matches("[A-Z]{3}") || !TestCards.isToken(card)) {
            return error(400, "invalid_request", "amount must be positive, currency three capitals, card a token");
        }
        TestCards.Behaviour behaviour = TestCards.of(card);
        if (behaviour.declines()) {
            return error(402, behaviour.declineCode(), "the issuer declined the authorisation");
        }
        if (reference != null && cancelledReferences.contains(reference)) {
            return error(402, "reference_cancelled", "the merchant cancelled payments under " + reference);
        }
        Instant now = clock.instant();
        Instant expiresAt =
                now.plus(behaviour == TestCards.Behaviour.SHORT_LIVED ? Duration.ofSeconds(2) : authorisationLife);
        Authorisation made = new Authorisation("auth_" + shortId(), amount, currency, card, reference, expiresAt);
        authorisations.put(made.id, made);
        return new Answer(201, made.view());
    }

    public synchronized Answer capture(String authorisationId, long amount) {
        Authorisation found = authorisations.get(authorisationId);
        if (found == null) {
            return error(404, "no_such_authorisation", authorisationId);
        }
        if (amount <= 0) {
            return error(400, "invalid_request", "amount must be positive");
        }
        if (found.voided) {
            return error(409, "authorisation_voided", "the authorisation was voided");
        }
        if (!clock.instant().isBefore(found.expiresAt)) {
            return error(409, "authorisation_expired", "the authorisation expired at " + found.expiresAt);
        }
        if (found.captured + amount > found.amount) {
            return error(409, "amount_too_large", "only " + (found.amount - found.captured) + " is left to capture");
        }
        found.captured += amount;
        Map<String, Object> capture = Map.of(
                "id",
                "cap_" + shortId(),
                "amount",
                amount,
                "at",
                clock.instant().toString());
        found.captures.add(capture);
        return new Answer(201, Map.of("id", capture.get("id"), "authorisation", found.view()));
    }

    public synchronized Answer voidAuthorisation(String authorisationId) {
        Authorisation found = authorisations.get(authorisationId);
        if (found == null) {
            return error(404, "no_such_authorisation", authorisationId);
        }
        if (found.captured > 0) {
            return error(409, "already_captured", "a captured authorisation cannot be voided; refund it");
        }
        found.voided = true;
        return new Answer(200, found.view());
    }

    /**
     * A technical cancellation: voids every uncaptured authorisation made under the merchant's
     * reference, and any made under it later, for the merchant who never learnt how its request
     * ended (a time-out). Answers the authorisations it voided.
     */
    public synchronized Answer cancel(String reference) {
        if (reference == null || reference.isBlank()) {
            return error(400, "invalid_request", "reference is required");
        }
        cancelledReferences.add(reference);
        List<String> voided = new ArrayList<>();
        for (Authorisation made : authorisations.values()) {
            if (reference.equals(made.reference) && made.captured == 0) {
                made.voided = true;
                voided.add(made.id);
            }
        }
        return new Answer(200, Map.of("reference", reference, "status", "CANCELLED", "voided", voided));
    }

    /** Accepts a refund (202, PENDING); {@code settle} later says whether it went through. */
    public synchronized Answer refund(
            String authorisationId, long amount, String notifyUrl, List<PendingRefund> accepted) {
        Authorisation found = authorisations.get(authorisationId);
        if (found == null) {
            return error(404, "no_such_authorisation", authorisationId);
        }
        if (amount <= 0 || notifyUrl == null || notifyUrl.isBlank()) {
            return error(400, "invalid_request", "amount must be positive and notifyUrl given");
        }
        long pending = found.refunds.stream()
                .filter(r -> r.get("status").equals("PENDING"))
                .mapToLong(r -> (Long) r.get("amount"))
                .sum();
        if (found.refunded + pending + amount > found.captured) {
            return error(
                    409,
                    "amount_too_large",
                    "only " + (found.captured - found.refunded - pending) + " captured is left to refund");
        }
        String id = "ref_" + shortId();
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("id", id);
        refund.put("amount", amount);
        refund.put("status", "PENDING");
        found.refunds.add(refund);
        accepted.add(new PendingRefund(id, found.id, amount, found.currency, notifyUrl));
        return new Answer(202, Map.copyOf(refund));
    }

    /** Settles a pending refund: SUCCEEDED, or FAILED for the card that refuses refunds. Returns the outcome. */
    public synchronized String settle(PendingRefund pending) {
        Authorisation found = authorisations.get(pending.authorisationId());
        String outcome = TestCards.of(found.card) == TestCards.Behaviour.REFUND_FAILS ? "FAILED" : "SUCCEEDED";
        for (Map<String, Object> refund : found.refunds) {
            if (refund.get("id").equals(pending.refundId())) {
                refund.put("status", outcome);
            }
        }
        if (outcome.equals("SUCCEEDED")) {
            found.refunded += pending.amount();
        }
        return outcome;
    }

    public synchronized Answer view(String authorisationId) {
        Authorisation found = authorisations.get(authorisationId);
        return found == null ? error(404, "no_such_authorisation", authorisationId) : new Answer(200, found.view());
    }

    static Answer error(int status, String code, String message) {
        return new Answer(status, Map.of("error", code, "message", message));
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }
}
