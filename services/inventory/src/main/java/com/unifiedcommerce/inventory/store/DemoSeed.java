package com.unifiedcommerce.inventory.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Loads the demo stores, items and stock ({@code seed/demo.sql}) into an empty inventory when
 * {@code inventory.seed.demo=true}, which only scripts/run.sh sets. Never in tests or production.
 */
@Singleton
public class DemoSeed {

    private static final Logger LOG = Logger.getLogger(DemoSeed.class);

    @Inject
    AgroalDataSource database;

    @ConfigProperty(name = "inventory.seed.demo", defaultValue = "false")
    boolean enabled;

    void onStart(@Observes StartupEvent event) throws SQLException, IOException {
        if (!enabled) {
            return;
        }
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet locations = statement.executeQuery("SELECT count(*) FROM location")) {
                locations.next();
                if (locations.getLong(1) > 0) {
                    LOG.info("Demo seed: the inventory has data already; nothing loaded");
                    return;
                }
            }
            connection.setAutoCommit(false);
            statement.execute(script());
            connection.commit();
            LOG.info("Demo seed: loaded stores, a DC, 300 SKUs and their stock");
        }
    }

    private static String script() throws IOException {
        try (InputStream in = DemoSeed.class.getResourceAsStream("/seed/demo.sql")) {
            if (in == null) {
                throw new IOException("seed/demo.sql is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
