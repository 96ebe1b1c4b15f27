package com.unifiedcommerce.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went during a figure, read from /proc (Linux): every process's user and
 * system time, grouped by what it is (each application by its module, PostgreSQL's backends
 * together, Kafka, Keycloak, the MongoDB-protocol server, this load generator). The benchmark
 * prints the biggest shares beside each figure, so a slow figure says who was busy.
 */
final class MachineCpu {

    private static final Path PROC = Path.of("/proc");
    static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final Map<String, Long> ticks;
    private final long at;

    private MachineCpu(Map<String, Long> ticks, long at) {
        this.ticks = ticks;
        this.at = at;
    }

    static MachineCpu now() {
        Map<String, Long> ticks = new HashMap<>();
        if (Files.isDirectory(PROC)) {
            try (Stream<Path> entries = Files.list(PROC)) {
                entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                        .forEach(p -> read(p, ticks));
            } catch (IOException e) {
                // a machine without a readable /proc: no breakdown, the figures stand alone
            }
        }
        return new MachineCpu(ticks, System.nanoTime());
    }

    private static void read(Path process, Map<String, Long> ticks) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
            String command = Files.readString(process.resolve("cmdline")).replace('\0', ' ');
            ticks.merge(group(command, process.getFileName().toString()), used, Long::sum);
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile
        }
    }

    private static String group(String command, String pid) {
        if (pid.equals(Long.toString(ProcessHandle.current().pid()))) {
            return "load-generator";
        }
        if (command.startsWith("postgres") || command.contains("/postgres ")) {
            return "postgresql";
        }
        int app = command.indexOf("/target/quarkus-app/quarkus-run.jar");
        if (app > 0) {
            String module = command.substring(0, app);
            return module.substring(module.lastIndexOf('/') + 1) + "#" + pid;
        }
        if (command.contains("kafka")) {
            return "kafka";
        }
        if (command.contains("keycloak")) {
            return "keycloak";
        }
        if (command.contains("MongoWire") || command.contains("mongo")) {
            return "mongodb";
        }
        return "other";
    }

    /** The groups' shares of one core since {@code before}, biggest first, as BENCH key=value pairs. */
    Object[] sharesSince(MachineCpu before, int top) {
        double seconds = (at - before.at) / 1e9;
        List<Map.Entry<String, Long>> used = new ArrayList<>();
        ticks.forEach((group, total) -> used.add(Map.entry(group, total - before.ticks.getOrDefault(group, 0L))));
        used.sort(Comparator.comparingLong(Map.Entry<String, Long>::getValue).reversed());
        List<Object> pairs = new ArrayList<>();
        double all = used.stream().mapToLong(Map.Entry::getValue).sum() / TICKS_PER_SECOND / seconds;
        pairs.add("all_cores_busy");
        pairs.add(all);
        for (Map.Entry<String, Long> entry : used.subList(0, Math.min(top, used.size()))) {
            pairs.add(entry.getKey().replaceAll("#\\d+$", ""));
            pairs.add(entry.getValue() / TICKS_PER_SECOND / seconds);
        }
        return pairs.toArray();
    }
}
