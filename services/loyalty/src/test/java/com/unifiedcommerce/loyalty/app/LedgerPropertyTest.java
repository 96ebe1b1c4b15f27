package com.unifiedcommerce.loyalty.app;

import static com.unifiedcommerce.loyalty.LoyaltyScenes.line;
import static com.unifiedcommerce.loyalty.LoyaltyScenes.pickedUp;
import static com.unifiedcommerce.loyalty.LoyaltyScenes.placed;
import static com.unifiedcommerce.loyalty.LoyaltyScenes.returned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import jakarta.inject.Inject;

import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.orders.OrderCancelled;
import com.unifiedcommerce.contracts.orders.OrderLine;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TopicWriter;
import com.unifiedcommerce.loyalty.LoyaltyScenes;
import com.unifiedcommerce.loyalty.jobs.LoyaltyJobs;
import com.unifiedcommerce.loyalty.messaging.LoyaltyEvents;
import com.unifiedcommerce.loyalty.store.Ledger;
import com.unifiedcommerce.loyalty.store.PointHolds;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/**
 * 10,000 random operations (earn, hold, capture, release, return, expire, adjust, redelivered and
 * republished events) on a few customers, through the same consumer and store code the service
 * runs, then the ledger's invariants checked from scratch: all balances sum to zero, each equals
 * its transfers, no source moved points twice, held points are exactly the open holds, no line
 * gave back more than it earned or had spent on it. The seed is printed, so a failure replays.
 */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "postgres", value = "loyalty"), @ResourceArg(name = "keycloak", value = "true")
        })
class LedgerPropertyTest {

