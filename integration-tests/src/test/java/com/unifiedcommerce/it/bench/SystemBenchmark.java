package com.unifiedcommerce.it.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.unifiedcommerce.infra.support.LoadRun;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.SystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole performance picture in one run (scripts/bench.sh; never part of the test suite): the
 * PostgreSQL ceilings, holds through the inventory API (spread and one hot SKU, checked for
 * oversell), availability lookups, checkouts through the gateway (closed model for the maximum,
 * then an open model at 70 % of it), pickup-to-points latency while that open load runs, the load
 * generator's own CPU share, the CPU a checkout costs in each application, and each application's
 * CPU when idle. Settings: -Dbench.seconds (per measured figure), -Dbench.clients (closed models),
 * -Dbench.scale (small or large: see {@link LargeScale}), -Dbench.profile=DIR (flight recordings of
 * every application during the closed checkout run).
 */
@ExtendWith(SystemExtension.class)
class SystemBenchmark {

    private static final int SECONDS = Integer.getInteger("bench.seconds", 15);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
    private static final String SCALE = System.getProperty("bench.scale", "small");
    /**
     * How long the hold figures' holds live: longer than a run. With the default 15 minutes, the
     * tens of thousands made there expired during the idle figures at the end, and inventory's
     * expiry job releasing them read as 9 % of a core "idle".
     */
    private static final int HOLD_TTL_SECONDS = 7_200;

    private static final String PROFILE = System.getProperty("bench.profile", "");
    private static final String PROFILER = System.getProperty("bench.profiler", "");
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Pickup-to-points probes running at once beside the open model (each one order at a time). */
    private static final int PROBES = Integer.getInteger("bench.probes", 3);
    /**
     * Each probe starts a pickup at most this often. Back to back, three probes' orders, pickups and
     * polls added a sixth to the open model's checkouts and most of loyalty's CPU in that figure
     * (`checkout_open_cpu_ms`): the measurement loaded what it measured.
     */
    private static final Duration PROBE_PACE = Duration.ofSeconds(1);
    /**
     * The longest warm-up before a figure, in seconds (see {@link Warmup}). With the full JIT the
     * checkout path was still a third compiling after 120 s and about a fifth after 240 s.
     */
    private static final int WARMUP_MAX = Integer.getInteger("bench.warmup-max-seconds", 240);

    /** SKUs that checkouts buy, the spread holds take, and the one hot SKU. */
    private static final int CHECKOUT_SKUS = 50;

