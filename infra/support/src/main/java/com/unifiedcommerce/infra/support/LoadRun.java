package com.unifiedcommerce.infra.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-model load run for the benchmarks: {@code clients} workers repeat their work as fast as
 * they can for {@code seconds}; every call's latency is kept, so p50/p99 are exact. Prints BENCH
 * lines that scripts/bench-*.sh pick up.
 */
public final class LoadRun {

    /** One unit of work, repeated; true when it succeeded. Closed when the run ends. */
    public interface Work extends AutoCloseable {
        boolean call() throws Exception;

        @Override
        default void close() throws Exception {}
    }

    /** Opens a worker per client (its connection, its statements). */
    public interface Worker {
        Work open(int client) throws Exception;
    }

    /** What a run counted: successes, failures, and every latency in nanoseconds, sorted. */
    public record Result(long succeeded, long failed, long[] latencies, int clients, int seconds) {

        public double p50Millis() {
            return percentile(latencies, 50) / 1e6;
        }

        public double p99Millis() {
            return percentile(latencies, 99) / 1e6;
        }
    }

    private LoadRun() {}

    public static Result measure(int clients, int seconds, Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Future<long[]>> futures = new ArrayList<>();
        AtomicLong succeeded = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try {
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> loop(worker, client, deadline, succeeded, failed)));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> future : futures) {
                all.add(future.get());
            }
            long[] latencies =
                    all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(succeeded.get(), failed.get(), latencies, clients, seconds);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long[] loop(Worker worker, int client, long deadline, AtomicLong succeeded, AtomicLong failed)
            throws Exception {
        long[] latencies = new long[1 << 16];
        int count = 0;
        try (Work work = worker.open(client)) {
            while (System.nanoTime() < deadline) {
                long start = System.nanoTime();
                boolean ok = work.call();
                long took = System.nanoTime() - start;
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = took;
                (ok ? succeeded : failed).incrementAndGet();
            }
        }
        return Arrays.copyOf(latencies, count);
    }

    public static void report(String service, String what, Result result) {
        System.out.printf(
                Locale.ROOT,
                "BENCH %s %s: %d/s with %d clients over %d s; p50 %.2f ms, p99 %.2f ms; %d refused or failed%n",
                service,
                what,
                result.succeeded() / result.seconds(),
                result.clients(),
                result.seconds(),
                result.p50Millis(),
                result.p99Millis(),
                result.failed());
    }

    /** The value below which {@code percent} of the sorted values fall (nearest rank). */
    public static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
