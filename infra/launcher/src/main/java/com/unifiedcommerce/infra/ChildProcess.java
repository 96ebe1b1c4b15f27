package com.unifiedcommerce.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A process of ours, its output appended to a log file, stopped gently and then by force. */
final class ChildProcess {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workDir;
    private final Path log;
    private Process process;

    ChildProcess(String name, List<String> command, Map<String, String> environment, Path workDir, Path log) {
        this.name = name;
        this.command = command;
        this.environment = environment;
        this.workDir = workDir;
        this.log = log;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    void start() throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        Launcher.say("%s started (pid %d), log %s", name, process.pid(), log);
    }

    /** Runs to completion (for one-off tools such as formatting Kafka's storage). */
    int runToEnd(long timeoutSeconds) throws IOException, InterruptedException {
        start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            stop();
            throw new IllegalStateException(name + " did not finish within " + timeoutSeconds + " s; see " + log);
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The running process's id, or -1 before it starts. */
    long pid() {
        return process == null ? -1 : process.pid();
    }

    Path log() {
        return log;
    }

    /** SIGTERM to it and everything it started, then SIGKILL to whatever is left after the grace period. */
    void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                Launcher.say("%s did not stop within 20 s; killing it", name);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
