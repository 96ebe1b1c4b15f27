package com.unifiedcommerce.it.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the benchmark measures about processes rather than requests: CPU time used (this JVM, the
 * load generator's own share; each application's, for the idle cost) and flight recordings of the
 * applications while a figure is measured (-Dbench.profile=DIR).
 */
final class Processes {

    private Processes() {}

    /** CPU time used so far by a process, in nanoseconds (0 when the OS does not tell). */
    static long cpuNanos(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(handle -> handle.info().totalCpuDuration())
                .map(Duration::toNanos)
                .orElse(0L);
    }

    static Map<String, Long> cpuNanos(Map<String, Long> pids) {
        Map<String, Long> used = new LinkedHashMap<>();
        pids.forEach((name, pid) -> used.put(name, cpuNanos(pid)));
        return used;
    }

    /**
     * CPU time used so far by a JVM's JIT compiler threads ("C1 CompilerThre…", "C2 CompilerThre…"
     * in /proc/PID/task/TID/comm), in nanoseconds: how much of an application's CPU went to
     * compiling rather than to requests. 0 where /proc does not tell (not Linux, process gone).
     */
    static long jitNanos(long pid) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    // Fields after the command's closing parenthesis; utime and stime are 14th and 15th.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException threadEnded) {
                    // a compiler thread that ended between the listing and the read used nothing more
                }
            }
        } catch (IOException noProc) {
            return 0;
        }
        return Math.round(ticks * 1e9 / MachineCpu.TICKS_PER_SECOND);
    }

    static Map<String, Long> jitNanos(Map<String, Long> pids) {
        Map<String, Long> used = new LinkedHashMap<>();
        pids.forEach((name, pid) -> used.put(name, jitNanos(pid)));
        return used;
    }

    /** The share of one core each process used between two readings {@code wallNanos} apart, in percent. */
    static Map<String, Double> percentOfCore(Map<String, Long> before, Map<String, Long> after, long wallNanos) {
        Map<String, Double> share = new LinkedHashMap<>();
        before.forEach((name, start) -> {
            Long end = after.get(name);
            if (end != null) {
                share.put(name, 100.0 * (end - start) / wallNanos);
            }
        });
        return share;
    }

    /**
     * Profiles every process for {@code seconds}, each into {@code dir/label-name.*}: with
     * async-profiler when {@code profiler} names its library (CPU samples of Java, JIT, GC and
     * native code alike, as collapsed stacks), else with JDK Flight Recorder's profiling settings.
     * Both are attached with jcmd to the running applications.
     */
    static void record(Map<String, Long> pids, Path dir, String label, int seconds, String profiler)
            throws IOException {
        Files.createDirectories(dir);
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (Map.Entry<String, Long> process : pids.entrySet()) {
            String name = label + "-" + process.getKey();
            List<String> command = profiler.isBlank()
                    ? List.of(
                            jcmd.toString(),
                            process.getValue().toString(),
                            "JFR.start",
                            "name=bench-" + label,
                            "settings=profile",
                            "duration=" + seconds + "s",
                            "filename=" + dir.resolve(name + ".jfr"))
                    : List.of(
                            jcmd.toString(),
                            process.getValue().toString(),
                            "JVMTI.agent_load",
                            profiler,
                            // quoted: jcmd would read "event=..." as an argument of its own
                            "\"start,event=itimer,interval=1ms,threads,timeout=" + seconds + ",collapsed,file="
                                    + dir.resolve(name + ".collapsed") + "\"");
            // jcmd answers at once (the recording or profile then runs on its own); a refused attach
            // says so in its output ("return code: 100"), which must stop the run, not vanish.
            Process attach =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String answer = new String(attach.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                boolean refused = answer.contains("return code:") && !answer.contains("return code: 0");
                if (attach.waitFor() != 0 || refused) {
                    throw new IllegalStateException("profiling " + name + " was refused: " + answer.strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while attaching to " + name, e);
            }
        }
    }
}
