package com.unifiedcommerce.inventory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.ServiceChecks;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = @ResourceArg(name = "postgres", value = "inventory"))
class InventoryWiringTest {

    @Inject
    Flyway flyway;

    @Test
    void readyOnlyWithItsDatabaseAndKafka() {
        ServiceChecks.assertReadyWith(ServiceChecks.POSTGRES_CHECK, ServiceChecks.KAFKA_CHECK);
    }

    @Test
    void databaseIsMigratedIntoItsOwnSchema() {
        assertArrayEquals(new String[] {"inventory"}, flyway.getConfiguration().getSchemas());
        assertEquals("1", flyway.info().current().getVersion().getVersion());
        assertEquals(0, flyway.info().pending().length);
    }

    @Test
    void servesHealthOpenApiAndMetrics() {
        ServiceChecks.assertLive();
        ServiceChecks.assertServesOpenApiAndMetrics();
    }
}
