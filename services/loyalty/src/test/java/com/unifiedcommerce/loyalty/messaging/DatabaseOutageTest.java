package com.unifiedcommerce.loyalty.messaging;

import static com.unifiedcommerce.loyalty.LoyaltyScenes.line;
import static com.unifiedcommerce.loyalty.LoyaltyScenes.pickedUp;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.PostgresProxy;
import com.unifiedcommerce.infra.support.TcpProxy;
import com.unifiedcommerce.infra.support.TopicReader;
import com.unifiedcommerce.loyalty.LoyaltyScenes;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The loyalty ledger's database goes away for 30 s in the middle of a burst of pickups (through a
 * proxy this test owns; the shared server is untouched): the consumer keeps retrying, and once the
 * database is back every pickup has earned exactly once and nothing went to the dead-letter topic.
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {
            @ResourceArg(name = "postgres", value = "loyalty"),
            @ResourceArg(name = "keycloak", value = "true"),
            @ResourceArg(name = "postgres-proxy", value = "true")
        })
class DatabaseOutageTest {

    private static final int PICKUPS = 90;
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @PostgresProxy
    TcpProxy database;

    @ConfigProperty(name = "commerce.keycloak.url")
    String keycloak;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @ConfigProperty(name = "commerce.test.run-id")
    String runId;

    @Test
    void thirtySecondsWithoutTheDatabaseDuringABurstLoseNoEarnAndDoubleNone() throws Exception {
        LoyaltyScenes scenes = new LoyaltyScenes(keycloak, kafka);
        List<String> customers = new ArrayList<>();
        List<String> orders = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < PICKUPS; i++) {
            customers.add("cus-outage-" + runId + "-" + i);
            orders.add("ord-outage-" + runId + "-" + i);
        }
        // 10.00 paid earns 10 points at the base tier.
        for (int i = 0; i < PICKUPS; i++) {
            if (i == PICKUPS / 3) {
                database.cut();
            }
            ids.add(scenes.publish(orders.get(i), pickedUp(orders.get(i), customers.get(i), line("l1", 1, 1_000, 0))));
        }
        Instant cutAt = Instant.now();
        // Some are delivered again meanwhile, as a consumer group rebalancing would.
        for (int i = 0; i < PICKUPS; i += 7) {
            scenes.publish(
                    orders.get(i), pickedUp(orders.get(i), customers.get(i), line("l1", 1, 1_000, 0)), ids.get(i));
        }
        Thread.sleep(Duration.between(Instant.now(), cutAt.plus(OUTAGE)).toMillis());
        database.restore();

        for (String customer : customers) {
            Eventually.equal(10L, () -> scenes.balance(customer), Duration.ofSeconds(90));
        }
        assertTrue(
                TopicReader.read(
                                kafka,
                                "commerce.orders.loyalty-dlq",
                                key -> key != null && key.startsWith("ord-outage-" + runId),
                                1,
                                Duration.ofSeconds(3))
                        .isEmpty(),
                "nothing was dead-lettered");
    }
}
