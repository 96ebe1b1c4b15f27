package com.unifiedcommerce.it.bench;

import java.util.Locale;
import java.util.StringJoiner;

import com.unifiedcommerce.infra.support.LoadRun;

/**
 * The benchmark's output: one machine-readable line per figure, {@code BENCH name key=value ...},
 * which scripts/bench.sh passes through and the README quotes.
 */
final class Figures {

    private Figures() {}

    /** Prints {@code BENCH name k1=v1 k2=v2 ...}; doubles with at most two decimals. */
    static void print(String name, Object... keysAndValues) {
        StringJoiner line = new StringJoiner(" ", "BENCH " + name + " ", "");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            String text = value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(value);
            line.add(keysAndValues[i] + "=" + text);
        }
        System.out.println(line);
        System.out.flush();
    }

    /** A closed-model run as a figure: rate, latency, failures. */
    static void closed(String name, LoadRun.Result result, Object... more) {
        Object[] base = {
            "per_s", result.succeeded() / result.seconds(),
            "p50_ms", result.p50Millis(),
            "p99_ms", result.p99Millis(),
            "clients", result.clients(),
            "failed", result.failed()
        };
        Object[] all = new Object[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        print(name, all);
    }
}
