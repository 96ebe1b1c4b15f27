package com.unifiedcommerce.gateway.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Service instances that behave as a balancer meets them: healthy ones that say who they are,
 * one that answers 503 to every API call while claiming to be ready, one that hangs on API calls
 * while claiming to be ready, one that is not ready, an address where nothing listens, and two
 * slow ones (one answers 503 after {@link #SLOW_503_MILLIS}, one 200 after {@link #SLOW_MILLIS}).
 * Every instance counts the API calls it received ({@code GET /seen}), so a test can tell
 * whether a request was sent twice.
 */
public class FakeInstances implements QuarkusTestResourceLifecycleManager {

    enum Behaviour {
        HEALTHY,
        ANSWERS_503,
        HANGS,
        NOT_READY,
        SLOW_503,
        SLOW
    }

    /** Together longer than the test profile's 1 s time-out, each shorter. */
    static final long SLOW_503_MILLIS = 900;

    static final long SLOW_MILLIS = 800;

    private final List<HttpServer> servers = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            Map<String, String> config = new HashMap<>();
            String a = serve("a", Behaviour.HEALTHY, config);
            String b = serve("b", Behaviour.HEALTHY, config);
            String c = serve("c", Behaviour.HEALTHY, config);
            String refusing = closedAddress();
            String d = serve("d", Behaviour.ANSWERS_503, config);
            String e = serve("e", Behaviour.HEALTHY, config);
            String hanging = serve("hanging", Behaviour.HANGS, config);
            String g = serve("g", Behaviour.HEALTHY, config);
            String notReady = serve("not-ready", Behaviour.NOT_READY, config);
            String h = serve("h", Behaviour.HEALTHY, config);
            String slow503 = serve("slow-503", Behaviour.SLOW_503, config);
            String slow = serve("slow", Behaviour.SLOW, config);
            config.put("gateway.upstream.inventory", a + "," + b);
            config.put("gateway.upstream.order", refusing + "," + c);
            config.put("gateway.upstream.loyalty", d + "," + e);
            config.put("gateway.upstream.returns", hanging + "," + g);
            config.put("gateway.upstream.customer", notReady + "," + h);
            config.put("gateway.upstream.payment", slow503 + "," + slow);
            config.put("gateway.health-every", "200ms");
            config.put("gateway.rate-limit.burst", "1000");
            config.put("gateway.rate-limit.per-second", "1000");
            return config;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake instances", e);
        }
    }

    private String serve(String name, Behaviour behaviour, Map<String, String> config) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        AtomicInteger seen = new AtomicInteger();
        server.createContext("/q/health/ready", exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, behaviour == Behaviour.NOT_READY ? 503 : 200, "{\"status\":\"UP\"}");
        });
        server.createContext("/seen", exchange -> answer(exchange, 200, Integer.toString(seen.get())));
        server.createContext("/api", exchange -> {
            exchange.getRequestBody().readAllBytes();
            seen.incrementAndGet();
            switch (behaviour) {
                case ANSWERS_503 -> answer(exchange, 503, "{\"status\":503}");
                case SLOW_503 -> {
                    pause(SLOW_503_MILLIS);
                    answer(exchange, 503, "{\"status\":503}");
                }
                case SLOW -> {
                    pause(SLOW_MILLIS);
                    answer(exchange, 200, "{\"instance\":\"" + name + "\"}");
                }
                case HANGS -> {
                    pause(60_000);
                    exchange.close();
                }
                default -> {
                    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                    answer(
                            exchange,
                            200,
                            "{\"instance\":\"" + name + "\",\"method\":\"" + exchange.getRequestMethod() + "\",\"key\":"
                                    + (key == null ? "null" : "\"" + key + "\"") + "}");
                }
            }
        });
        server.start();
        servers.add(server);
        String address = "http://127.0.0.1:" + server.getAddress().getPort();
        config.put("fake." + name, address);
        return address;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String closedAddress() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + probe.getLocalPort();
        }
    }

    @Override
    public void stop() {
        servers.forEach(server -> server.stop(0));
    }
}
