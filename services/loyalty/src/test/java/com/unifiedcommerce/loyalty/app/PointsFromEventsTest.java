package com.unifiedcommerce.loyalty.app;

import static com.unifiedcommerce.loyalty.LoyaltyScenes.line;
import static com.unifiedcommerce.loyalty.LoyaltyScenes.pickedUp;
import static com.unifiedcommerce.loyalty.LoyaltyScenes.placed;
import static com.unifiedcommerce.loyalty.LoyaltyScenes.returned;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.Topics;
import com.unifiedcommerce.contracts.orders.OrderCancelled;
import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TopicReader;
import com.unifiedcommerce.loyalty.LoyaltyScenes;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Order and return events move points through Kafka, once each, exactly. */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "loyalty"), @ResourceArg(name = "keycloak", value = "true")
        })
class PointsFromEventsTest {

    @ConfigProperty(name = "commerce.keycloak.url")
    String keycloak;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @ConfigProperty(name = "commerce.test.run-id")
    String runId;

    @Inject
    DataSource database;

    private LoyaltyScenes scenes;

    @BeforeEach
    void scenes() {
        scenes = new LoyaltyScenes(keycloak, kafka);
    }

    private String id(String name) {
        return name + "-" + runId;
    }

    /** The points moved by transfers of this kind whose source starts so. */
    private long moved(String kind, String sourcePrefix) {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT coalesce(sum(points), 0) FROM loyalty.transfer WHERE kind = ? AND source LIKE ?")) {
            query.setString(1, kind);
            query.setString(2, sourcePrefix + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPickupDeliveredThreeTimesEarnsOnce() {
        String customer = id("cus-thrice");
        String order = id("ord-thrice");
        // 25.99 EUR earns 25 points, 10.00 EUR earns 10, at the base tier (1 point per euro).
        var event = pickedUp(order, customer, line("l1", 2, 2_599, 0), line("l2", 1, 1_000, 0));
        UUID first = scenes.publish(order, event);
        scenes.publish(order, event, first);
        scenes.publish(order, event, first);
        // The same pickup published again under a new id (a producer that retried) earns nothing more.
        scenes.publish(order, event);
        Eventually.equal(35L, () -> scenes.balance(customer));
        List<ConsumerRecord<String, byte[]>> announced =
                TopicReader.read(kafka, Topics.LOYALTY, customer::equals, 2, Duration.ofSeconds(4));
        assertEquals(
                1,
                announced.stream()
                        .filter(r -> EventType.POINTS_EARNED.type().equals(header(r, "ce_type")))
                        .count());
        assertEquals(35, moved("EARN", "order:" + order + ":"));
    }

    @Test
    void returningEveryUnitInAnyOrderMovesExactlyWhatTheOrderEarnedAndSpent() {
        // Two identical orders, returned in different pieces and orders: both move exactly the whole.
        List<List<Map<String, Integer>>> sequences = List.of(
                List.of(Map.of("l2", 2), Map.of("l1", 1), Map.of("l2", 4, "l1", 1), Map.of("l2", 1, "l1", 1)),
                List.of(Map.of("l1", 3, "l2", 1), Map.of("l2", 1), Map.of("l2", 5)));
        for (int s = 0; s < sequences.size(); s++) {
            String customer = id("cus-return-" + s);
            String order = id("ord-return-" + s);
            scenes.adjust(customer, 100);
            scenes.hold(customer, order, 50).then().statusCode(201);
            scenes.publish(order, placed(order, customer, 50));
            Eventually.equal(50L, () -> scenes.balance(customer));
            // 3 x 3.33 paid after 20 points, 7 x 47.61 after 30: earns 9 + 333 = 342 points.
            Instant handedOver = Instant.now();
            scenes.publish(order, pickedUp(order, customer, line("l1", 3, 999, 20), line("l2", 7, 33_333, 30)));
            Eventually.equal(392L, () -> scenes.balance(customer));
            Instant seen = Instant.now();
            int r = 0;
            for (Map<String, Integer> units : sequences.get(s)) {
                scenes.publish(order, returned("ret-" + runId + "-" + s + "-" + r++, order, customer, units));
            }
            Eventually.equal(100L, () -> scenes.balance(customer));
            if (s == 0) {
                // What the returns service reads to quote: every unit back, what each line earned and had spent.
                given().auth()
                        .oauth2(scenes.tokens().service("returns"))
                        .get("/api/loyalty/orders/" + order)
                        .then()
                        .statusCode(200)
                        .body("customerId", equalTo(customer))
                        .body("lines.earned", equalTo(List.of(9, 333)))
                        .body("lines.redeemed", equalTo(List.of(20, 30)))
                        .body("lines.returned", equalTo(List.of(3, 7)));
                // When the points were credited: after the pickup was published, before the balance showed them.
                List<String> earnedAt = given().auth()
                        .oauth2(scenes.tokens().service("returns"))
                        .get("/api/loyalty/orders/" + order)
                        .then()
                        .extract()
                        .path("lines.earnedAt");
                assertEquals(2, earnedAt.size());
                for (String at : earnedAt) {
                    Instant credited = Instant.parse(at);
                    assertTrue(
                            !credited.isBefore(handedOver) && !credited.isAfter(seen),
                            at + " is not between " + handedOver + " and " + seen);
                }
                given().auth()
                        .oauth2(scenes.tokens().user("bob"))
                        .get("/api/loyalty/orders/" + order)
                        .then()
                        .statusCode(404);
                given().auth()
                        .oauth2(scenes.tokens().user("ada"))
                        .get("/api/loyalty/orders/" + order)
                        .then()
                        .statusCode(403);
            }
            assertEquals(342, moved("REVERSE", "return:ret-" + runId + "-" + s + "-"));
            assertEquals(50, moved("REFUND", "return:ret-" + runId + "-" + s + "-"));
        }
    }

    @Test
    void aTierGoesUpWithSpendAndComesDownWithALargeReturn() {
        String customer = id("cus-tier");
        String first = id("ord-tier-1");
        String second = id("ord-tier-2");
        // 600.00 EUR reaches SILVER (500.00); the next order earns at 1.25x.
        scenes.publish(first, pickedUp(first, customer, line("l1", 2, 60_000, 0)));
        Eventually.equal("SILVER", () -> scenes.account(customer).get("tier"));
        assertEquals(600L, scenes.balance(customer));
        scenes.publish(second, pickedUp(second, customer, line("l1", 1, 10_000, 0)));
        Eventually.equal(725L, () -> scenes.balance(customer));
        Map<String, Object> account = scenes.account(customer);
        assertEquals("GOLD", account.get("nextTier"));
        assertEquals(Map.of("amount", 80_000, "currency", "EUR"), account.get("toNextTier"));
        // Half of the first order comes back: 400.00 EUR qualifies, below SILVER again.
        scenes.publish(first, returned(id("ret-tier"), first, customer, Map.of("l1", 1)));
        Eventually.equal("BASE", () -> scenes.account(customer).get("tier"));
        assertEquals(425L, scenes.balance(customer));
        List<String> changes =
                TopicReader.read(kafka, Topics.LOYALTY, customer::equals, 6, Duration.ofSeconds(3)).stream()
                        .filter(r -> EventType.TIER_CHANGED.type().equals(header(r, "ce_type")))
                        .map(r -> new String(r.value()))
                        .toList();
        assertEquals(2, changes.size(), changes.toString());
    }

    @Test
    void aCancelledOrderReleasesItsHoldOrGivesBackWhatItRedeemedOnce() {
        String customer = id("cus-cancel");
        String waiting = id("ord-cancel-waiting");
        String placedOrder = id("ord-cancel-placed");
        scenes.adjust(customer, 100);
        scenes.hold(customer, waiting, 30).then().statusCode(201);
        scenes.hold(customer, placedOrder, 40).then().statusCode(201);
        scenes.publish(placedOrder, placed(placedOrder, customer, 40));
        Eventually.equal(60L, () -> scenes.balance(customer));
        scenes.publish(waiting, new OrderCancelled(waiting, customer, OrderCancelled.Reason.CUSTOMER));
        var cancelled = new OrderCancelled(placedOrder, customer, OrderCancelled.Reason.NO_SHOW);
        scenes.publish(placedOrder, cancelled);
        scenes.publish(placedOrder, cancelled);
        Eventually.equal(100L, () -> scenes.balance(customer));
        Eventually.equal(0, () -> ((Number) scenes.account(customer).get("held")).intValue());
        assertEquals(40, moved("REFUND", "order:" + placedOrder));
    }

    @Test
    void aReturnOfPointsAlreadySpentLeavesTheBalanceBelowZeroAndRedemptionIsRefused() {
        String customer = id("cus-negative");
        String bought = id("ord-negative-bought");
        String spent = id("ord-negative-spent");
        scenes.publish(bought, pickedUp(bought, customer, line("l1", 1, 4_000, 0)));
        Eventually.equal(40L, () -> scenes.balance(customer));
        scenes.hold(customer, spent, 40).then().statusCode(201);
        scenes.publish(spent, placed(spent, customer, 40));
        Eventually.equal(0L, () -> scenes.balance(customer));
        scenes.publish(bought, returned(id("ret-negative"), bought, customer, Map.of("l1", 1)));
        Eventually.equal(-40L, () -> scenes.balance(customer));
        assertEquals(false, scenes.account(customer).get("canRedeem"));
        scenes.hold(customer, id("ord-negative-next"), 1).then().statusCode(409);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value());
    }

    /**
     * A return that overtakes the pickup it depends on (two topics, no order between them) waits
     * and is applied when the pickup earns: the points are taken back, once, and nothing is
     * dead-lettered.
     */
    @Test
    void aReturnThatArrivesBeforeItsPickupWaitsAndTakesThePointsBackWhenThePickupEarns() {
        String customer = id("cus-early");
        String order = id("ord-early");
        String returnId = id("ret-early");
        UUID early = scenes.publish(returnId, returned(returnId, order, customer, Map.of("l1", 1)));
        scenes.publish(returnId, returned(returnId, order, customer, Map.of("l1", 1)), early);
        scenes.publish(order, pickedUp(order, customer, line("l1", 2, 4_000, 0)));
        // 40.00 earned 40 points; one of the two units came back: 20 taken back.
        Eventually.equal(20L, () -> scenes.balance(customer));
        assertEquals(20, moved("REVERSE", "return:" + returnId + ":"));
        assertTrue(
                TopicReader.read(kafka, "commerce.returns.loyalty-dlq", returnId::equals, 1, Duration.ofSeconds(3))
                        .isEmpty(),
                "not dead-lettered");
    }

    /**
     * A pickup and a return of the same order arriving at the same moment on their two topics (as
     * the chaos run had it): whichever is applied second sees the first, so every return takes its
     * points back and none stays parked. Many orders at once, so the two transactions overlap.
     */
    @Test
    void aReturnArrivingWithItsPickupIsNeverLeftWaiting() throws Exception {
        String customer = id("cus-race");
        int orders = 40;
        java.util.List<Thread> senders = new java.util.ArrayList<>();
        for (int i = 0; i < orders; i++) {
            String order = id("ord-race-" + i);
            String ret = id("ret-race-" + i);
            senders.add(Thread.ofVirtual()
                    .start(() -> scenes.publish(
                            order, LoyaltyScenes.pickedUp(order, customer, LoyaltyScenes.line("l1", 2, 2_000, 0)))));
            senders.add(Thread.ofVirtual()
                    .start(() -> scenes.publish(
                            ret, LoyaltyScenes.returned(ret, order, customer, java.util.Map.of("l1", 1)))));
        }
        for (Thread sender : senders) {
            sender.join();
        }
        // Every return took points back (half of what its order earned; tiers may change the rate).
        Eventually.equal(
                (long) orders,
                () -> java.util.stream.IntStream.range(0, orders)
                        .filter(i -> moved("REVERSE", "return:" + id("ret-race-" + i) + ":") > 0)
                        .count());
        assertEquals(0L, waiting(id("ord-race-")));
    }

    private long waiting(String orderPrefix) {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM loyalty.waiting_return WHERE order_id LIKE ?")) {
            query.setString(1, orderPrefix + "%");
            try (java.sql.ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
