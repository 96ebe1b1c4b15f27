package com.unifiedcommerce.infra.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Faults injected into the infrastructure a launcher started, for tests that prove nothing is
 * lost: a process is paused (SIGSTOP) and resumed (SIGCONT) by the pid the launcher recorded for
 * it ({@code .data/<mode>/pids/<name>.pid}), never one found by name. A paused broker accepts
 * connections and answers nothing, as a hung or partitioned one would.
 */
public final class Faults {

    private final Path root;
    private final InfraState infra;

    public Faults(Path root, InfraState infra) {
        this.root = root;
        this.infra = infra;
    }

    /** A paused component; resuming it is the caller's duty (try-with-resources). */
    public final class Paused implements AutoCloseable {
        private final String component;
        private final long pid;
        private boolean resumed;

        private Paused(String component, long pid) {
            this.component = component;
            this.pid = pid;
        }

        @Override
        public void close() {
            if (!resumed) {
                signal("CONT", pid, component);
                resumed = true;
            }
        }
    }

    /** Pauses the launcher's process of {@code component} (kafka, mongodb, keycloak) until closed. */
    public Paused pause(String component) {
        long pid = pid(component);
        signal("STOP", pid, component);
        return new Paused(component, pid);
    }

    /**
     * Stops the launcher's process of {@code component} (SIGTERM: a clean stop, as an orchestrator
     * restarting it would) and waits until the launcher, which supervises its children, has started
     * it again and recorded its new pid. Returns how long the component was away.
     */
    public Duration restart(String component, Duration within) {
        long before = pid(component);
        long started = System.nanoTime();
        signal("TERM", before, component);
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(200);
                long now = pid(component);
                if (now != before) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (IllegalStateException notRecordedYet) {
                // The launcher removes nothing while restarting, but the pid may be between files.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + component + " restarts", e);
            }
        }
        throw new IllegalStateException(component + " was not started again within " + within);
    }

    private long pid(String component) {
        Path file = InfraState.dataDir(root, infra.mode()).resolve("pids").resolve(component + ".pid");
        try {
            String recorded = Files.readString(file).strip();
            if (!recorded.matches("[0-9]{1,18}")) {
                // The launcher moves a whole file into place; anything else is not a pid yet.
                throw new IllegalStateException("The pid of " + component + " is being recorded");
            }
            long pid = Long.parseLong(recorded);
            boolean ours = ProcessHandle.of(pid)
                    .flatMap(ProcessHandle::parent)
                    .map(parent -> parent.pid() == infra.launcherPid())
                    .orElse(false);
            if (!ours) {
                throw new IllegalStateException(component + " (pid " + pid + ") is not a process of launcher "
                        + infra.launcherPid() + "; it runs outside the project (an external server?)");
            }
            return pid;
        } catch (IOException e) {
            throw new IllegalStateException("The launcher recorded no pid for " + component + " in " + file, e);
        }
    }

    private static void signal(String signal, long pid, String component) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .inheritIO()
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " (" + component + ") failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal " + component, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + component, e);
        }
    }
}
