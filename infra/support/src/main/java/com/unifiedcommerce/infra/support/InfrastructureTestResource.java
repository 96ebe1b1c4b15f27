package com.unifiedcommerce.infra.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a service's {@code @QuarkusTest} real infrastructure: it reuses a running launcher (the one
 * {@code scripts/run.sh} or {@code scripts/test.sh} started) or starts one in test mode, then creates
 * a fresh PostgreSQL database and picks a fresh MongoDB database name for this test run.
 *
 * <p>Arguments: {@code postgres} (the service's database prefix, e.g. "inventory"),
 * {@code mongodb} (a MongoDB database prefix) and {@code keycloak} ("true" when the test needs
 * real tokens); each may be absent. With {@code postgres-proxy=true} the service reaches its
 * database through a {@link TcpProxy} the test receives in a field marked {@link PostgresProxy},
 * so it can take the database away without touching the shared server; {@code smtp-proxy=true}
 * does the same for the mail server ({@link SmtpProxy}). Mail goes to the launcher's mail server.
 */
public class InfrastructureTestResource implements QuarkusTestResourceLifecycleManager {

    private static final Duration STARTUP_LIMIT = Duration.ofMinutes(3);

    private String postgresPrefix;
    private String mongoPrefix;
    private boolean keycloak;
    private String database;
    private InfraState state;
    private Process startedLauncher;
    private boolean proxied;
    private TcpProxy proxy;
    private boolean smtpProxied;
    private TcpProxy smtpProxy;

    @Override
    public void init(Map<String, String> initArgs) {
        postgresPrefix = initArgs.get("postgres");
        mongoPrefix = initArgs.get("mongodb");
        keycloak = Boolean.parseBoolean(initArgs.get("keycloak"));
        proxied = Boolean.parseBoolean(initArgs.get("postgres-proxy"));
        smtpProxied = Boolean.parseBoolean(initArgs.get("smtp-proxy"));
    }

    @Override
    public void inject(TestInjector injector) {
        if (proxy != null) {
            injector.injectIntoFields(
                    proxy, new TestInjector.AnnotatedAndMatchesType(PostgresProxy.class, TcpProxy.class));
        }
        if (smtpProxy != null) {
            injector.injectIntoFields(
                    smtpProxy, new TestInjector.AnnotatedAndMatchesType(SmtpProxy.class, TcpProxy.class));
        }
    }

    @Override
    public Map<String, String> start() {
        Path root = ProjectRoot.find();
        state = InfraState.findRunning(root).orElseGet(() -> startLauncher(root));
        if (keycloak && !state.hasKeycloak()) {
            throw new IllegalStateException("This test needs Keycloak, but the running infrastructure (launcher pid "
                    + state.launcherPid() + ") has none: stop it, or run scripts/test.sh");
        }
        String suffix = "t" + HexFormat.of().formatHex(SecureRandom.getSeed(4));
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", state.kafkaBootstrapServers());
        // Tests name their topics and consumer groups with it, so runs never see each other's records.
        config.put("commerce.test.run-id", suffix);
        if (postgresPrefix != null) {
            database = postgresPrefix + "_" + suffix;
            PostgresAdmin admin = state.postgresAdmin();
            try {
                admin.ensureDatabase(database, postgresPrefix, postgresPrefix);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot create test database " + database, e);
            }
            PostgresAdmin reached = admin;
            if (proxied) {
                try {
                    proxy = new TcpProxy(state.postgresHost(), state.postgresPort());
                } catch (IOException e) {
                    throw new IllegalStateException("Cannot start the PostgreSQL proxy", e);
                }
                reached = new PostgresAdmin(
                        "127.0.0.1", proxy.port(), state.postgresAdminUser(), state.postgresAdminPassword());
            }
            config.put("quarkus.datasource.username", postgresPrefix);
            config.put("quarkus.datasource.password", postgresPrefix);
            config.put("quarkus.datasource.jdbc.url", reached.jdbcUrl(database));
            config.put("quarkus.datasource.reactive.url", reached.reactiveUrl(database));
        }
        if (mongoPrefix != null) {
            config.put("quarkus.mongodb.connection-string", state.mongoUri());
            config.put("quarkus.mongodb.database", mongoPrefix + "_" + suffix);
        }
        if (state.smtpPort() > 0) {
            String host = state.smtpHost();
            int port = state.smtpPort();
            if (smtpProxied) {
                try {
                    smtpProxy = new TcpProxy(host, port);
                } catch (IOException e) {
                    throw new IllegalStateException("Cannot start the SMTP proxy", e);
                }
                host = "127.0.0.1";
                port = smtpProxy.port();
            }
            config.put("quarkus.mailer.host", host);
            config.put("quarkus.mailer.port", Integer.toString(port));
        }
        if (!state.paymentProviderUrl().isEmpty()) {
            config.put("payment.provider.url", state.paymentProviderUrl());
        }
        if (state.hasKeycloak()) {
            config.put("commerce.keycloak.url", state.keycloakUrl());
            config.put("quarkus.oidc.auth-server-url", state.keycloakUrl() + "/realms/commerce");
        }
        return config;
    }

    @Override
    public void stop() {
        try {
            if (proxy != null) {
                proxy.close();
            }
            if (smtpProxy != null) {
                smtpProxy.close();
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot close the PostgreSQL proxy", e);
        }
        try {
            if (database != null) {
                state.postgresAdmin().dropDatabase(database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop test database " + database, e);
        } finally {
            if (startedLauncher != null) {
                startedLauncher.destroy();
                waitFor(startedLauncher, Duration.ofSeconds(60));
            }
        }
    }

    /** No launcher runs: start one in test mode from its built jar and wait until it says it is ready. */
    private InfraState startLauncher(Path root) {
        Path libs = root.resolve("infra/launcher/target/lib");
        Path jar = root.resolve("infra/launcher/target/infra-launcher.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The infrastructure launcher is not built (" + jar
                    + "): run scripts/test.sh, or ./mvnw -pl infra/launcher -am package -DskipTests");
        }
        Path dataDir = InfraState.dataDir(root, "test");
        Path stateFile = InfraState.file(root, "test");
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(stateFile);
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classpath = jar + File.pathSeparator + libs + File.separator + "*";
            List<String> command = new ArrayList<>(List.of(
                    java,
                    "-cp",
                    classpath,
                    "com.unifiedcommerce.infra.Launcher",
                    "--root",
                    root.toString(),
                    "--mode",
                    "test",
                    "--exit-with-parent"));
            if (keycloak) {
                command.add("--keycloak");
            }
            startedLauncher = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("launcher.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the infrastructure launcher", e);
        }
        Instant deadline = Instant.now().plus(STARTUP_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!startedLauncher.isAlive()) {
                throw new IllegalStateException("The infrastructure launcher exited with " + startedLauncher.exitValue()
                        + "; see " + dataDir.resolve("launcher.log"));
            }
            Optional<InfraState> ready = InfraState.read(stateFile);
            if (ready.isPresent() && ready.get().launcherPid() == startedLauncher.pid()) {
                return ready.get();
            }
            sleep(Duration.ofMillis(250));
        }
        startedLauncher.destroy();
        throw new IllegalStateException("The infrastructure launcher was not ready within " + STARTUP_LIMIT + "; see "
                + dataDir.resolve("launcher.log"));
    }

    private static void waitFor(Process process, Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the infrastructure", e);
        }
    }
}
