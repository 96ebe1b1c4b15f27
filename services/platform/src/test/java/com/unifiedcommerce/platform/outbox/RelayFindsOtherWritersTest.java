package com.unifiedcommerce.platform.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import jakarta.inject.Inject;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TopicReader;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Rows no writer of this process told the relay about (a replica that died after its commit, before
 * its relay sent them) are still published: by the relay's poll, now that no NOTIFY wakes every
 * relay of the database.
 */
@QuarkusTest
@TestProfile(RelayFindsOtherWritersTest.RelayPolling.class)
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "platform"), @ResourceArg(name = "keycloak", value = "true")
        })
class RelayFindsOtherWritersTest {

    /** The relay runs with the services' poll interval. */
    public static class RelayPolling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("commerce.outbox.relay.enabled", "true", "commerce.outbox.relay.poll-interval", "PT1S");
        }
    }

    @ConfigProperty(name = "toy.topic")
    String topic;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    AgroalDataSource db;

    @Test
    void rowsAnotherProcessCommittedArePublishedByThePoll() throws Exception {
        String otherTopic = topic + ".other-writer";
        String key = "other-" + UUID.randomUUID();
        // Inserted as another process would: straight into the table, telling this relay nothing.
        try (Connection c = db.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO outbox_event"
                        + " (id, topic, aggregate_id, type, payload) VALUES (?, ?, ?, 'OtherEvent', ?)")) {
            for (int n = 1; n <= 2; n++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, otherTopic);
                insert.setString(3, key);
                insert.setString(4, "{\"n\":" + n + "}");
                insert.executeUpdate();
            }
        }

        assertEquals(
                2,
                TopicReader.read(kafka, otherTopic, key::equals, 2, Duration.ofSeconds(60))
                        .size());
    }
}
