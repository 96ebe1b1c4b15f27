package com.unifiedcommerce.platform.outbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The running relay is woken by the writer in its own process (no LISTEN/NOTIFY: OutboxRelay), not
 * by its slow poll.
 */
@QuarkusTest
@TestProfile(RelayWakesOnCommitTest.RelayRunning.class)
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "platform"), @ResourceArg(name = "keycloak", value = "true")
        })
class RelayWakesOnCommitTest {

    /** The relay runs and polls only every ten minutes: anything sent sooner was woken by its writer. */
    public static class RelayRunning implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("commerce.outbox.relay.enabled", "true", "commerce.outbox.relay.poll-interval", "PT10M");
        }
    }

    @ConfigProperty(name = "toy.topic")
    String topic;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aCommitWakesTheRelayWhichPublishesAndReportsItsLag() {
        String id = "woken-" + UUID.randomUUID();
        // Let the relay reach its first wait, so only a writer can wake it again.
        TopicReader.read(kafka, topic, key -> false, 1, Duration.ofSeconds(2));
        for (int i = 0; i < 3; i++) {
            given().when().post("/toy/counters/{id}/increment", id).then().statusCode(200);
        }

        assertEquals(
                3,
                TopicReader.read(kafka, topic, id::equals, 3, Duration.ofSeconds(60))
                        .size());
        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("commerce_outbox_published_total"))
                .body(containsString("commerce_outbox_publish_lag_seconds"))
                .body(containsString("commerce_outbox_pending"));
    }
}