    private static final int OPERATIONS = Integer.getInteger("property.operations", 10_000);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "commerce.test.run-id")
    String runId;

    @Inject
    LoyaltyEvents events;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    Ledger ledger;

    @Inject
    PointHolds holds;

    @Inject
    LoyaltyJobs jobs;

    @Inject
    DataSource database;

    private record Order(String id, String customer, List<OrderLine> lines, Map<String, Integer> returned) {}

    @Test
    void randomOperationsKeepEveryInvariant() throws SQLException {
        long seed = Long.getLong("property.seed", System.nanoTime());
        System.out.println("LedgerPropertyTest seed " + seed + " (replay with -Dproperty.seed=" + seed + ")");
        Random random = new Random(seed);
        List<String> customers = new ArrayList<>();
        for (int c = 0; c < 12; c++) {
            customers.add("cus-prop-" + runId + "-" + c);
        }
        List<String> openHolds = new ArrayList<>();
        List<Order> fulfilled = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> sent = new ArrayList<>();
        Map<String, Long> holdPoints = new HashMap<>();
        int next = 0;
        for (int op = 0; op < OPERATIONS; op++) {
            String customer = customers.get(random.nextInt(customers.size()));
            int dice = random.nextInt(100);
            if (dice < 25) { // an order picked up, some of it paid with points held before
                String orderId = "ord-prop-" + runId + "-" + next++;
                List<OrderLine> lines = new ArrayList<>();
                for (int l = 0, n = 1 + random.nextInt(3); l < n; l++) {
                    int quantity = 1 + random.nextInt(5);
                    lines.add(line(
                            "l" + l,
                            quantity,
                            random.nextInt(30_000),
                            random.nextInt(3) == 0 ? 0 : random.nextInt(40)));
                }
                long points =
                        lines.stream().mapToLong(OrderLine::pointsRedeemed).sum();
                if (points > 0 && hold(customer, orderId, points)) {
                    send(sent, orderId, placed(orderId, customer, points));
                } else { // without the points held, the order is paid in money only
                    lines.replaceAll(
                            l -> line(l.lineId(), l.quantity(), l.paid().amount(), 0));
                }
                send(sent, orderId, pickedUp(orderId, customer, lines.toArray(OrderLine[]::new)));
                fulfilled.add(new Order(orderId, customer, lines, new HashMap<>()));
            } else if (dice < 40) { // a checkout holds points
                String reference = "ord-prop-" + runId + "-" + next++;
                long points = 1 + random.nextInt(150);
                if (hold(customer, reference, points)) {
                    openHolds.add(reference);
                    holdPoints.put(reference, points);
                }
            } else if (dice < 50 && !openHolds.isEmpty()) { // ... and is placed (captured) or cancelled (released)
                String reference = openHolds.remove(random.nextInt(openHolds.size()));
                String owner = ownerOf(reference);
                if (random.nextBoolean()) {
                    send(sent, reference, placed(reference, owner, holdPoints.get(reference)));
                    if (random.nextBoolean()) { // a placed order cancelled later gives its points back
                        send(sent, reference, new OrderCancelled(reference, owner, OrderCancelled.Reason.STORE));
                    }
                } else {
                    send(sent, reference, new OrderCancelled(reference, owner, OrderCancelled.Reason.CUSTOMER));
                }
            } else if (dice < 68 && !fulfilled.isEmpty()) { // a return of some units of some lines
                Order order = fulfilled.get(random.nextInt(fulfilled.size()));
                Map<String, Integer> units = new HashMap<>();
                for (OrderLine line : order.lines()) {
                    int left = line.quantity() - order.returned().getOrDefault(line.lineId(), 0);
                    if (left > 0 && random.nextBoolean()) {
                        int take = 1 + random.nextInt(left);
                        units.put(line.lineId(), take);
                        order.returned().merge(line.lineId(), take, Integer::sum);
                    }
                }
                if (!units.isEmpty()) {
                    String returnId = "ret-prop-" + runId + "-" + next++;
                    send(sent, order.id(), returned(returnId, order.id(), order.customer(), units));
                }
            } else if (dice < 80) { // the back office corrects, up or down (down is refused below available)
                long points = random.nextInt(400) - 150;
                if (points != 0) {
                    adjust(customer, points);
                }
            } else if (dice < 83) { // the clocks: holds past their deadline, points past their life
                jobs.expireHolds().await().atMost(WAIT);
                jobs.expirePoints(Instant.now().plus(Duration.ofDays(random.nextInt(800))))
                        .await()
                        .atMost(WAIT);
            } else if (!sent.isEmpty()) { // an event delivered again, or published again under a new id
                ConsumerRecord<String, byte[]> again = sent.get(random.nextInt(sent.size()));
                deliver(random.nextBoolean() ? again : republished(again));
            }
        }
        assertInvariants();
    }

    private String ownerOf(String reference) {
        return sessions.withSession(session -> holds.byReference(session, reference))
                .await()
                .atMost(WAIT)
                .orElseThrow()
                .customerId();
    }

    private boolean hold(String customer, String reference, long points) {
        return sessions.withTransaction(session -> ledger.open(session, customer)
                        .chain(() -> holds.hold(session, reference, customer, points, 600, "property", 0)))
                .await()
                .atMost(WAIT)
                .recorded();
    }

    private void adjust(String customer, long points) {
        String account = Ledger.customerAccount(customer);
        boolean add = points > 0;
        sessions.withTransaction(session -> ledger.open(session, customer)
                        .chain(() -> ledger.post(
                                session,
                                new Ledger.Transfer(
                                        add ? "program:adjustments" : account,
                                        add ? account : "program:adjustments",
                                        Math.abs(points),
                                        "ADJUST",
                                        "adjustment:" + UUID.randomUUID(),
                                        null,
                                        null,
                                        "property test",
                                        "property",
                                        !add))))
                .await()
                .atMost(WAIT);
    }

    private void send(List<ConsumerRecord<String, byte[]>> sent, String key, Record payload) {
        EventType type = EventType.of(payload);
        ConsumerRecord<String, byte[]> record =
                TopicWriter.consumed(type.topic(), key, type.type(), LoyaltyScenes.json(payload), UUID.randomUUID());
        sent.add(record);
        deliver(record);
    }

    private static ConsumerRecord<String, byte[]> republished(ConsumerRecord<String, byte[]> record) {
        String type = new String(record.headers().lastHeader("ce_type").value());
        return TopicWriter.consumed(record.topic(), record.key(), type, new String(record.value()), UUID.randomUUID());
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        if (record.topic().equals(EventType.RETURN_ACCEPTED.topic())) {
            events.onReturn(record).await().atMost(WAIT);
        } else {
            events.onOrder(record).await().atMost(WAIT);
        }
    }

    private void assertInvariants() throws SQLException {
        Ledger.Invariants invariants = sessions.withSession(session -> ledger.invariants(session))
                .await()
                .atMost(WAIT);
        assertEquals(0, invariants.sumOfBalances(), "all balances sum to zero");
        assertEquals(0, invariants.accountsOffTheirTransfers(), "each balance equals its transfers");
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            assertEquals(0, count(statement, "SELECT count(*) - count(DISTINCT source) FROM loyalty.transfer"));
            assertEquals(
                    0,
                    count(
                            statement,
                            "SELECT count(*) FROM loyalty.account a WHERE a.held <> coalesce((SELECT sum(points)"
                                    + " FROM loyalty.point_hold h WHERE h.status = 'HELD'"
                                    + " AND 'customer:' || h.customer_id = a.id), 0)"),
                    "held points are exactly the open holds");
            assertEquals(
                    0,
                    count(
                            statement,
                            "SELECT count(*) FROM loyalty.line_points p WHERE p.returned > p.quantity"
                                    + " OR (SELECT coalesce(sum(taken_back), 0) FROM loyalty.line_return r"
                                    + " WHERE r.order_id = p.order_id AND r.line_id = p.line_id) > p.earned"
                                    + " OR (SELECT coalesce(sum(given_back), 0) FROM loyalty.line_return r"
                                    + " WHERE r.order_id = p.order_id AND r.line_id = p.line_id) > p.redeemed"
                                    + " OR (p.returned = p.quantity AND ((SELECT sum(taken_back) FROM loyalty.line_return r"
                                    + " WHERE r.order_id = p.order_id AND r.line_id = p.line_id) <> p.earned"
                                    + " OR (SELECT sum(given_back) FROM loyalty.line_return r"
                                    + " WHERE r.order_id = p.order_id AND r.line_id = p.line_id) <> p.redeemed))"),
                    "no line moves more than it earned or had spent; a fully returned line moves exactly that");
            assertTrue(count(statement, "SELECT count(*) FROM loyalty.transfer") > OPERATIONS / 4);
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
