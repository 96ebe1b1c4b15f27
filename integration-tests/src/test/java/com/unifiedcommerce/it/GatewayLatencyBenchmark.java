package com.unifiedcommerce.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.SystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the gateway adds to a request's latency. The same trivial requests are sent at a fixed
 * rate (an open model: latency counts from when a request was due, so a stall is not hidden) to a
 * service directly and through the gateway; the difference of the percentiles is the gateway's
 * share: routing, token verification, rate limiting and the extra hop. Run by
 * scripts/bench-gateway.sh, never by the test suite. Settings: -Dbench.rate (requests/s),
 * -Dbench.seconds (measured), -Dbench.warmup-seconds.
 */
@ExtendWith(SystemExtension.class)
class GatewayLatencyBenchmark {

    private static final int RATE = Integer.getInteger("bench.rate", 200);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 30);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup-seconds", 10);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @Test
    void gatewayAddedLatency(RunningSystem system) throws Exception {
        String token = system.tokens().user("alice");
        // Public: routing and the extra hop. Signed in: the token verified by the gateway too.
        compare(
                "public GET /api/items/{sku}",
                system.serviceUrl("inventory"),
                system.gatewayUrl(),
                "/api/items/SKU-BENCH",
                null);
        compare(
                "signed-in GET /api/orders/{id}",
                system.serviceUrl("order"),
                system.gatewayUrl(),
                "/api/orders/ord-bench",
                token);
    }

    private void compare(String route, String direct, String gateway, String path, String token) throws Exception {
        run(direct + path, token, WARMUP_SECONDS);
        run(gateway + path, token, WARMUP_SECONDS);
        long[] straight = run(direct + path, token, SECONDS);
        long[] through = run(gateway + path, token, SECONDS);
        System.out.printf(
                Locale.ROOT,
                "BENCH gateway %s at %d req/s for %d s: direct p50 %.2f ms p99 %.2f ms; via gateway p50 %.2f ms p99 %.2f ms;"
                        + " added p50 %.2f ms p99 %.2f ms%n",
                route,
                RATE,
                SECONDS,
                millis(percentile(straight, 50)),
                millis(percentile(straight, 99)),
                millis(percentile(through, 50)),
                millis(percentile(through, 99)),
                millis(percentile(through, 50) - percentile(straight, 50)),
                millis(percentile(through, 99) - percentile(straight, 99)));
    }

    /** Sends RATE requests a second for {@code seconds}; returns each one's latency in nanoseconds. */
    private long[] run(String url, String token, int seconds) throws Exception {
        int total = RATE * seconds;
        long[] latencies = new long[total];
        AtomicInteger failures = new AtomicInteger();
        CompletableFuture<?>[] done = new CompletableFuture<?>[total];
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        long intervalNanos = 1_000_000_000L / RATE;
        long start = System.nanoTime() + 50_000_000L;
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < total; i++) {
                int index = i;
                long due = start + i * intervalNanos;
                CompletableFuture<Void> sent = new CompletableFuture<>();
                done[i] = sent;
                clock.schedule(
                        () -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                                .whenComplete((response, failure) -> {
                                    latencies[index] = System.nanoTime() - due;
                                    if (failure != null || response.statusCode() >= 500) {
                                        failures.incrementAndGet();
                                    }
                                    sent.complete(null);
                                }),
                        due - System.nanoTime(),
                        TimeUnit.NANOSECONDS);
            }
            CompletableFuture.allOf(done).get(seconds + 60L, TimeUnit.SECONDS);
        } finally {
            clock.shutdownNow();
        }
        if (failures.get() > 0) {
            throw new AssertionError(failures.get() + " of " + total + " requests to " + url + " failed");
        }
        Arrays.sort(latencies);
        return latencies;
    }

    private static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
