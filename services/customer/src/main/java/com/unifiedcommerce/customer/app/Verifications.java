package com.unifiedcommerce.customer.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.unifiedcommerce.customer.client.ContactSender;
import com.unifiedcommerce.customer.domain.Masking;
import com.unifiedcommerce.customer.domain.Profile;
import com.unifiedcommerce.customer.store.VerificationStore;
import com.unifiedcommerce.platform.problem.Problem;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.security.Access;
import com.unifiedcommerce.platform.security.Caller;
import org.bson.Document;

/**
 * Proof that a customer is present: a six-digit code sent to an identity on file (their email or
 * phone), which they read out to the associate (or type in themselves) within ten minutes, five
 * tries at most. The confirmed verification is the proof: valid fifteen minutes, for the store
 * (or the customer) that asked, and spent on one cause only (a merge that folds their profile, a
 * counter sale that spends their points). The code is never logged and never travels in an event.
 */
@ApplicationScoped
public class Verifications {

    static final int MAX_TRIES = 5;
    static final Duration CODE_LIFE = Duration.ofMinutes(10);
    static final Duration PROOF_LIFE = Duration.ofMinutes(15);

    private final SecureRandom random = new SecureRandom();

    @Inject
    VerificationStore store;

    @Inject
    ContactSender sender;

    @Inject
    Customers customers;

    public record Started(String verificationId, ContactSender.Via via, String sentTo, Instant expiresAt) {}

    public record Proof(String proof, String customerId, String storeId, Instant validUntil) {}

    /**
     * Sends a code to the customer. Store staff ask for anyone they serve (the proof is their
     * store's); a signed-in customer asks for a profile without a sign-in they want to fold into
     * their own (the proof is theirs). {@code via} picks the channel; by default the first email, else
     * the first phone.
     */
    public Started start(Caller who, String customerId, ContactSender.Via via, String key) {
        String id = key == null
                ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes(
                                (who.subject() + "|verify|" + customerId + "|" + key).getBytes(StandardCharsets.UTF_8))
                        .toString();
        Optional<Document> sent = store.find(id);
        if (sent.isPresent()) {
            // The same request again (its answer was lost): the code already sent, not another one.
            Document v = sent.get();
            String to = v.getString("to");
            ContactSender.Via was = ContactSender.Via.valueOf(v.getString("via"));
            return new Started(
                    id,
                    was,
                    was == ContactSender.Via.EMAIL ? Masking.email(to) : Masking.phone(to),
                    v.getDate("expiresAt").toInstant());
        }
        Profile profile = customers.profile(customerId);
        Customers.requireActive(profile);
        boolean staff = who.has(Caller.ASSOCIATE) || who.has(Caller.MANAGER) || who.has(Caller.ADMIN);
        if (!staff) {
            if (!who.has(Caller.CUSTOMER) || customerId.equals(who.customerId()) || !profile.guest()) {
                throw ProblemException.notFound("Customer " + customerId);
            }
        }
        List<String> emails = profile.emails();
        List<String> phones = profile.phones();
        ContactSender.Via channel =
                via != null ? via : emails.isEmpty() ? ContactSender.Via.SMS : ContactSender.Via.EMAIL;
        List<String> on = channel == ContactSender.Via.EMAIL ? emails : phones;
        if (on.isEmpty()) {
            throw new ProblemException(
                    ProblemType.CONFLICT,
                    "The customer has no " + (channel == ContactSender.Via.EMAIL ? "email" : "phone") + " on file",
                    List.of(new Problem.FieldError("via", "no such identity on file")),
                    Map.of());
        }
        String to = on.getFirst();
        String code = String.format("%06d", random.nextInt(1_000_000));
        Instant expires = Instant.now().plus(CODE_LIFE);
        store.insert(new Document("_id", id)
                .append("customerId", customerId)
                .append("storeId", staff ? who.storeId() : null)
                .append("requestedBy", who.subject())
                .append("via", channel.name())
                .append("to", to)
                .append("codeHash", hash(id, code))
                .append("tries", 0)
                .append("expiresAt", Date.from(expires))
                .append("createdAt", new Date()));
        sender.send(
                customerId,
                channel,
                to,
                "Your verification code is " + code + ". It is valid for 10 minutes; give it only to the person"
                        + " serving you.");
        return new Started(
                id, channel, channel == ContactSender.Via.EMAIL ? Masking.email(to) : Masking.phone(to), expires);
    }

    /** The code read back: the proof, or 422 with the tries left; 409 once it expired or ran out of tries. */
    public Proof confirm(Caller who, String customerId, String verificationId, String code) {
        Optional<Document> confirmed = store.find(verificationId)
                .filter(v -> customerId.equals(v.getString("customerId")) && v.get("confirmedAt") != null);
        if (confirmed.isPresent()) {
            // A repeat of a confirmation that succeeded (its answer was lost): the same proof.
            Document v = confirmed.get();
            if (!who.subject().equals(v.getString("requestedBy"))
                    || !hash(verificationId, code).equals(v.getString("codeHash"))) {
                throw ProblemException.conflict("This code was used already; ask for a new one", Map.of());
            }
            return new Proof(
                    verificationId,
                    customerId,
                    v.getString("storeId"),
                    v.getDate("validUntil").toInstant());
        }
        Document counted = store.countTry(verificationId, customerId, MAX_TRIES)
                .orElseThrow(() -> ProblemException.conflict(
                        "This code expired, was used, or had too many tries; ask for a new one", Map.of()));
        if (!who.subject().equals(counted.getString("requestedBy"))) {
            throw ProblemException.notFound("Verification " + verificationId);
        }
        if (!hash(verificationId, code).equals(counted.getString("codeHash"))) {
            int left = MAX_TRIES - counted.getInteger("tries");
            throw new ProblemException(
                    ProblemType.WRONG_CODE,
                    "The code is not right; " + left + " tries left",
                    List.of(new Problem.FieldError("code", "does not match")),
                    Map.of("attemptsLeft", left));
        }
        Instant now = Instant.now();
        Instant until = now.plus(PROOF_LIFE);
        store.confirm(verificationId, Date.from(now), Date.from(until));
        return new Proof(verificationId, customerId, counted.getString("storeId"), until);
    }

    /**
     * Spends the proof that {@code customerId} is present, for {@code cause}: made at {@code storeId}
     * (null: proved by the customer named {@code customerSubject} themselves). Refused (403) when
     * there is none that fits.
     */
    public void spend(String proof, String customerId, String storeId, String customerSubject, String cause) {
        if (proof == null) {
            throw ProblemException.invalid("proof", "is required: verify the customer with a code sent to them first");
        }
        Optional<Document> found = store.find(proof)
                .filter(v -> customerId.equals(v.getString("customerId")))
                .filter(v -> storeId != null
                        ? storeId.equals(v.getString("storeId"))
                        : v.getString("storeId") == null && customerSubject.equals(v.getString("requestedBy")));
        if (found.isEmpty() || store.spend(proof, customerId, cause).isEmpty()) {
            Access.require(Access.Decision.FORBIDDEN, "Customer " + customerId);
        }
    }

    private static String hash(String id, String code) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest((id + ":" + code).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
