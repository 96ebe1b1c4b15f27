package com.unifiedcommerce.infra.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * What every PostgreSQL service proves about its wiring. A service's test extends it, annotated
 * with {@code @QuarkusTest} and {@code @WithTestResource(InfrastructureTestResource.class)}.
 */
public abstract class PostgresServiceWiringTest {

    @Inject
    Flyway flyway;

    /** The schema the service owns in its database (also its database and role name). */
    protected abstract String schema();

    @Test
    void readyOnlyWithItsDatabaseAndKafka() {
        ServiceChecks.assertReadyWith(ServiceChecks.POSTGRES_CHECK, ServiceChecks.KAFKA_CHECK);
    }

    @Test
    void databaseIsMigratedIntoItsOwnSchema() {
        assertArrayEquals(new String[] {schema()}, flyway.getConfiguration().getSchemas());
        assertTrue(
                Arrays.stream(flyway.info().applied())
                        .anyMatch(migration -> migration.getVersion() != null
                                && "1".equals(migration.getVersion().getVersion())),
                "the service's baseline (V1) is applied");
        assertEquals(0, flyway.info().pending().length);
    }

    @Test
    void servesHealthOpenApiAndMetrics() {
        ServiceChecks.assertLive();
        ServiceChecks.assertServesOpenApiAndMetrics();
    }
}
