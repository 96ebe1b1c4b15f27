package com.unifiedcommerce.it.bench;

import java.util.Map;

import com.unifiedcommerce.infra.support.LoadRun;

/**
 * Load before a figure is measured, until the JIT compilers of the applications that serve it have
 * settled: rounds of the figure's own load, until a round in which their compiler threads used
 * less than {@link #SETTLED_SHARE} of their CPU, or {@code maxSeconds}. A retailer's services run
 * for days; a figure taken while C2 is still compiling (a third to a half of inventory's CPU in
 * the first minutes, docs/performance.md) measures the warm-up, not the service. Each warm-up
 * prints how long it took and where the compilers stood in its last round, so a figure taken
 * before they settled says so.
 */
final class Warmup {

    /** The compilers' share of the applications' CPU under which a round counts as settled. */
    static final double SETTLED_SHARE = 0.05;

    private static final int ROUND_SECONDS = 5;

    private Warmup() {}

    /**
     * Runs {@code worker} with {@code clients} in rounds until the JIT of {@code pids} has settled,
     * at least {@code minSeconds} and at most {@code maxSeconds}; prints {@code BENCH warmup}.
     */
    static void untilSettled(
            String phase, Map<String, Long> pids, int clients, int minSeconds, int maxSeconds, LoadRun.Worker worker)
            throws Exception {
        untilSettled(phase, pids, minSeconds, maxSeconds, seconds -> LoadRun.measure(clients, seconds, worker));
    }

    /** A round of load of the given length, its figures discarded. */
    interface Round {
        void run(int seconds) throws Exception;
    }

    /** As above, with any kind of load (the open model's arrivals). */
    static void untilSettled(String phase, Map<String, Long> pids, int minSeconds, int maxSeconds, Round round)
            throws Exception {
        int seconds = 0;
        double share = 1;
        while (seconds < maxSeconds && (seconds < minSeconds || share >= SETTLED_SHARE)) {
            Map<String, Long> cpu = Processes.cpuNanos(pids);
            Map<String, Long> jit = Processes.jitNanos(pids);
            round.run(ROUND_SECONDS);
            seconds += ROUND_SECONDS;
            share = share(jit, Processes.jitNanos(pids), cpu, Processes.cpuNanos(pids));
        }
        Figures.print(
                "warmup",
                "phase",
                phase,
                "seconds",
                seconds,
                "jit_share_last_round",
                share,
                "settled",
                share < SETTLED_SHARE);
    }

    /** The compilers' CPU over all the applications' CPU between two readings. */
    static double share(
            Map<String, Long> jitBefore,
            Map<String, Long> jitAfter,
            Map<String, Long> cpuBefore,
            Map<String, Long> cpuAfter) {
        long jit = 0;
        long cpu = 0;
        for (String name : cpuBefore.keySet()) {
            jit += jitAfter.get(name) - jitBefore.get(name);
            cpu += cpuAfter.get(name) - cpuBefore.get(name);
        }
        return cpu <= 0 ? 0 : (double) jit / cpu;
    }
}
