package com.unifiedcommerce.platform.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import com.unifiedcommerce.infra.support.InfraState;
import com.unifiedcommerce.infra.support.ProjectRoot;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class KafkaReadinessTest {

    @Test
    void upWhileTheBrokerAnswers() {
        String broker = InfraState.findRunning(ProjectRoot.find())
                .map(InfraState::kafkaBootstrapServers)
                .orElseThrow(() -> new AssertionError("No running infrastructure: run scripts/test.sh"));
        HealthCheckResponse response = check(broker, Duration.ofSeconds(5));
        assertEquals(
                HealthCheckResponse.Status.UP,
                response.getStatus(),
                response.getData().toString());
    }

    @Test
    void downWithinItsTimeWhenNothingAnswers() throws IOException {
        String silent = "127.0.0.1:" + freePort();
        long started = System.nanoTime();
        HealthCheckResponse response = check(silent, Duration.ofSeconds(1));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "a probe must not hang; took " + took);
    }

    private static HealthCheckResponse check(String bootstrapServers, Duration timeout) {
        KafkaReadiness readiness = new KafkaReadiness();
        readiness.kafkaConfig = Map.of("bootstrap.servers", bootstrapServers);
        readiness.timeout = timeout;
        readiness.connect();
        try {
            return readiness.call();
        } finally {
            readiness.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
