package com.unifiedcommerce.it.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a chaos run writes: {@code report.md} (settings, faults with their times, requests by
 * outcome, latency per step, the checker's figures and findings), {@code latency.svg} (every
 * attempt's latency over time, faults shaded) and {@code answers.jsonl} (every answer).
 */
final class Report {

    private Report() {}

    static void write(
            Path dir,
            String settings,
            Instant start,
            Instant loadEnd,
            List<FaultInjector.Fault> faults,
            Answers answers,
            Map<String, Object> figures,
            List<String> findings)
            throws IOException {
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder();
        md.append("# Chaos run\n\n");
        md.append(settings).append("\n\n");
        md.append("Load from ")
                .append(start)
                .append(" to ")
                .append(loadEnd)
                .append(" (")
                .append(Duration.between(start, loadEnd).toSeconds())
                .append(" s).\n\n");

        md.append("## Faults\n\n| at (s) | kind | target | lasted (s) | note |\n|---|---|---|---|---|\n");
        for (FaultInjector.Fault fault : faults) {
            md.append("| ")
                    .append(seconds(start, fault.start()))
                    .append(" | ")
                    .append(fault.kind())
                    .append(" | ")
                    .append(fault.target())
                    .append(" | ")
                    .append(String.format(
                            "%.1f", Duration.between(fault.start(), fault.end()).toMillis() / 1000.0))
                    .append(" | ")
                    .append(fault.note())
                    .append(" |\n");
        }

        List<Answers.Answer> all = answers.all().stream()
                .filter(answer -> !"check".equals(answer.journey()))
                .toList();
        md.append("\n## Requests by outcome\n\n");
        md.append("Final answers (after the client's own repeats with the same Idempotency-Key):\n\n");
        md.append("| status | requests |\n|---|---|\n");
        countByStatus(all.stream().filter(Answers.Answer::last).toList())
                .forEach((status, count) -> md.append("| ")
                        .append(status)
                        .append(" | ")
                        .append(count)
                        .append(" |\n"));
        md.append("\nEvery attempt, repeats included (0 = connection broken or no answer within 20 s):\n\n");
        md.append("| status | attempts |\n|---|---|\n");
        countByStatus(all)
                .forEach((status, count) -> md.append("| ")
                        .append(status)
                        .append(" | ")
                        .append(count)
                        .append(" |\n"));

        md.append(
                "\n## Latency per step (every attempt, ms)\n\n| journey / step | attempts | p50 | p99 | max |\n|---|---|---|---|---|\n");
        Map<String, List<Long>> bySteps = new TreeMap<>();
        for (Answers.Answer answer : all) {
            bySteps.computeIfAbsent(answer.journey() + " / " + answer.step(), k -> new ArrayList<>())
                    .add(answer.millis());
        }
        bySteps.forEach((step, millis) -> {
            List<Long> sorted = millis.stream().sorted().toList();
            row(md, step, sorted.size(), percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.getLast());
        });

        md.append("\n## Latency over time (every attempt, 30 s windows)\n\n");
        md.append("| from (s) | attempts | p50 ms | p99 ms | not 2xx | faults starting |\n|---|---|---|---|---|---|\n");
        Map<Long, List<Answers.Answer>> windows = new TreeMap<>();
        for (Answers.Answer answer : all) {
            windows.computeIfAbsent(seconds(start, answer.at()) / 30 * 30, k -> new ArrayList<>())
                    .add(answer);
        }
        windows.forEach((from, inWindow) -> {
            List<Long> sorted =
                    inWindow.stream().map(Answers.Answer::millis).sorted().toList();
            String faultsHere = faults.stream()
                    .filter(f -> seconds(start, f.start()) / 30 * 30 == from)
                    .map(f -> f.kind() + " " + f.target())
                    .collect(Collectors.joining(", "));
            row(
                    md,
                    from,
                    sorted.size(),
                    percentile(sorted, 0.50),
                    percentile(sorted, 0.99),
                    inWindow.stream().filter(a -> !a.ok()).count(),
                    faultsHere);
        });

        md.append("\n## What the checker counted\n\n| figure | value |\n|---|---|\n");
        figures.forEach((name, value) ->
                md.append("| ").append(name).append(" | ").append(value).append(" |\n"));

        md.append("\n## Findings\n\n");
        if (findings.isEmpty()) {
            md.append("None: every acknowledged effect is in the ledgers exactly once, nothing unacknowledged has an"
                    + " effect, reconciliation finds no violation, the dead-letter topics are empty.\n");
        } else {
            findings.forEach(finding -> md.append("- ").append(finding).append('\n'));
        }
        md.append("\n![latency](latency.svg)\n");
        Files.writeString(dir.resolve("report.md"), md);
        Files.writeString(dir.resolve("latency.svg"), svg(start, loadEnd, faults, all));
    }

    /** One Markdown table row of these cells. */
    private static void row(StringBuilder md, Object... cells) {
        md.append('|');
        for (Object cell : cells) {
            md.append(' ').append(cell).append(" |");
        }
        md.append('\n');
    }

    private static Map<String, Long> countByStatus(List<Answers.Answer> answers) {
        return answers.stream()
                .collect(Collectors.groupingBy(
                        answer -> Integer.toString(answer.status()), TreeMap::new, Collectors.counting()));
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }

    private static long seconds(Instant start, Instant at) {
        return Duration.between(start, at).toSeconds();
    }

    /** Attempt latency (log scale) over time; faults as shaded bands, failed attempts in red. */
    private static String svg(Instant start, Instant end, List<FaultInjector.Fault> faults, List<Answers.Answer> all) {
        int width = 900;
        int height = 300;
        int left = 50;
        int bottom = 30;
        double span = Math.max(1, Duration.between(start, end).toMillis() * 1.1);
        double maxLog = Math.log10(Client.HANG.toMillis() * 1.2);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"10\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (FaultInjector.Fault fault : faults) {
            double x0 = left
                    + (width - left) * Duration.between(start, fault.start()).toMillis() / span;
            double x1 =
                    left + (width - left) * Duration.between(start, fault.end()).toMillis() / span;
            svg.append(String.format(
                    "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" fill=\"#fde7b0\"/>%n",
                    x0, Math.max(2, x1 - x0), height - bottom));
            svg.append(String.format("<text x=\"%.1f\" y=\"12\" fill=\"#8a5a00\">%s</text>%n", x0 + 2, fault.kind()));
        }
        for (int decade = 0; decade <= (int) maxLog; decade++) {
            double y = (height - bottom) * (1 - decade / maxLog);
            svg.append(String.format(
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"4\" y=\"%.1f\">%d ms</text>%n",
                    left, width, y, y, y + 3, (long) Math.pow(10, decade)));
        }
        for (Answers.Answer answer : all) {
            long startedAt = Duration.between(start, answer.at()).toMillis() - answer.millis();
            double x = left + (width - left) * Math.max(0, startedAt) / span;
            double y = (height - bottom) * (1 - Math.log10(Math.max(1, answer.millis())) / maxLog);
            String colour = answer.ok() ? "#2b6cb0" : (answer.status() == 409 ? "#888" : "#c53030");
            svg.append(String.format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.5\" fill=\"%s\"/>%n", x, y, colour));
        }
        svg.append(String.format(
                "<text x=\"%d\" y=\"%d\">time (s) from the start of the load: 0 to %d; blue 2xx, grey 409, red other"
                        + " (repeated by the client)</text>%n",
                left, height - 10, (long) (span / 1000)));
        svg.append("</svg>\n");
        return svg.toString();
    }
}
