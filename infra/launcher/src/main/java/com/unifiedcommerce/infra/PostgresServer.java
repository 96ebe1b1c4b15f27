package com.unifiedcommerce.infra;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.unifiedcommerce.infra.support.PostgresAdmin;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL: a server named by COMMERCE_PG_* variables, else the local one at 127.0.0.1:5432 when
 * it lets a superuser in, else (or with COMMERCE_PG_EMBEDDED=true) real PostgreSQL binaries from
 * Maven Central, embedded, that we own.
 */
final class PostgresServer implements Component {

    private static final List<String> LOCAL_SUPERUSERS = List.of("postgres", "root");

    private final Path dataDir;
    private final boolean clean;
    private final int embeddedPort;
    private PostgresAdmin admin;
    private String adminUser;
    private String adminPassword = "";
    private String host;
    private int port;
    private EmbeddedPostgres embedded;

    PostgresServer(Path dataDir, boolean clean, int embeddedPort) {
        this.dataDir = dataDir;
        this.clean = clean;
        this.embeddedPort = embeddedPort;
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public void start() throws IOException {
        String externalHost = System.getenv("COMMERCE_PG_HOST");
        if (externalHost != null && !externalHost.isBlank()) {
            host = externalHost;
            port = Integer.parseInt(System.getenv().getOrDefault("COMMERCE_PG_PORT", "5432"));
            adminUser = System.getenv().getOrDefault("COMMERCE_PG_ADMIN_USER", "postgres");
            adminPassword = System.getenv().getOrDefault("COMMERCE_PG_ADMIN_PASSWORD", "");
            admin = new PostgresAdmin(host, port, adminUser, adminPassword);
            if (!admin.answers()) {
                throw new IllegalStateException(
                        "PostgreSQL at " + host + ":" + port + " (COMMERCE_PG_HOST) does not let " + adminUser + " in");
            }
            Launcher.say("postgresql: using the server at %s:%d named by COMMERCE_PG_HOST", host, port);
            return;
        }
        if ("true".equals(System.getenv("COMMERCE_PG_EMBEDDED"))) {
            Launcher.say("postgresql: COMMERCE_PG_EMBEDDED=true; not looking for a local server");
        } else if (Ports.isOpen("127.0.0.1", 5432)) {
            for (String user : LOCAL_SUPERUSERS) {
                PostgresAdmin candidate = new PostgresAdmin("127.0.0.1", 5432, user, "");
                if (candidate.answers()) {
                    host = "127.0.0.1";
                    port = 5432;
                    adminUser = user;
                    admin = candidate;
                    Launcher.say("postgresql: using the local server at 127.0.0.1:5432 as %s", user);
                    return;
                }
            }
            Launcher.say(
                    "postgresql: the local server at 5432 lets none of %s in; starting an embedded one",
                    LOCAL_SUPERUSERS);
        }
        startEmbedded();
    }

    private void startEmbedded() throws IOException {
        Ports.requireFree("Embedded PostgreSQL", embeddedPort);
        embedded = EmbeddedPostgres.builder()
                .setPort(embeddedPort)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(clean)
                .start();
        host = "127.0.0.1";
        port = embeddedPort;
        adminUser = "postgres";
        admin = new PostgresAdmin(host, port, adminUser, "");
        Launcher.say("postgresql: embedded server on %s:%d, data in %s", host, port, dataDir);
    }

    PostgresAdmin admin() {
        return admin;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String adminUser() {
        return adminUser;
    }

    String adminPassword() {
        return adminPassword;
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    /** A server we do not own is not ours to restart; only the embedded one is watched. */
    @Override
    public boolean isAlive() {
        return embedded == null || Ports.isOpen(host, port);
    }

    @Override
    public void stop() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                Launcher.say("postgresql: stopping the embedded server failed: %s", e.getMessage());
            }
            embedded = null;
        }
    }
}
