package com.unifiedcommerce.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The MongoDB wire-protocol server, run in a JVM of its own: {@code <port> memory} for tests, or
 * {@code <port> <file>} to keep data in an H2 MVStore file between runs.
 */
public final class MongoServerMain {

    private MongoServerMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        MongoBackend backend;
        if ("memory".equals(args[1])) {
            backend = new MemoryBackend();
        } else {
            Path file = Path.of(args[1]);
            Files.createDirectories(file.getParent());
            backend = new H2Backend(file.toString());
        }
        MongoServer server = new MongoServer(backend);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Closing flushes the file backend, so a stop never loses acknowledged writes.
            server.shutdownNow();
            stopped.countDown();
        }));
        server.bind("127.0.0.1", port);
        System.out.println("MongoDB wire-protocol server listening on 127.0.0.1:" + port + " (" + args[1] + ")");
        stopped.await();
    }
}
