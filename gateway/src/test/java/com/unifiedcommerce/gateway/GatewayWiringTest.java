package com.unifiedcommerce.gateway;

import com.unifiedcommerce.infra.support.ServiceChecks;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The gateway owns no store; it must be live and ready on its own (routing comes with its issue). */
@QuarkusTest
class GatewayWiringTest {

    @Test
    void readyAndLive() {
        ServiceChecks.assertReadyWith();
        ServiceChecks.assertLive();
    }

    @Test
    void servesOpenApiAndMetrics() {
        ServiceChecks.assertServesOpenApiAndMetrics();
    }
}
