package com.unifiedcommerce.it.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.unifiedcommerce.infra.support.PostgresAdmin;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server this test run owns (real binaries from Maven Central, as the launcher's
 * {@code COMMERCE_PG_EMBEDDED=true}), so that a fault-injection run may stop and restart it without
 * touching a server other programs use. Its data directory survives a restart: what was committed
 * before is there after. Fsync stays on (the binaries' defaults).
 */
final class OwnPostgres implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    OwnPostgres(Path dataDir, int port) throws IOException {
        this.dataDir = dataDir;
        this.port = port;
        if (Files.exists(dataDir)) {
            deleteTree(dataDir);
        }
        Files.createDirectories(dataDir.getParent());
        start();
    }

    private void start() throws IOException {
        server = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    int port() {
        return port;
    }

    PostgresAdmin admin() {
        return new PostgresAdmin("127.0.0.1", port, "postgres", "");
    }

    /**
     * Stops the server (its connections are cut), leaves it down for {@code down} as a failover
     * would, and starts it again on the same data and port.
     */
    synchronized Duration restart(Duration down) throws IOException {
        long started = System.nanoTime();
        server.close();
        try {
            Thread.sleep(down);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        start();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        deleteTree(dataDir);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
