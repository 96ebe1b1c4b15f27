package com.unifiedcommerce.customer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class MongoReadinessTest {

    @Test
    void downWithinItsTimeWhenNothingAnswers() throws IOException {
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + freePort()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(1, TimeUnit.SECONDS))
                .build();
        try (MongoClient client = MongoClients.create(settings)) {
            MongoReadiness readiness = new MongoReadiness();
            readiness.mongo = client;
            readiness.database = "customer";
            readiness.timeout = Duration.ofSeconds(1);
            long started = System.nanoTime();
            HealthCheckResponse response = readiness.call();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "a probe must not hang; took " + took);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
