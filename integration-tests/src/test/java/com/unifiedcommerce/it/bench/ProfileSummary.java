package com.unifiedcommerce.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The top of each async-profiler profile as text (what docs/performance.md quotes): the frames
 * where the most CPU samples were taken, and the frames of our own code that the most samples
 * passed through, each as a share of the process's samples. Written to {@code DIR/summary.txt}.
 */
final class ProfileSummary {

    private ProfileSummary() {}

    static void write(Path dir, int top) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".collapsed"))
                    .sorted()
                    .toList()) {
                text.append(summarise(file, top));
            }
        }
        Files.writeString(dir.resolve("summary.txt"), text);
    }

    static String summarise(Path file, int top) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> ours = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long total = 0;
        for (String line : Files.readAllLines(file)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long count = Long.parseLong(line.substring(space + 1));
            String[] frames = line.substring(0, space).split(";");
            total += count;
            threads.merge(threadGroup(frames[0]), count, Long::sum);
            self.merge(frames[frames.length - 1], count, Long::sum);
            Set<String> seen = new HashSet<>();
            for (String frame : frames) {
                if (frame.contains("unifiedcommerce") && seen.add(frame)) {
                    ours.merge(frame, count, Long::sum);
                }
            }
        }
        StringBuilder text = new StringBuilder(file.getFileName() + ": " + total + " samples\n  threads:\n");
        append(text, threads, total, top);
        text.append("  self:\n");
        append(text, self, total, top);
        text.append("  our code (total):\n");
        append(text, ours, total, top);
        return text.toString();
    }

    /**
     * A thread's group, from the first frame async-profiler writes with the threads option
     * ("[vert.x-eventloop-thread-1 tid=42]"): its name without numbers, so the JIT compiler's,
     * the event loops', the Kafka consumers' threads each add up.
     */
    private static String threadGroup(String frame) {
        if (!frame.startsWith("[")) {
            return "(no thread name)";
        }
        return frame.replaceAll(" tid=\\d+\\]$", "]").replaceAll("\\d+", "#");
    }

    private static void append(StringBuilder text, Map<String, Long> counts, long total, int top) {
        List<Map.Entry<String, Long>> sorted = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(top)
                .toList();
        for (Map.Entry<String, Long> entry : sorted) {
            text.append(String.format(
                    Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * entry.getValue() / Math.max(1, total), entry.getKey()));
        }
    }
}