    private static final int HOLD_SKUS = 1_000;
    private static final String HOT_SKU = "HOT-1";
    private static final String STORE = "store-001";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4))
            .build();

    private RunningSystem system;
    private Scene scene;

    @Test
    void wholePicture(RunningSystem system) throws Exception {
        this.system = system;
        Figures.print(
                "run",
                "scale",
                SCALE,
                "cores",
                CORES,
                "seconds",
                SECONDS,
                "clients",
                CLIENTS,
                "jit",
                jit(System.getProperty("it.jvm-options", "")),
                "jit_inventory",
                jit(System.getProperty("it.jvm-options.inventory", System.getProperty("it.jvm-options", ""))),
                "gc",
                gc(System.getProperty("it.jvm-options", "")));
        scene = "large".equals(SCALE) ? LargeScale.load(system) : Scene.small(system);
        Ceilings ceilings = new Ceilings(system.postgres(), CLIENTS, SECONDS);
        LoadRun.Result spread = ceilings.spread();
        Figures.closed("pg_ceiling_spread", spread);
        LoadRun.Result oneRow = ceilings.oneRow();
        Figures.closed("pg_ceiling_one_row", oneRow);
        LoadRun.Result checkoutCeiling = ceilings.checkout();
        Figures.closed("pg_ceiling_checkout", checkoutCeiling);

        holds(spread, oneRow);
        availability();
        double max = checkoutMax(checkoutCeiling);
        checkoutOpen(max * 0.7);
        idle();
        if (!PROFILE.isBlank() && !PROFILER.isBlank()) {
            ProfileSummary.write(Path.of(PROFILE), 25);
        }
    }

    private HttpRequest.Builder request(String url, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private int send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Holds straight to the inventory API as the order service holds them: spread, then one hot SKU. */
    private void holds(LoadRun.Result spreadCeiling, LoadRun.Result oneRowCeiling) throws Exception {
        String token = system.tokens().service("order");
        String url = system.serviceUrl("inventory") + "/api/reservations";
        for (String kind : List.of("spread", "hot")) {
            AtomicLong held = new AtomicLong();
            LoadRun.Worker worker = client -> () -> {
                String sku = kind.equals("hot") ? HOT_SKU : scene.holdSku(ThreadLocalRandom.current());
                String body = "{\"locationId\":\"" + STORE + "\",\"reference\":\"bench-" + UUID.randomUUID()
                        + "\",\"ttlSeconds\":" + HOLD_TTL_SECONDS + ",\"attempt\":1,\"lines\":[{\"sku\":\"" + sku
                        + "\",\"quantity\":1}]}";
                int status = send(request(url, token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
                if (status == 201 && kind.equals("hot")) {
                    held.incrementAndGet();
                }
                return status == 201;
            };
            Warmup.untilSettled(
                    "holds_" + kind, inventoryOnly(), CLIENTS, Math.max(5, SECONDS / 3), WARMUP_MAX, worker);
            long before = held.getAndSet(0);
            profile("holds-" + kind);
            MachineCpu cpu = MachineCpu.now();
            LoadRun.Result result = LoadRun.measure(CLIENTS, SECONDS, worker);
            busy("holds_" + kind, cpu);
            LoadRun.Result ceiling = kind.equals("hot") ? oneRowCeiling : spreadCeiling;
            double ratio = (double) result.succeeded() / ceiling.succeeded();
            if (kind.equals("hot")) {
                Map<String, Object> stock = Scene.stock(system, STORE, HOT_SKU);
                long reserved = ((Number) stock.get("reserved")).longValue();
                long onHand = ((Number) stock.get("onHand")).longValue();
                Figures.closed(
                        "holds_hot",
                        result,
                        "ceiling_tps",
                        ceiling.succeeded() / ceiling.seconds(),
                        "ratio",
                        ratio,
                        "held",
                        before + held.get(),
                        "reserved",
                        reserved,
                        "on_hand",
                        onHand,
                        "oversold",
                        Math.max(0, reserved - onHand),
                        "reserved_minus_held",
                        reserved - before - held.get());
            } else {
                Figures.closed(
                        "holds_spread", result, "ceiling_tps", ceiling.succeeded() / ceiling.seconds(), "ratio", ratio);
            }
        }
    }

    /** Three SKUs at the stores within 10 km of a point, anonymous, straight to the inventory API. */
    private void availability() throws Exception {
        String base = system.serviceUrl("inventory") + "/api/availability?radiusKm=10&lat=48.8600&lon=2.3500";
        LoadRun.Worker worker = client -> () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            StringBuilder url = new StringBuilder(base);
            for (int i = 0; i < 3; i++) {
                url.append("&sku=").append(URLEncoder.encode(scene.holdSku(random), StandardCharsets.UTF_8));
            }
            return send(request(url.toString(), null).GET().build()) == 200;
        };
        Warmup.untilSettled("availability", inventoryOnly(), CLIENTS, Math.max(5, SECONDS / 3), WARMUP_MAX, worker);
        profile("availability");
        MachineCpu cpu = MachineCpu.now();
        Figures.closed("availability", LoadRun.measure(CLIENTS, SECONDS, worker));
        busy("availability", cpu);
    }

    private HttpRequest checkoutRequest(String token) {
        String sku = "BENCH-" + ThreadLocalRandom.current().nextInt(CHECKOUT_SKUS);
        String body = "{\"channel\":\"WEB\",\"fulfilment\":\"PICKUP\",\"locationId\":\"" + STORE + "\","
                + "\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"tenders\":[{\"type\":\"CARD\","
                + "\"amount\":{\"amount\":2599,\"currency\":\"EUR\"},\"reference\":\"tok_4242424242424242\"}]}";
        return request(system.gatewayUrl() + "/api/orders", token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** Closed model through the gateway: the maximum, its cost in CPU per application, the generator's share. */
    private double checkoutMax(LoadRun.Result ceiling) throws Exception {
        String token = system.tokens().user("alice");
        AtomicReference<String> firstRefusal = new AtomicReference<>();
        LoadRun.Worker worker = client -> () -> {
            HttpResponse<String> response = http.send(checkoutRequest(token), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                firstRefusal.compareAndSet(null, response.statusCode() + " " + response.body());
            }
            return response.statusCode() == 201;
        };
        Map<String, Long> pids = system.pids();
        Warmup.untilSettled("checkout", pids, CLIENTS, SECONDS, WARMUP_MAX, worker);
        profile("checkout");
        long self = ProcessHandle.current().pid();
        Map<String, Long> before = Processes.cpuNanos(pids);
        Map<String, Long> jitBefore = Processes.jitNanos(pids);
        long selfBefore = Processes.cpuNanos(self);
        long wallStart = System.nanoTime();
        MachineCpu cpu = MachineCpu.now();
        LoadRun.Result result = LoadRun.measure(CLIENTS, SECONDS, worker);
        long wall = System.nanoTime() - wallStart;
        busy("checkout_max", cpu);
        Map<String, Long> after = Processes.cpuNanos(pids);
        Map<String, Long> jitAfter = Processes.jitNanos(pids);
        long selfCpu = Processes.cpuNanos(self) - selfBefore;
        double perSecond = (double) result.succeeded() / result.seconds();
        long ceilingTps = ceiling.succeeded() / ceiling.seconds();
        Figures.print(
                "checkout_max",
                "per_s",
                Math.round(perSecond),
                "ceiling_tps",
                ceilingTps,
                "ratio",
                String.format(java.util.Locale.ROOT, "%.4f", perSecond / ceilingTps),
                "p50_ms",
                result.p50Millis(),
                "p99_ms",
                result.p99Millis(),
                "clients",
                CLIENTS,
                "failed",
                result.failed());
        if (firstRefusal.get() != null) {
            Figures.print("checkout_refusal", "first", "\"" + firstRefusal.get().replace('"', '\'') + "\"");
        }
        Figures.print("checkout_cpu_ms", perCheckout(before, after, result.succeeded()));
        // Of that, what the JIT compiler threads used: CPU that goes to warming up, not to checkouts.
        Figures.print("checkout_jit_cpu_ms", perCheckout(jitBefore, jitAfter, result.succeeded()));
        Figures.print("load_generator", "cpu_percent_of_machine", 100.0 * selfCpu / (wall * (double) CORES));
        return perSecond;
    }

    /** Open model at the given rate, and pickup-to-points probes running beside it. */
    private void checkoutOpen(double rate) throws Exception {
        String token = system.tokens().user("alice");
        AtomicBoolean running = new AtomicBoolean(true);
        List<PickupProbe.Sample> pickups = new ArrayList<>();
        AtomicReference<Throwable> probeFailure = new AtomicReference<>();
        String bob = system.tokens().user("bob");
        String ada = system.tokens().user("ada");
        List<Thread> probes = new ArrayList<>();
        for (int i = 0; i < PROBES; i++) {
            probes.add(Thread.ofPlatform().name("pickup-to-points-" + i).start(() -> {
                try {
                    PickupProbe pickup = new PickupProbe(system, http, bob, ada);
                    while (running.get()) {
                        long started = System.nanoTime();
                        PickupProbe.Sample took = pickup.once();
                        synchronized (pickups) {
                            pickups.add(took);
                        }
                        long rest = PROBE_PACE.toNanos() - (System.nanoTime() - started);
                        if (rest > 0 && running.get()) {
                            Thread.sleep(Duration.ofNanos(rest));
                        }
                    }
                } catch (Throwable e) {
                    probeFailure.set(e);
                }
            }));
        }
        OpenModel.Result result;
        MachineCpu cpu;
        Map<String, Long> before;
        Map<String, Long> after;
        try {
            // The closed model warmed the applications, not the generator's asynchronous sends nor
            // the probes: without this, the generator's own compilers were most of its CPU, a
            // quarter of a core taken from the figure (docs/performance.md, eleventh session).
            Map<String, Long> pids = new HashMap<>(system.pids());
            pids.put("load-generator", ProcessHandle.current().pid());
            Warmup.untilSettled(
                    "checkout_open",
                    pids,
                    Math.max(5, SECONDS / 3),
                    WARMUP_MAX,
                    seconds -> OpenModel.run(http, rate, seconds, () -> checkoutRequest(token), 201));
            synchronized (pickups) {
                pickups.clear();
            }
            profile("checkout_open");
            cpu = MachineCpu.now();
            before = Processes.cpuNanos(system.pids());
            result = OpenModel.run(http, rate, SECONDS, () -> checkoutRequest(token), 201);
            after = Processes.cpuNanos(system.pids());
        } finally {
            running.set(false);
            for (Thread probe : probes) {
                probe.join();
            }
        }
        busy("checkout_open", cpu);
        Figures.print(
                "checkout_open",
                "rate_per_s",
                Math.round(rate),
                "p50_ms",
                result.p50Millis(),
                "p99_ms",
                result.p99Millis(),
                "ok",
                result.ok(),
                "failed",
                result.failed());
        // The same CPU per checkout as in the closed model, at 70 % of its rate: what the probes add,
        // and what smaller batches (relays, consumers) cost per checkout when the load is lighter.
        Figures.print("checkout_open_cpu_ms", perCheckout(before, after, result.ok()));
        long[] sorted;
        long[] seen;
        synchronized (pickups) {
            sorted = pickups.stream()
                    .mapToLong(PickupProbe.Sample::creditedNanos)
                    .sorted()
                    .toArray();
            seen = pickups.stream()
                    .mapToLong(PickupProbe.Sample::seenNanos)
                    .sorted()
                    .toArray();
        }
        // To the points credited (loyalty's earnedAt); seen_p99_ms is when a probe's poll first
        // found them, up to one poll interval late: the upper bound.
        Figures.print(
                "pickup_to_points",
                "p50_ms",
                LoadRun.percentile(sorted, 50) / 1e6,
                "p99_ms",
                LoadRun.percentile(sorted, 99) / 1e6,
                "max_ms",
                sorted.length == 0 ? 0.0 : sorted[sorted.length - 1] / 1e6,
                "seen_p99_ms",
                LoadRun.percentile(seen, 99) / 1e6,
                "samples",
                sorted.length,
                "under_checkouts_per_s",
                Math.round(rate));
        if (probeFailure.get() != null) {
            throw new AssertionError("the pickup-to-points probe failed", probeFailure.get());
        }
    }

    /** With -Dbench.profile, profiles every application during the next figure. */
    private void profile(String label) throws java.io.IOException {
        if (!PROFILE.isBlank()) {
            Processes.record(system.pids(), Path.of(PROFILE), label, SECONDS, PROFILER);
        }
    }

    private Map<String, Long> inventoryOnly() {
        return Map.of("inventory", system.pids().get("inventory"));
    }

    /** Who kept the CPU busy during a figure: shares of one core per process group, biggest first. */
    private static void busy(String phase, MachineCpu before) {
        Object[] shares = MachineCpu.now().sharesSince(before, 8);
        Object[] line = new Object[shares.length + 2];
        line[0] = "phase";
        line[1] = phase;
        System.arraycopy(shares, 0, line, 2, shares.length);
        Figures.print("cpu_cores", line);
    }

    /** {@code total=… app=… …}: milliseconds of CPU per checkout between two readings, per application. */
    private static Object[] perCheckout(Map<String, Long> before, Map<String, Long> after, long checkouts) {
        double total = 0;
        List<Object> perApp = new ArrayList<>();
        for (String name : before.keySet()) {
            double millis = (after.get(name) - before.get(name)) / 1e6 / Math.max(1, checkouts);
            total += millis;
            perApp.add(name);
            perApp.add(millis);
        }
        perApp.add(0, total);
        perApp.add(0, "total");
        return perApp.toArray();
    }

    /**
     * Each application's CPU with no traffic, over 30 s twice: 20 s after the load stopped
     * ({@code idle_cpu_tail}: mostly the JIT still compiling what the load made hot) and 90 s after
     * it ({@code idle_cpu}: what a service costs when nobody calls it, e.g. overnight).
     */
    private void idle() throws Exception {
        Thread.sleep(20_000);
        idleWindow("idle_tail", "idle_cpu_tail");
        Thread.sleep(40_000);
        idleWindow("idle", "idle_cpu");
    }

    private void idleWindow(String phase, String figure) throws Exception {
        Map<String, Long> pids = system.pids();
        Map<String, Long> before = Processes.cpuNanos(pids);
        Map<String, Long> jitBefore = Processes.jitNanos(pids);
        long start = System.nanoTime();
        MachineCpu cpu = MachineCpu.now();
        profile(phase);
        Thread.sleep(30_000);
        busy(phase, cpu);
        long wall = System.nanoTime() - start;
        Map<String, Double> share = Processes.percentOfCore(before, Processes.cpuNanos(pids), wall);
        Map<String, Double> jit = Processes.percentOfCore(jitBefore, Processes.jitNanos(pids), wall);
        share.forEach((name, percent) ->
                Figures.print(figure, "app", name, "percent_of_core", percent, "of_which_jit", jit.get(name)));
    }

    private static String jit(String jvmOptions) {
        return jvmOptions.contains("TieredStopAtLevel=1") ? "quick" : "full";
    }

    private static String gc(String jvmOptions) {
        if (jvmOptions.contains("UseParallelGC")) {
            return "parallel";
        }
        return jvmOptions.contains("UseG1GC") ? "g1" : "default";
    }
}
