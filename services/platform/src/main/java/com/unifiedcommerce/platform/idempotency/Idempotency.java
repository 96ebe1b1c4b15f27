package com.unifiedcommerce.platform.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Tuple;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;
import com.unifiedcommerce.platform.request.Answer;
import com.unifiedcommerce.platform.request.Answers;
import com.unifiedcommerce.platform.store.Columns;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Runs a POST's effect at most once per {@code Idempotency-Key}. The key row is inserted first in
 * the effect's transaction: a concurrent duplicate waits on it and then replays the stored
 * answer; a repeat with a different body gets 422. Only successful answers are kept: a refused
 * request rolls back with its key, so the client may correct it and retry with the same key.
 */
@ApplicationScoped
@IfBuildProperty(name = "commerce.outbox.enabled", stringValue = "true")
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Pattern SANE_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    /**
     * What an effect answers: a status and a body that is serialised to JSON.
     *
     * @param storedByEffect the effect's own statement already stored this answer under the
     *     request's {@link Claim} (and reported that it did), so no separate write is made
     */
    public record Outcome(int status, Object body, boolean storedByEffect) {
        public Outcome(int status, Object body) {
            this(status, body, false);
        }
    }

    /**
     * A request's key, for an effect on a hot path whose single statement takes the key and stores
     * its answer itself (inventory's hold): two round trips fewer, and no lock held across them.
     *
     * <p>The effect's first statement runs {@link #claimStatement} (with {@code RETURNING 1}, to
     * learn whether it took the key). When it did not, the statement changes nothing and the
     * effect answers empty: the answer kept under the key is replayed. When it did, that statement
     * (with the key, by the six-argument {@link #claimStatement}) or a later one of the effect sets
     * {@code status} and {@code body} of the {@code idempotency_key} row with this scope and key,
     * and the effect answers with {@link Outcome#storedByEffect()} only when the statement reports
     * that it did.
     *
     * @param requestHash the request's fingerprint, which a repeat must match
     * @param retentionSeconds how long the key is kept
     */
    public record Claim(String scope, String key, String requestHash, long retentionSeconds) {}

    /**
     * The INSERT that takes a key (or an expired key's row) for a request, with its four values
     * given as SQL expressions: a statement's parameter markers, cast as the statement needs. It
     * inserts nothing when {@code requestHash} is null. A concurrent request with the same key
     * waits here until the first one's transaction ends, then takes nothing if it committed.
     */
    public static String claimStatement(String scope, String key, String requestHash, String retentionSeconds) {
        return claimStatement(scope, key, requestHash, retentionSeconds, "0", "NULL");
    }

    /**
     * As {@link #claimStatement(String, String, String, String)}, writing the answer with the key:
     * for a statement that knows its answer before it acts and keeps it only if the statement
     * succeeds (its transaction rolls back otherwise). Data-modifying parts of one statement do not
     * see each other's rows, so such a statement cannot take the key and then update the row it
     * inserted. {@code status} 0 and {@code body} NULL are a key taken with no answer yet.
     */
    public static String claimStatement(
            String scope, String key, String requestHash, String retentionSeconds, String status, String body) {
        return "INSERT INTO idempotency_key (scope, key, request_hash, expires_at, status, body)"
                + " SELECT " + scope + ", " + key + ", " + requestHash + ", clock_timestamp() + "
                + retentionSeconds + " * interval '1 second', " + status + ", " + body
                + " WHERE " + requestHash + " IS NOT NULL"
                + " ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,"
                + " status = EXCLUDED.status, body = EXCLUDED.body, created_at = EXCLUDED.created_at,"
                + " expires_at = EXCLUDED.expires_at"
                + " WHERE idempotency_key.expires_at < clock_timestamp()";
    }

    private static final String CLAIM =
            claimStatement("CAST(?1 AS text)", "CAST(?2 AS text)", "CAST(?3 AS text)", "CAST(?4 AS bigint)");

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "commerce.idempotency.retention", defaultValue = "PT24H")
    Duration retention;

    /**
     * @param key the header's value, or null when the caller sent none (the effect then just runs)
     * @param scope who and what the key belongs to, e.g. the caller's subject and the route
     * @param request the parsed body, hashed to tell a repeat from a different request
     */
    public Uni<Response> run(String key, String scope, Object request, Function<Mutiny.Session, Uni<Outcome>> effect) {
        return answer(key, scope, request, effect).map(Answers::http);
    }

    /**
     * As {@link #run}, for an application layer: the answer without HTTP's types, which the
     * resource turns into its response ({@link Answers#http}).
     */
    public Uni<Answer> answer(String key, String scope, Object request, Function<Mutiny.Session, Uni<Outcome>> effect) {
        return answerClaimed(
                key,
                scope,
                request,
                (session, claim) -> claim.isEmpty()
                        ? effect.apply(session).map(Optional::of)
                        : claim(session, claim.get())
                                .chain(taken -> taken
                                        ? effect.apply(session).map(Optional::of)
                                        : Uni.createFrom().item(Optional.empty())));
    }

    /**
     * As {@link #answer}, for an effect that takes the key in its own first statement (see
     * {@link Claim}): it is given the request's claim, empty when the request has no key, and
     * answers empty when the key was already taken, for the kept answer to be replayed.
     */
    public Uni<Answer> answerClaimed(
            String key,
            String scope,
            Object request,
            BiFunction<Mutiny.Session, Optional<Claim>, Uni<Optional<Outcome>>> effect) {
        if (key == null) {
            return sessions.withTransaction(session -> effect.apply(session, Optional.empty()))
                    .map(outcome -> firstAnswer(outcome.orElseThrow(
                            () -> new IllegalStateException("An effect without a key answered as a repeat"))));
        }
        if (!SANE_KEY.matcher(key).matches()) {
            return Uni.createFrom()
                    .failure(ProblemException.invalid(HEADER, "must be 1 to 255 visible ASCII characters"));
        }
        String hash = hash(request);
        Claim claim = new Claim(scope, key, hash, retention.toSeconds());
        return sessions.withTransaction(session -> effect.apply(session, Optional.of(claim))
                .chain(outcome -> outcome.isEmpty()
                        ? replay(session, scope, key, hash)
                        : (outcome.get().storedByEffect()
                                        ? Uni.createFrom().voidItem()
                                        : store(session, scope, key, outcome.get()))
                                .replaceWith(firstAnswer(outcome.get()))));
    }

    /** Takes the key for this request; false when a live request already holds it. */
    private Uni<Boolean> claim(Mutiny.Session session, Claim claim) {
        return session.createNativeQuery(CLAIM)
                .setParameter(1, claim.scope())
                .setParameter(2, claim.key())
                .setParameter(3, claim.requestHash())
                .setParameter(4, claim.retentionSeconds())
                .executeUpdate()
                .map(claimed -> claimed == 1);
    }

    /** 400 naming the header when a key was sent that is not 1 to 255 visible ASCII characters. */
    public static void requireSaneKey(String key) {
        if (key != null && !SANE_KEY.matcher(key).matches()) {
            throw ProblemException.invalid(HEADER, "must be 1 to 255 visible ASCII characters");
        }
    }

    private Uni<Integer> store(Mutiny.Session session, String scope, String key, Outcome outcome) {
        return session.createNativeQuery(
                        "UPDATE idempotency_key SET status = ?3, body = ?4 WHERE scope = ?1 AND key = ?2")
                .setParameter(1, scope)
                .setParameter(2, key)
                .setParameter(3, outcome.status())
                .setParameter(4, serialise(outcome.body()))
                .executeUpdate();
    }

    private Uni<Answer> replay(Mutiny.Session session, String scope, String key, String hash) {
        return session.createNativeQuery(
                        "SELECT request_hash, status, body FROM idempotency_key WHERE scope = ?1 AND key = ?2",
                        Tuple.class)
                .setParameter(1, scope)
                .setParameter(2, key)
                .getResultList()
                .map(rows -> answerFor(Columns.of(Kept.class).all(rows), hash));
    }

    /** A key's row: the hash of the request that took it, and the answer it was given. */
    private record Kept(String requestHash, int status, String body) {}

    private static Answer answerFor(List<Kept> rows, String hash) {
        if (rows.isEmpty()) {
            // The first request's transaction rolled back after we waited on it and the row is gone.
            throw new ProblemException(
                    ProblemType.CONFLICT, "The first request with this Idempotency-Key failed; retry");
        }
        Kept kept = rows.getFirst();
        if (kept.status() == 0) {
            // Only an effect that said it stored its answer (Outcome.storedByEffect) and did not can leave this.
            throw new IllegalStateException("The answer for an Idempotency-Key was committed without being stored");
        }
        if (!hash.equals(kept.requestHash())) {
            throw new ProblemException(
                    ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used with a different request; use a new key for a new request");
        }
        return Answer.replayed(kept.status(), kept.body());
    }

    private Answer firstAnswer(Outcome outcome) {
        return Answer.of(outcome.status(), serialise(outcome.body()));
    }

    /** A body as JSON text, as the answers are kept ({@link Claim}). */
    public String serialise(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Answer body is not serialisable", e);
        }
    }

    /**
     * The request's fingerprint (SHA-256 of its JSON), for effects that keep their own record of
     * the key (checkout keeps it on the order row) and must tell a repeat from another request.
     */
    public String hash(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(serialise(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
