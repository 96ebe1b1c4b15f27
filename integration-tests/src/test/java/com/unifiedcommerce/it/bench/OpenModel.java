package com.unifiedcommerce.it.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import com.unifiedcommerce.infra.support.LoadRun;

/**
 * An open-model run: requests start at a fixed rate whatever the answers do, as shoppers arrive,
 * and each latency counts from when its request was due (not when it could be sent), so a stall
 * shows in the figures instead of slowing the arrivals down.
 */
final class OpenModel {

    /** What a run counted; latencies in nanoseconds, sorted. */
    record Result(double rate, int seconds, long ok, long failed, long[] latencies) {
        double p50Millis() {
            return LoadRun.percentile(latencies, 50) / 1e6;
        }

        double p99Millis() {
            return LoadRun.percentile(latencies, 99) / 1e6;
        }
    }

    private OpenModel() {}

    static Result run(HttpClient http, double perSecond, int seconds, Supplier<HttpRequest> next, int okStatus)
            throws Exception {
        long interval = (long) (1e9 / perSecond);
        int count = (int) (perSecond * seconds);
        long[] latencies = new long[count];
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<CompletableFuture<?>> pending = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            pending.add(http.sendAsync(next.get(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        latencies[index] = System.nanoTime() - due;
                        (error == null && response.statusCode() == okStatus ? ok : failed).incrementAndGet();
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .exceptionally(error -> null)
                .get(60, TimeUnit.SECONDS);
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(perSecond, seconds, ok.get(), failed.get(), sorted);
    }
}
