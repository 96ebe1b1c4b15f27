package com.unifiedcommerce.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.it.system.BackOffice;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.Shop;
import com.unifiedcommerce.it.system.SystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The business figures a platform team watches move after the journeys that should move them, read
 * from each service's Prometheus endpoint: checkouts by channel and outcome, holds refused by
 * reason, pickups and no-shows per store, returned units by reason, points earned, redeemed,
 * reversed and given back, events published from the outbox and their lag, and the Kafka consumers'
 * lag. Other tests run beside this one, so each figure is checked to have grown
 * by at least what this journey did.
 */
@ExtendWith(SystemExtension.class)
class BusinessMetricsJourneyTest {

    // name{labels} value, and maybe an exemplar: " # {trace_id=...} value time".
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)( # .*)?$");

    @Test
    void eachJourneyMovesItsFigures(RunningSystem system) {
        BackOffice backOffice = new BackOffice(system);
        backOffice.store("store-001");
        backOffice.store("store-002");
        String sku = "METRIC-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        backOffice.item(sku, 2_599);
        backOffice.receive("store-001", sku, 6);
        Shop shop = new Shop(system);
        Shop.Customer customer = shop.newCustomer("metric-" + sku.substring(7).toLowerCase());
        shop.givePoints(customer.id(), 500);

        Figure placed =
                new Figure(system, "order", "commerce_checkouts_total", Map.of("channel", "WEB", "outcome", "placed"));
        Figure refused = new Figure(
                system, "order", "commerce_checkouts_total", Map.of("channel", "WEB", "outcome", "refused_conflict"));
        Figure shortStock =
                new Figure(system, "inventory", "commerce_holds_refused_total", Map.of("reason", "short_stock"));
        Figure pickups = new Figure(system, "order", "commerce_orders_picked_up_total", Map.of("store", "store-001"));
        Figure noShows = new Figure(
                system, "order", "commerce_orders_cancelled_total", Map.of("reason", "NO_SHOW", "store", "store-001"));
        Figure returned = new Figure(system, "returns", "commerce_returns_units_total", Map.of("reason", "WRONG_SIZE"));
        Figure earned = new Figure(system, "loyalty", "commerce_loyalty_points_total", Map.of("movement", "earned"));
        Figure redeemed =
                new Figure(system, "loyalty", "commerce_loyalty_points_total", Map.of("movement", "redeemed"));
        Figure reversed =
                new Figure(system, "loyalty", "commerce_loyalty_points_total", Map.of("movement", "reversed"));
        Figure published = new Figure(system, "order", "commerce_outbox_published_total", Map.of());
        Figure lagged = new Figure(system, "order", "commerce_outbox_publish_lag_seconds_count", Map.of());
        Figure refunded =
                new Figure(system, "loyalty", "commerce_loyalty_points_total", Map.of("movement", "refunded"));

        // Refused: more than the store has.
        shop.with(customer.token())
                .body(Shop.pickup(
                        "store-001",
                        List.of(Map.of("sku", sku, "quantity", 99)),
                        List.of(Shop.tender("CARD", 257_301, "tok_4242424242424242")),
                        0))
                .post("/api/orders")
                .then()
                .statusCode(409);
        // Placed with 300 points, picked up (earns), one unit returned at another store.
        String order = shop.webPickup(
                customer.token(),
                "store-001",
                List.of(Map.of("sku", sku, "quantity", 2)),
                List.of(Shop.tender("CARD", 4_898, "tok_4242424242424242")),
                300);
        shop.handOver("ada", customer.token(), order);
        Map<String, Object> line =
                Map.of("lineId", "l1", "quantity", 1, "reason", "WRONG_SIZE", "condition", "RESELLABLE");
        Map<String, Object> back =
                new HashMap<>(Map.of("orderId", order, "locationId", "store-002", "lines", List.of(line)));
        Eventually.equal(
                201, () -> shop.as("ben").body(back).post("/api/returns").statusCode());
        // Placed, made ready and never collected: a no-show (the suite holds ready orders seconds).
        String forgotten = shop.webPickup(
                customer.token(),
                "store-001",
                List.of(Map.of("sku", sku, "quantity", 1)),
                List.of(Shop.tender("CARD", 2_599, "tok_4242424242424242")),
                0);
        shop.as("ada").post("/api/orders/" + forgotten + "/ready").then().statusCode(200);

        Duration within = Duration.ofSeconds(40);
        placed.grows(2, within);
        refused.grows(1, within);
        shortStock.grows(1, within);
        pickups.grows(1, within);
        noShows.grows(1, within);
        returned.grows(1, within);
        earned.grows(1, within);
        redeemed.grows(300, within);
        reversed.grows(1, within);
        refunded.grows(1, within);
        // The event plumbing: every event the journey wrote left the order service's outbox, each
        // with its lag measured; the consumers' own lag comes from the Kafka client.
        published.grows(5, within);
        lagged.grows(5, within);
        assertTrue(
                new Figure(system, "loyalty", "kafka_consumer_fetch_manager_records_lag_max", Map.of()).exists(),
                "loyalty's consumers report their lag");
    }

    /** One figure of one service: the sum of the series whose labels include {@code labels}. */
    private static final class Figure {
        private final RunningSystem system;
        private final String service;
        private final String name;
        private final Map<String, String> labels;
        private final double before;

        Figure(RunningSystem system, String service, String name, Map<String, String> labels) {
            this.system = system;
            this.service = service;
            this.name = name;
            this.labels = labels;
            this.before = read();
        }

        /** Waits until the figure grew by at least {@code atLeast}; fails naming it and what the service shows. */
        void grows(double atLeast, Duration within) {
            java.time.Instant deadline = java.time.Instant.now().plus(within);
            double now = read();
            while (now - before < atLeast && java.time.Instant.now().isBefore(deadline)) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                now = read();
            }
            if (now - before < atLeast) {
                throw new AssertionError(service + " " + name + labels + " grew by " + (now - before) + ", not "
                        + atLeast + "; the service shows: " + series());
            }
        }

        boolean exists() {
            return !series().isEmpty();
        }

        private List<String> series() {
            return java.util.Arrays.stream(text().split("\n"))
                    .filter(line -> line.startsWith(name.replaceAll("_total$", "")))
                    .toList();
        }

        private String text() {
            return given().baseUri(system.serviceUrl(service))
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
        }

        double read() {
            double sum = 0;
            for (String sample : text().split("\n")) {
                Matcher m = SAMPLE.matcher(sample.strip());
                if (m.matches() && m.group(1).equals(name) && hasLabels(m.group(3))) {
                    sum += Double.parseDouble(m.group(4));
                }
            }
            return sum;
        }

        private boolean hasLabels(String series) {
            String text = series == null ? "" : series;
            return labels.entrySet().stream().allMatch(l -> text.contains(l.getKey() + "=\"" + l.getValue() + "\""));
        }
    }
}
