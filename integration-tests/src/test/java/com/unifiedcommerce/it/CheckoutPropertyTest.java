package com.unifiedcommerce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.it.system.BackOffice;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.Shop;
import com.unifiedcommerce.it.system.SystemExtension;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thousands of checkout attempts in random interleavings, through the gateway: first tries,
 * retries with the same key, replays with another body, refusals for stock and points, concurrent
 * repeats of one key, cancellations, and the hold-expiry and checkout-sweep jobs running all the
 * while. Then no order is placed without its stock held, no stock is held without a placed order,
 * every order a client was told about exists as told, and no key ever named two orders. The seed
 * is printed; {@code -Dproperty.seed=...} replays the choices (not the thread timing).
 */
@ExtendWith(SystemExtension.class)
class CheckoutPropertyTest {

    private static final int OPERATIONS = Integer.getInteger("property.operations", 2_000);
    private static final int THREADS = 8;
    private static final int KEYS_PER_CUSTOMER = 60;
    private static final long PRICE = 1_000;

    private record Body(Map<String, Object> json, Map<String, Integer> units, long points) {}

    /** What clients were told: per key, the order it placed (at most one) and with which body. */
    private final Map<String, String> orderOfKey = new ConcurrentHashMap<>();

    private final Map<String, Body> placedBody = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();

