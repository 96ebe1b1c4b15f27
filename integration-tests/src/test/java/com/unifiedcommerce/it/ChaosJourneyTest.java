package com.unifiedcommerce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.unifiedcommerce.infra.support.ProjectRoot;
import com.unifiedcommerce.it.chaos.ChaosRunner;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The short fault-injection run of the suite: two instances of every service, the journeys of all
 * three clients for 150 s while an instance is killed, one is paused, and the Kafka broker, the
 * MongoDB server and PostgreSQL are restarted; then nothing a client was told may be missing or
 * doubled. It runs first, on a system of its own, before the suite's system starts.
 * {@code scripts/chaos.sh} runs it longer; the properties say how ({@code chaos.seconds},
 * {@code chaos.replicas}, {@code chaos.rate}, {@code chaos.customers}, {@code chaos.out}).
 */
@Order(Integer.MIN_VALUE)
class ChaosJourneyTest {

    @Test
    void nothingAClientWasToldIsLostOrDoubledWhileInstancesAndInfrastructureFail() throws Exception {
        Path out = Path.of(System.getProperty(
                "chaos.out",
                ProjectRoot.find().resolve("integration-tests/target/chaos").toString()));
        List<String> findings = ChaosRunner.run(
                Duration.ofSeconds(Long.getLong("chaos.seconds", 150)),
                Integer.getInteger("chaos.replicas", 2),
                Double.parseDouble(System.getProperty("chaos.rate", "1.5")),
                Integer.getInteger("chaos.customers", 8),
                out);
        assertEquals(List.of(), findings, "see " + out.resolve("report.md"));
    }
}
