package com.unifiedcommerce.it.chaos;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.unifiedcommerce.it.system.RunningSystem;

/**
 * One fault-injection run, the Jepsen way: the system with several instances of every service on
 * a PostgreSQL of its own, an open-model journey load at a chosen rate, faults injected while it
 * runs, then (load stopped, events drained) the checker, and a report.
 */
final class ChaosRun {

    /** What to run: how long, how many instances per service, journeys started per second, customers. */
    record Settings(Duration length, int replicas, double rate, int customers, Path out) {
        /** Fault rounds: one of each kind per 150 s of load, at least one. */
        int rounds() {
            return (int) Math.max(1, length.toSeconds() / 150);
        }
    }

    record Outcome(List<String> findings, Path report) {}

    /**
     * Clocks as in production where the tests shorten them: a checkout is swept after 2 minutes
     * and an exchange after 10 (a paused instance must not race a sweep), Idempotency-Keys are kept
     * a day (clients repeat for up to 2 minutes). Ready orders wait 20 s, so no-shows happen
     * within the run.
     */
    private static final Map<String, Map<String, String>> CLOCKS = Map.of(
            "order",
            Map.of(
                    "ORDER_CHECKOUT_SWEEP_AFTER", "PT2M",
                    "ORDER_EXCHANGE_SWEEP_AFTER", "PT10M",
                    "ORDER_HOLD_SECONDS", "900",
                    "ORDER_PICKUP_HOLD", "PT20S"),
            "returns",
            Map.of("COMMERCE_IDEMPOTENCY_RETENTION", "PT24H"));

    private static final Map<String, String> GATEWAY =
            Map.of("GATEWAY_RATE_LIMIT_BURST", "100000", "GATEWAY_RATE_LIMIT_PER_SECOND", "100000");

    private static final Set<String> UNSETTLED = Set.of("PENDING", "COMPENSATING", "READY_FOR_PICKUP");

    private ChaosRun() {}

    static Outcome run(Settings settings) throws Exception {
        ObjectMapper json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        RunningSystem.Layout layout =
                new RunningSystem.Layout(settings.replicas(), true, Duration.ofSeconds(3), CLOCKS);
        TopicEnds before = TopicEnds.now(com.unifiedcommerce.infra.support.InfraState.findRunning(
                        com.unifiedcommerce.infra.support.ProjectRoot.find())
                .orElseThrow(() -> new IllegalStateException("no running infrastructure: use scripts/test.sh"))
                .kafkaBootstrapServers());
        say("starting %d instance(s) of each service on a PostgreSQL of the run's own", settings.replicas());
        try (RunningSystem system =
                RunningSystem.start(GATEWAY, layout, settings.out().resolve("apps"))) {
            system.onRestart(instance -> say("supervisor: %s started again", instance));
            String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
            World world = new World(system, run, settings.customers());
            Answers answers = new Answers();
            Told told = new Told();
            Client client = new Client(system.gatewayUrl(), answers, json);
            Journeys journeys = new Journeys(world, client, told);
            FaultInjector faults = new FaultInjector(system);
            ConcurrentLinkedQueue<String> crashed = new ConcurrentLinkedQueue<>();

            say(
                    "load: %.1f journeys/s for %d s, %d fault round(s)",
                    settings.rate(), settings.length().toSeconds(), settings.rounds());
            Instant start = Instant.now();
            Stalls stalls = Stalls.watch();
            Thread injector = Thread.ofPlatform().name("faults").start(() -> {
                try {
                    faults.run(settings.length(), settings.rounds());
                } catch (RuntimeException e) {
                    crashed.add("the fault injector stopped: " + e);
                }
            });
            List<Journeys.Kind> started = new ArrayList<>();
            try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
                Instant end = start.plus(settings.length());
                Instant next = start;
                while (next.isBefore(end)) {
                    long wait = Duration.between(Instant.now(), next).toMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                    Journeys.Kind kind = Journeys.Kind.draw();
                    started.add(kind);
                    load.submit(() -> {
                        try {
                            journeys.run(kind);
                        } catch (RuntimeException e) {
                            crashed.add(kind + " journey failed in the client: " + e);
                        }
                    });
                    // Open model: exponential gaps, so arrivals do not wait for answers.
                    double gap = -Math.log(1 - ThreadLocalRandom.current().nextDouble()) / settings.rate();
                    next = next.plusMillis((long) (gap * 1000));
                }
                Instant loadEnd = Instant.now();
                say("load stopped after %d journeys; waiting for the journeys in flight", started.size());
                load.shutdown();
                if (!load.awaitTermination(10, TimeUnit.MINUTES)) {
                    crashed.add("journeys still running 10 minutes after the load stopped");
                }
                injector.join();
                stalls.close();
                drain(system, client, world);
                List<String> findings = new ArrayList<>();
                Checker checker = null;
                for (int attempt = 1; attempt <= 3; attempt++) {
                    checker = new Checker(system, world, client, told, answers, stalls, before);
                    findings = new ArrayList<>(checker.check());
                    if (findings.isEmpty()) {
                        break;
                    }
                    say(
                            "check %d: %d finding(s); checking again in 30 s in case events are still draining",
                            attempt, findings.size());
                    Thread.sleep(30_000);
                }
                findings.addAll(0, crashed);
                Map<String, Object> figures = new java.util.TreeMap<>(checker.figures());
                figures.put("journeys_started", started.size());
                figures.put("orders_acknowledged", told.orders.size());
                figures.put("checkouts_refused_short", told.refusedShort.size());
                figures.put("merges_acknowledged", told.merges.size());
                figures.put("machine_stalls", stalls.count());
                figures.put("machine_stalls_total_ms", stalls.totalMillis());
                figures.put("machine_stall_longest_ms", stalls.longestMillis());
                String described = String.format(
                        "Settings: %d s of load, %d instances of each service, %.1f journeys/s (open model), %d web"
                                + " customers; %d fault round(s). Restarted instances come back after 3 s.",
                        settings.length().toSeconds(),
                        settings.replicas(),
                        settings.rate(),
                        settings.customers(),
                        settings.rounds());
                Report.write(settings.out(), described, start, loadEnd, faults.faults(), answers, figures, findings);
                answers.write(settings.out().resolve("answers.jsonl"), json);
                say("report: %s (%d finding(s))", settings.out().resolve("report.md"), findings.size());
                return new Outcome(findings, settings.out().resolve("report.md"));
            }
        }
    }

    /** Waits until every instance is ready and no order is between states (sweeps and no-shows done). */
    @SuppressWarnings("unchecked")
    private static void drain(RunningSystem system, Client client, World world) throws InterruptedException {
        say("draining: every instance ready, every order settled");
        system.awaitAllReady(Duration.ofMinutes(4));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(deadline)) {
            long unsettled = 0;
            for (String status : UNSETTLED) {
                Client.Result page =
                        client.get("check", "drain", "/api/orders?size=1&status=" + status, world.token("root"));
                Object total = page.body().get("total");
                unsettled += total instanceof Number number ? number.longValue() : 1;
            }
            if (unsettled == 0) {
                break;
            }
            Thread.sleep(5_000);
        }
        // Events of the last effects reach their consumers.
        Thread.sleep(10_000);
    }

    static void say(String format, Object... args) {
        System.out.printf("[chaos %s] %s%n", java.time.LocalTime.now().withNano(0), String.format(format, args));
    }
}
