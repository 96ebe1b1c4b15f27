package com.unifiedcommerce.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Starts {@link MongoServerMain} as a child JVM, so it can be stopped or killed on its own. */
final class MongoWireServer extends ProcessComponent {

    private final Path workDir;
    private final Path logs;
    private final int port;
    private final String storage;

    /** @param storage "memory", or the path of the file that keeps the data */
    MongoWireServer(Path workDir, Path logs, int port, String storage) {
        this.workDir = workDir;
        this.logs = logs;
        this.port = port;
        this.storage = storage;
    }

    @Override
    public String name() {
        return "mongodb";
    }

    String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    @Override
    public void start() throws Exception {
        Ports.requireFree("The MongoDB server", port);
        process = new ChildProcess(
                "mongodb",
                List.of(
                        ChildProcess.java(),
                        "-Xmx512m",
                        "-cp",
                        absoluteClassPath(),
                        MongoServerMain.class.getName(),
                        Integer.toString(port),
                        storage),
                Map.of(),
                workDir,
                logs.resolve("mongodb.log"));
        process.start();
        Ports.await(
                "MongoDB server (log " + process.log() + ")",
                Duration.ofSeconds(30),
                () -> Ports.isOpen("127.0.0.1", port),
                process::isAlive);
    }

    /** Our own class path, made absolute because the child runs in another folder. */
    static String absoluteClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }
}
