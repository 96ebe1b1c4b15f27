package com.unifiedcommerce.platform.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to Kafka on a thread of its own. It claims a few shards with
 * {@code FOR UPDATE SKIP LOCKED} (so replicas share the work and one aggregate's events are only
 * ever sent by one relay at a time, in order), takes their oldest rows out of the table (one
 * DELETE ... RETURNING), sends them and commits only after the broker's acknowledgement, so a
 * failed send puts them back. The writers of this process wake it
 * ({@link #written}) and it looks until it has found what they wrote ({@link RelayPacing}); rows
 * written by another process are found by its poll. It does not use LISTEN/NOTIFY: PostgreSQL
 * serialises the commits of every notifying transaction of the whole server on one lock held
 * through the commit's flush, which took a cluster's commits of small transactions from 13,000/s to
 * 3,800/s (docs/performance.md, fourteenth session), and every hold, order and payment announces an
 * event. A relay that dies after sending but before deleting leaves the rows to be sent again:
 * consumers dedupe.
 */
@ApplicationScoped
@IfBuildProperty(name = "commerce.outbox.enabled", stringValue = "true")
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int SHARDS = 16;
    private static final String CLAIM = "SELECT shard FROM outbox_shard s"
            + " WHERE EXISTS (SELECT 1 FROM outbox_event e WHERE e.shard = s.shard)"
            + " ORDER BY (shard + ?) % " + SHARDS + " LIMIT ? FOR UPDATE SKIP LOCKED";
    /**
     * The claimed shards' oldest rows, at most a batch, taken out of the table in the statement that
     * reads them. The round's transaction stays open until the broker has acknowledged them: a
     * failed send or a crash rolls the delete back and the rows are sent again by the next round.
     * The outer query puts them back in the order they were written, which RETURNING does not keep.
     */
    private static final String TAKE = "WITH taken AS (DELETE FROM outbox_event WHERE position IN"
            + " (SELECT position FROM outbox_event WHERE shard = ANY(?) ORDER BY position LIMIT ?)"
            + " RETURNING position, id, topic, aggregate_id, type, payload, request_id, traceparent,"
            + " occurred_at)"
            + " SELECT * FROM taken ORDER BY position";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxPublisher publisher;

    @ConfigProperty(name = "commerce.outbox.relay.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "commerce.outbox.relay.batch-size", defaultValue = "500")
    int batchSize;

    @ConfigProperty(name = "commerce.outbox.relay.shards-per-claim", defaultValue = "4")
    int shardsPerClaim;

    @ConfigProperty(name = "commerce.outbox.relay.poll-interval", defaultValue = "PT1S")
    Duration pollInterval;

    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private Counter published;
    private Counter failures;
    private Timer lag;
    private volatile boolean running;
    private volatile Thread thread;

    @Inject
    void metrics(MeterRegistry registry) {
        registry.gauge("commerce.outbox.pending", pending);
        published = registry.counter("commerce.outbox.published");
        failures = registry.counter("commerce.outbox.failures");
        lag = Timer.builder("commerce.outbox.publish.lag")
                .description("From the event's commit to the broker's acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.info("Outbox relay disabled (commerce.outbox.relay.enabled=false)");
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(Duration.ofSeconds(10));
        }
    }

    /**
     * A statement of this process wrote {@code rows} events (committed or about to be): wakes the
     * relay, which looks for them until it has published as many ({@link RelayPacing}).
     */
    public void written(int rows) {
        written.addAndGet(rows);
        Thread relay = thread;
        if (relay != null) {
            LockSupport.unpark(relay);
        }
    }

    private void run() {
        RelayPacing pacing = new RelayPacing(pollInterval.toNanos());
        Duration backoff = Duration.ofMillis(200);
        long counted = 0;
        while (running) {
            try {
                Round round = round(false);
                backoff = Duration.ofMillis(200);
                long wait = pacing.afterRound(round.published(), round.mayHaveMore(), written.get());
                if (wait == 0) {
                    continue;
                }
                // Counted at most once per poll interval: the gauge, not the relay, needs it.
                if (System.nanoTime() - counted >= pollInterval.toNanos()) {
                    pending.set(countPending());
                    counted = System.nanoTime();
                }
                long before = written.get();
                LockSupport.parkNanos(this, wait);
                if (written.get() != before) {
                    // Woken by a writer, most often before its commit: give the commit its moment.
                    sleep(Duration.ofNanos(RelayPacing.FIRST_RETRY_NANOS));
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                failures.increment();
                LOG.warnf("Outbox relay failed (%s); retrying in %d ms", e, backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                        ? Duration.ofSeconds(30)
                        : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * One round: claim shards that have rows, publish their oldest rows, delete what the broker
     * acknowledged. Returns how many events were published (0 when there was nothing to claim).
     */
    public int drainOnce() throws Exception {
        return drainOnce(false);
    }

    /** Tests only: with {@code crashAfterSend} the rows are sent but the transaction rolls back. */
    int drainOnce(boolean crashAfterSend) throws Exception {
        return round(crashAfterSend).published();
    }

    /**
     * What one round did: how many events it published, and whether rows may be left that another
     * round could claim now. None are when the round claimed fewer shards than it may (every shard
     * with rows was claimed, or is a concurrent relay's) and read fewer rows than a batch: the relay
     * then waits for a notification instead of claiming again for nothing.
     */
    private record Round(int published, boolean mayHaveMore) {}

    private Round round(boolean crashAfterSend) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Short> shards = claim(c);
                List<PendingEvent> events = shards.isEmpty() ? List.of() : take(c, shards);
                boolean mayHaveMore = shards.size() == shardsPerClaim || events.size() == batchSize;
                if (events.isEmpty()) {
                    c.rollback();
                    return new Round(0, mayHaveMore);
                }
                publisher.publish(events);
                if (crashAfterSend) {
                    throw new SimulatedCrash();
                }
                c.commit();
                Instant now = Instant.now();
                for (PendingEvent event : events) {
                    lag.record(Duration.between(event.occurredAt(), now));
                }
                published.increment(events.size());
                return new Round(events.size(), mayHaveMore);
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Shards that have rows, locked for this round; empty when none is free. */
    private List<Short> claim(Connection c) throws SQLException {
        List<Short> shards = new ArrayList<>();
        try (PreparedStatement claim = c.prepareStatement(CLAIM)) {
            claim.setInt(1, ThreadLocalRandom.current().nextInt(SHARDS)); // no shard waits behind the others
            claim.setInt(2, shardsPerClaim);
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    shards.add(rs.getShort(1));
                }
            }
        }
        return shards;
    }

    /** The claimed shards' oldest rows, at most a batch, deleted until the round rolls back. */
    private List<PendingEvent> take(Connection c, List<Short> shards) throws SQLException {
        List<PendingEvent> events = new ArrayList<>();
        try (PreparedStatement read = c.prepareStatement(TAKE)) {
            Array shardArray = c.createArrayOf("smallint", shards.toArray());
            read.setArray(1, shardArray);
            read.setInt(2, batchSize);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    events.add(new PendingEvent(
                            rs.getLong(1),
                            rs.getObject(2, UUID.class),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getTimestamp(9).toInstant()));
                }
            }
        }
        return events;
    }

    /** Rows not yet published (also the pending gauge). */
    long countPending() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stands for a relay process dying between the broker's acknowledgement and the commit. */
    static final class SimulatedCrash extends Exception {
        SimulatedCrash() {
            super("simulated crash after send", null, false, false);
        }
    }
}