    @Test
    void noInterleavingOfCheckoutsRetriesReplaysExpiryAndCancellationLeavesAnOrderWithoutStockOrStockWithoutAnOrder(
            RunningSystem system) throws Exception {
        long seed = Long.getLong("property.seed", System.nanoTime());
        System.out.println("CheckoutPropertyTest seed: " + seed + " (-Dproperty.seed=" + seed + " replays it)");
        Shop shop = new Shop(system);
        BackOffice backOffice = new BackOffice(system);
        backOffice.store("store-001");
        String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String sku = "PROP" + i + "-" + run;
            backOffice.item(sku, PRICE);
            backOffice.receive("store-001", sku, 8);
            skus.add(sku);
        }
        List<Shop.Customer> customers = List.of(
                shop.newCustomer("prop-a-" + run.toLowerCase()), shop.newCustomer("prop-b-" + run.toLowerCase()));
        for (Shop.Customer customer : customers) {
            shop.givePoints(customer.id(), 1_500);
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(seed + t);
                work.add(pool.submit(() -> {
                    for (int i = 0; i < OPERATIONS / THREADS; i++) {
                        step(shop, customers.get(random.nextInt(customers.size())), skus, run, random);
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("CheckoutPropertyTest answers by status: " + answers);

        // Every order a client was told was placed exists, once per key, as placed or cancelled.
        for (Map.Entry<String, String> placed : orderOfKey.entrySet()) {
            Response order = shop.as("root").get("/api/orders/" + placed.getValue());
            assertEquals(200, order.statusCode(), "order " + placed.getValue() + " of key " + placed.getKey());
            String status = order.path("status");
            assertTrue(Set.of("PLACED", "CANCELLED").contains(status), placed.getValue() + " is " + status);
        }
        // The ledger's placed orders are the ones clients were told about (or whose answer was lost).
        Map<String, Integer> held = new HashMap<>();
        int unknown = 0;
        for (Shop.Customer customer : customers) {
            for (Map<String, Object> order : placedOrders(shop, customer.id())) {
                if (!orderOfKey.containsValue((String) order.get("id"))) {
                    unknown++;
                }
                for (Object line : (List<?>) order.get("lines")) {
                    Map<?, ?> l = (Map<?, ?>) line;
                    held.merge((String) l.get("sku"), ((Number) l.get("quantity")).intValue(), Integer::sum);
                }
            }
        }
        int lost = answers.getOrDefault(503, new AtomicInteger()).get()
                + answers.getOrDefault(504, new AtomicInteger()).get();
        assertTrue(unknown <= lost, unknown + " placed orders no client heard of, but only " + lost + " lost answers");
        // Once the jobs and consumers settled: stock held is exactly what the placed orders need.
        for (String sku : skus) {
            int expected = held.getOrDefault(sku, 0);
            Eventually.equal(
                    expected,
                    () -> shop.as("root").get("/api/stock/store-001/" + sku).path("reserved"),
                    Duration.ofSeconds(60));
        }
        // And the order ledger finds every placed order's hold, and an order for every committed hold.
        Eventually.equal(
                Boolean.TRUE,
                () -> shop.as("root").get("/api/orders/invariants").path("holds"),
                Duration.ofSeconds(60));
    }

    /** The customer's PLACED orders as the ledger lists them, every page. */
    private static List<Map<String, Object>> placedOrders(Shop shop, String customerId) {
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int page = 0; ; page++) {
            List<Map<String, Object>> items = shop.as("root")
                    .get("/api/orders?status=PLACED&size=100&customerId=" + customerId + "&page=" + page)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("items");
            orders.addAll(items);
            if (items.size() < 100) {
                return orders;
            }
        }
    }

    /** One random client action. */
    private void step(Shop shop, Shop.Customer customer, List<String> skus, String run, Random random) {
        int dice = random.nextInt(100);
        String key = customer.id() + "-" + run + "-" + random.nextInt(KEYS_PER_CUSTOMER);
        if (dice < 10 && !orderOfKey.isEmpty()) {
            cancelSome(shop, customer, random);
            return;
        }
        Body body = placedBody.containsKey(key) && dice < 40
                // a replay of what the key placed: the same order, nothing changes
                ? placedBody.get(key)
                : body(skus, random);
        Response answer = shop.with(customer.token())
                .header("Idempotency-Key", key)
                .body(body.json())
                .post("/api/orders");
        int status = answer.statusCode();
        answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        if (status == 201) {
            String id = answer.path("id");
            String before = orderOfKey.putIfAbsent(key, id);
            assertTrue(before == null || before.equals(id), "key " + key + " named " + before + " and " + id);
            Body first = placedBody.putIfAbsent(key, body);
            assertTrue(
                    first == null || first.json().equals(body.json()),
                    "a placed key answered 201 for another body: " + key);
        } else {
            assertTrue(Set.of(400, 409, 422, 503, 504).contains(status), status + ": " + answer.asString());
            if (status == 422) {
                assertTrue(placedBody.containsKey(key) || answer.asString().contains("idempotency"), answer.asString());
            }
        }
    }

    private void cancelSome(Shop shop, Shop.Customer customer, Random random) {
        List<String> keys = orderOfKey.keySet().stream()
                .filter(k -> k.startsWith(customer.id() + "-"))
                .sorted()
                .toList();
        if (keys.isEmpty()) {
            return;
        }
        String id = orderOfKey.get(keys.get(random.nextInt(keys.size())));
        int status = shop.with(customer.token())
                .post("/api/orders/" + id + "/cancel")
                .statusCode();
        assertTrue(status == 200 || status == 409, "cancel answered " + status);
        answers.computeIfAbsent(1000 + status, s -> new AtomicInteger()).incrementAndGet();
    }

    /** A web pickup of 1-2 SKUs, 1-3 units each, paid by card and sometimes points (sometimes too many). */
    private static Body body(List<String> skus, Random random) {
        Map<String, Integer> units = new HashMap<>();
        int lines = 1 + random.nextInt(2);
        while (units.size() < lines) {
            units.put(skus.get(random.nextInt(skus.size())), 1 + random.nextInt(3));
        }
        long total = units.values().stream().mapToLong(u -> u * PRICE).sum();
        long points = random.nextInt(4) == 0 ? 100 * (1 + random.nextInt(12)) : 0;
        points = Math.min(points, total);
        List<Map<String, Object>> lineJson = units.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> Map.<String, Object>of("sku", e.getKey(), "quantity", e.getValue()))
                .toList();
        Map<String, Object> json = Shop.pickup(
                "store-001",
                lineJson,
                total - points == 0 ? List.of() : List.of(Shop.tender("CARD", total - points, "tok_4242424242424242")),
                points);
        return new Body(json, units, points);
    }
}
