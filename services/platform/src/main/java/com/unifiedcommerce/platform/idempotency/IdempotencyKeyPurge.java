package com.unifiedcommerce.platform.idempotency;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/** Deletes expired keys in small batches; safe with several replicas (each delete is idempotent). */
@ApplicationScoped
@IfBuildProperty(name = "commerce.outbox.enabled", stringValue = "true")
public class IdempotencyKeyPurge {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeyPurge.class);
    private static final String PURGE = "DELETE FROM idempotency_key WHERE ctid IN"
            + " (SELECT ctid FROM idempotency_key WHERE expires_at < clock_timestamp() LIMIT 5000)";

    @Inject
    AgroalDataSource dataSource;

    @Scheduled(every = "${commerce.idempotency.purge-every:10m}", delayed = "1m")
    void purge() throws SQLException {
        int deleted;
        int total = 0;
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            do {
                deleted = s.executeUpdate(PURGE);
                total += deleted;
            } while (deleted == 5000);
        }
        if (total > 0) {
            LOG.infof("Purged %d expired idempotency keys", total);
        }
    }
}
