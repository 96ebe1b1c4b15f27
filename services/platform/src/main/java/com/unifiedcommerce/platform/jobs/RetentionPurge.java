package com.unifiedcommerce.platform.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.scheduler.Scheduled;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Deletes what the platform's tables no longer need to keep, in small batches: Idempotency-Keys
 * past their expiry, and inbox rows older than {@code commerce.inbox.retention} (14 days: far
 * longer than any redelivery; a dead letter replayed later than that is still applied once, since
 * every effect beneath the inbox has its own unique cause). Safe with several replicas: each
 * delete is idempotent.
 */
@ApplicationScoped
@IfBuildProperty(name = "commerce.outbox.enabled", stringValue = "true")
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);
    private static final int BATCH = 5000;

    private static final String KEYS = "DELETE FROM idempotency_key WHERE ctid IN"
            + " (SELECT ctid FROM idempotency_key WHERE expires_at < clock_timestamp() LIMIT " + BATCH + ")";
    private static final String INBOX = "DELETE FROM inbox_message WHERE ctid IN (SELECT ctid FROM inbox_message"
            + " WHERE received_at < clock_timestamp() - ? * interval '1 second' LIMIT " + BATCH + ")";

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "commerce.inbox.retention", defaultValue = "P14D")
    Duration inboxRetention;

    @Scheduled(every = "${commerce.idempotency.purge-every:10m}", delayed = "1m")
    void purge() throws SQLException {
        int keys = purgeKeys();
        int inbox = purgeInbox();
        if (keys + inbox > 0) {
            LOG.infof("Purged %d expired idempotency keys and %d inbox rows past their retention", keys, inbox);
        }
    }

    /** Expired Idempotency-Keys; emits how many. */
    public int purgeKeys() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(KEYS)) {
            return drain(s);
        }
    }

    /** Inbox rows older than the retention; emits how many. */
    public int purgeInbox() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(INBOX)) {
            s.setLong(1, inboxRetention.toSeconds());
            return drain(s);
        }
    }

    private static int drain(PreparedStatement delete) throws SQLException {
        int total = 0;
        int deleted;
        do {
            deleted = delete.executeUpdate();
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
