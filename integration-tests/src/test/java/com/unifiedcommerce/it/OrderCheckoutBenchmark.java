package com.unifiedcommerce.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.unifiedcommerce.infra.support.LoadRun;
import com.unifiedcommerce.it.bench.Ceilings;
import com.unifiedcommerce.it.system.BackOffice;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.SystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checkouts per second through the gateway: web orders for pickup at one store, each one priced
 * from the item master, held in inventory and written with its outbox row, by two customers with
 * real tokens, closed loop; beside the PostgreSQL ceiling for a transaction of the same shape
 * (one conditional increment and one order-sized insert per commit) in the same run. Run by
 * scripts/bench-orders.sh, never by the test suite. Settings: -Dbench.clients, -Dbench.seconds.
 */
@ExtendWith(SystemExtension.class)
class OrderCheckoutBenchmark {

    private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int SKUS = 50;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Test
    void checkoutsThroughTheGateway(RunningSystem system) throws Exception {
        scene(system);
        List<String> customers =
                List.of(system.tokens().user("alice"), system.tokens().user("bob"));
        String gateway = Boolean.getBoolean("bench.direct") ? system.serviceUrl("order") : system.gatewayUrl();
        AtomicReference<String> firstRefusal = new AtomicReference<>();
        LoadRun.Worker checkouts = client -> () -> {
            String sku = "BENCH-" + ThreadLocalRandom.current().nextInt(SKUS);
            String body = "{\"channel\":\"WEB\",\"fulfilment\":\"PICKUP\",\"locationId\":\"store-001\","
                    + "\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"tenders\":[{\"type\":\"CARD\","
                    + "\"amount\":{\"amount\":2599,\"currency\":\"EUR\"},\"reference\":\"tok_4242424242424242\"}]}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/orders"))
                    .header("Authorization", "Bearer " + customers.get(client % 2))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201 && firstRefusal.get() == null) {
                firstRefusal.set(response.statusCode() + " " + response.body());
            }
            return response.statusCode() == 201;
        };
        LoadRun.measure(CLIENTS, SECONDS, checkouts); // the applications' compilers warm up
        LoadRun.report(
                "orders", "checkouts through the gateway (checkouts/s)", LoadRun.measure(CLIENTS, SECONDS, checkouts));
        inside(system);
        if (firstRefusal.get() != null) {
            System.out.println("BENCH orders: the first refused checkout answered " + firstRefusal.get());
        }
        LoadRun.report(
                "orders",
                "PostgreSQL ceiling, increment + order insert per commit (tps)",
                new Ceilings(system.postgres(), CLIENTS, SECONDS).checkout());
    }

    /**
     * Where a checkout's time goes: the order service's own timing of its calls to other services
     * (Micrometer's client metrics), averaged over both runs.
     */
    private void inside(RunningSystem system) throws Exception {
        String metrics = http.send(
                        HttpRequest.newBuilder(URI.create(system.serviceUrl("order") + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Map<String, double[]> calls = new TreeMap<>();
        // A count may be followed by an exemplar (" # {span_id=...} 1.0 <time>") when traces are recorded.
        Pattern line =
                Pattern.compile("http_(client|server)_requests_seconds_(sum|count)\\{(.*?)\\} ([0-9.E+-]+)(?: # .*)?");
        metrics.lines().map(line::matcher).filter(Matcher::matches).forEach(m -> {
            String labels = m.group(3);
            String name = m.group(1) + " " + label(labels, "method") + " " + label(labels, "uri")
                    + (m.group(1).equals("client") ? " (" + label(labels, "clientName") + ")" : "");
            if (label(labels, "uri").contains("orders") || m.group(1).equals("client")) {
                calls.computeIfAbsent(name, n -> new double[2])[m.group(2).equals("sum") ? 0 : 1] +=
                        Double.parseDouble(m.group(4));
            }
        });
        calls.forEach((name, sumCount) -> System.out.printf(
                Locale.ROOT,
                "BENCH orders inside a checkout, %s: %.1f ms on average over %.0f calls%n",
                name,
                sumCount[0] * 1000 / sumCount[1],
                sumCount[1]));
    }

    private static String label(String labels, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
        return m.find() ? m.group(1) : "";
    }

    /** The store and SKUS items with 100,000 units each at store-001. */
    private static void scene(RunningSystem system) {
        BackOffice backOffice = new BackOffice(system);
        backOffice.store("store-001");
        for (int i = 0; i < SKUS; i++) {
            backOffice.item("BENCH-" + i, 2_599);
            backOffice.receive("store-001", "BENCH-" + i, 100_000);
        }
    }
}
