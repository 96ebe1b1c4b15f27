package com.unifiedcommerce.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.it.system.BackOffice;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.Shop;
import com.unifiedcommerce.it.system.SystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Traces across HTTP and Kafka. Each request is a trace of its own unless its caller sends a W3C
 * traceparent; here the client carries one trace through its whole BOPIS journey, as a storefront
 * session or a POS transaction would, and the spans the applications write to their logs (platform
 * SpanLog) show under that one trace id: the gateway, the order service, inventory (the hold over
 * HTTP; the pickup's stock movement from the event), the outbox's Kafka hop (the producer span) and
 * loyalty's consumer earning the points.
 */
@ExtendWith(SystemExtension.class)
class TraceJourneyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SPAN =
            Pattern.compile("span trace=(\\w+) span=\\w+ parent=\\S+ kind=(\\w+) service=(\\S+)");
    /** Stands for the pickup request's own span among the parts a journey's trace must show. */
    private static final String PICKUP = "the pickup's span";

    private static final List<String> APPS = List.of("gateway", "inventory", "order", "loyalty", "returns", "customer");

    @Test
    void aBopisJourneyIsOneTraceFromTheGatewayThroughKafkaToTheServicesThatActOnIt(RunningSystem system) {
        BackOffice backOffice = new BackOffice(system);
        backOffice.store("store-001");
        String sku = "TRACE-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        backOffice.item(sku, 1_000);
        backOffice.receive("store-001", sku, 3);
        Shop shop = new Shop(system);
        Shop.Customer customer = shop.newCustomer("trace-" + sku.substring(6).toLowerCase());

        String journey = traceId();
        String order = shop.with(customer.token())
                .header("traceparent", traceparent(journey))
                .body(Shop.pickup(
                        "store-001",
                        List.of(Map.of("sku", sku, "quantity", 1)),
                        List.of(Shop.tender("CARD", 1_000, "tok_4242424242424242")),
                        0))
                .post("/api/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        shop.as("ada")
                .header("traceparent", traceparent(journey))
                .post("/api/orders/" + order + "/ready")
                .then()
                .statusCode(200);
        String code = shop.with(customer.token()).get("/api/orders/" + order).path("pickup.code");
        shop.as("ada")
                .header("traceparent", traceparent(journey))
                .body(Map.of("code", code))
                .post("/api/orders/" + order + "/pickup")
                .then()
                .statusCode(200);
        Eventually.equal(true, () -> shop.points(customer.id()) > 0);

        // Spans reach the log when their batch is exported (every few seconds), each application on
        // its own schedule: the checkout's spans can already show every part while the pickup's
        // batch is still waiting, so the pickup's own span is one of the parts waited for.
        Set<String> parts = Set.of(
                PICKUP,
                "gateway SERVER",
                "order SERVER",
                "order CLIENT",
                "inventory SERVER",
                "order PRODUCER",
                "inventory CONSUMER",
                "loyalty CONSUMER");
        Eventually.equal(parts, () -> present(system, journey, parts), Duration.ofSeconds(30));
        assertTrue(
                spans(system, journey).stream().noneMatch(s -> s.contains("status=ERROR")),
                "no span of the journey failed: " + spans(system, journey));
    }

    /** Which of {@code wanted} ("service KIND", or {@link #PICKUP}) the logs show under the trace. */
    private static Set<String> present(RunningSystem system, String trace, Set<String> wanted) {
        Set<String> found = new TreeSet<>();
        for (String line : spans(system, trace)) {
            Matcher m = SPAN.matcher(line);
            if (m.find() && wanted.contains(m.group(3) + " " + m.group(2))) {
                found.add(m.group(3) + " " + m.group(2));
            }
            if (line.contains("name=\"POST /api/orders/{id}/pickup\"")) {
                found.add(PICKUP);
            }
        }
        return found;
    }

    /** The span lines of one trace in every application's log. */
    private static List<String> spans(RunningSystem system, String trace) {
        return APPS.stream()
                .map(system::log)
                .filter(Files::exists)
                .flatMap(TraceJourneyTest::lines)
                .map(TraceJourneyTest::message)
                .filter(message -> message.startsWith("span trace=" + trace + " "))
                .toList();
    }

    private static java.util.stream.Stream<String> lines(Path log) {
        try {
            return Files.readAllLines(log).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message of a JSON log line; empty for anything else (a JVM's own output). */
    private static String message(String line) {
        if (!line.startsWith("{")) {
            return "";
        }
        try {
            JsonNode entry = JSON.readTree(line);
            return "commerce.spans".equals(entry.path("loggerName").asText())
                    ? entry.path("message").asText()
                    : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String traceId() {
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static String traceparent(String traceId) {
        return "00-" + traceId + "-" + "00f067aa0ba902b7" + "-01";
    }
}
