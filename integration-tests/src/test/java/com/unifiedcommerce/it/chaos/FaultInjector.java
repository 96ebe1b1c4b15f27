package com.unifiedcommerce.it.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

import com.unifiedcommerce.infra.support.Faults;
import com.unifiedcommerce.it.system.RunningSystem;

/**
 * Injects the faults of a bad hour while the load runs: kill -9 of a random service instance
 * (the supervisor starts it again a few seconds later), SIGSTOP/SIGCONT of one for 5-10 s, a
 * Kafka broker restart, a MongoDB server restart and a PostgreSQL restart (the run's own server).
 * The schedule spreads rounds of all five kinds over the run, in a random order within each
 * round, leaving its first and last tenth quiet; at most one fault at a time, so one instance of
 * every service stays up (what a PodDisruptionBudget would promise).
 */
final class FaultInjector {

    enum Kind {
        KILL,
        PAUSE,
        KAFKA,
        MONGODB,
        POSTGRESQL
    }

    record Fault(Kind kind, String target, Instant start, Instant end, String note) {}

    private final RunningSystem system;
    private final Faults infra;
    private final ConcurrentLinkedQueue<Fault> done = new ConcurrentLinkedQueue<>();

    FaultInjector(RunningSystem system) {
        this.system = system;
        this.infra = system.faults();
    }

    /** The kinds in the order they will be injected: {@code rounds} rounds of each kind. */
    static List<Kind> schedule(int rounds) {
        List<Kind> plan = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            List<Kind> round = new ArrayList<>(List.of(Kind.values()));
            Collections.shuffle(round, ThreadLocalRandom.current());
            plan.addAll(round);
        }
        return plan;
    }

    /** Injects every fault of the plan, evenly spread over {@code length}; returns when done. */
    void run(Duration length, int rounds) {
        List<Kind> plan = schedule(rounds);
        Instant start = Instant.now();
        long quiet = length.toMillis() / 10;
        long span = length.toMillis() - 2 * quiet;
        for (int i = 0; i < plan.size(); i++) {
            Instant at = start.plusMillis(quiet + span * i / plan.size());
            long wait = Duration.between(Instant.now(), at).toMillis();
            if (wait > 0) {
                Client.sleep(wait);
            }
            inject(plan.get(i));
        }
    }

    private void inject(Kind kind) {
        Instant start = Instant.now();
        String target;
        String note = "";
        switch (kind) {
            case KILL -> {
                target = runningInstance();
                system.kill(target);
                awaitBack(target);
                note = "kill -9; started again by the supervisor";
            }
            case PAUSE -> {
                target = runningInstance();
                int seconds = 5 + ThreadLocalRandom.current().nextInt(6);
                system.pause(target, Duration.ofSeconds(seconds));
                note = "SIGSTOP for " + seconds + " s, then SIGCONT";
            }
            case KAFKA -> {
                target = "kafka broker";
                note = "restarted in "
                        + infra.restart("kafka", Duration.ofSeconds(90)).toMillis() + " ms";
            }
            case MONGODB -> {
                target = "mongodb server";
                note = "restarted in "
                        + infra.restart("mongodb", Duration.ofSeconds(60)).toMillis() + " ms";
            }
            case POSTGRESQL -> {
                target = "postgresql (the run's own)";
                int down = 3 + ThreadLocalRandom.current().nextInt(3);
                note = "stopped, down " + down + " s, back after "
                        + system.restartPostgres(Duration.ofSeconds(down)).toMillis() + " ms";
            }
            default -> throw new IllegalStateException("unknown fault " + kind);
        }
        done.add(new Fault(kind, target, start, Instant.now(), note));
    }

    /** An instance whose siblings are all running: never the last one of its service. */
    private String runningInstance() {
        List<String> candidates = new ArrayList<>();
        for (String instance : system.serviceInstances()) {
            String service = RunningSystem.serviceOf(instance);
            boolean siblingsUp = system.serviceInstances().stream()
                    .filter(other -> RunningSystem.serviceOf(other).equals(service))
                    .allMatch(system::isRunning);
            if (siblingsUp) {
                candidates.add(instance);
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("no instance may be stopped now");
        }
        return candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
    }

    /** Waits until the supervisor has started a killed instance again and it is ready. */
    private void awaitBack(String instance) {
        Client.sleep(500);
        system.awaitReady(instance, Duration.ofSeconds(180));
    }

    List<Fault> faults() {
        return List.copyOf(done);
    }
}
