package com.unifiedcommerce.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.unifiedcommerce.infra.support.InfraState;

/**
 * Starts the infrastructure the services need, writes where it answers to {@code
 * .data/<mode>/infra.properties}, restarts any part that dies, and stops everything it started when
 * it is told to stop (SIGTERM or Ctrl-C).
 *
 * <p>Usage: {@code Launcher --root <repo> --mode run|test [--keycloak] [--exit-with-parent]}. Mode {@code run} keeps data
 * between starts and creates the services' databases; mode {@code test} starts from empty and leaves
 * database creation to the test harness. KAFKA_BOOTSTRAP_SERVERS, MONGODB_URI, SMTP_HOST, KEYCLOAK_URL,
 * PAYMENT_PROVIDER_URL and COMMERCE_PG_HOST name external servers to use instead of starting our own.
 */
public final class Launcher {

    /** The PostgreSQL databases of the services, each owned by a role of the same name. */
    static final List<String> SERVICE_DATABASES = List.of("inventory", "orders", "loyalty", "returns", "payments");

    private final Path root;
    private final String mode;
    private final boolean withKeycloak;
    private final Path dataDir;
    private final Path logs;
    private final List<Component> started = new ArrayList<>();
    private final Object lifecycle = new Object();
    private volatile boolean stopping;

    private Launcher(Path root, String mode, boolean withKeycloak) {
        this.root = root;
        this.mode = mode;
        this.withKeycloak = withKeycloak;
        this.dataDir = InfraState.dataDir(root, mode);
        this.logs = dataDir.resolve("logs");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        String mode = options.getOrDefault("mode", "run");
        if (!mode.equals("run") && !mode.equals("test")) {
            throw new IllegalArgumentException("--mode must be run or test, not " + mode);
        }
        if (options.containsKey("exit-with-parent")) {
            // Started by a test JVM: if that JVM dies without stopping us, we stop too.
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        }
        new Launcher(root, mode, options.containsKey("keycloak")).run();
    }

    static void say(String format, Object... args) {
        System.out.printf(
                "[infra %s] %s%n",
                LocalTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME).substring(0, 8), String.format(format, args));
        System.out.flush();
    }

    private void run() throws Exception {
        Path stateFile = InfraState.file(root, mode);
        Optional<InfraState> existing = InfraState.read(stateFile);
        if (existing.isPresent() && existing.get().isAlive()) {
            throw new IllegalStateException("A launcher (pid " + existing.get().launcherPid() + ") already runs in "
                    + mode + " mode; stop it first");
        }
        Files.deleteIfExists(stateFile);
        if (mode.equals("test")) {
            // A test run starts from nothing; the unpacked Keycloak is kept only to save time.
            for (String part : List.of("postgres", "kafka", "mongodb", "logs")) {
                KeycloakServer.deleteTree(dataDir.resolve(part));
            }
        }
        Files.createDirectories(logs);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "infra-stop"));
        say("mode %s, data in %s, logs in %s", mode, dataDir, logs);

        PostgresServer postgres = new PostgresServer(
                dataDir.resolve("postgres"), mode.equals("test"), port("COMMERCE_EMBEDDED_PG_PORT", 15432));
        startComponent(postgres);
        if (mode.equals("run")) {
            for (String database : SERVICE_DATABASES) {
                postgres.admin().ensureDatabase(database, database, database);
            }
            say("postgresql: databases %s ready", SERVICE_DATABASES);
        }
        String kafka = external("KAFKA_BOOTSTRAP_SERVERS").orElseGet(() -> {
            KafkaBroker broker = new KafkaBroker(
                    root.resolve("infra/kafka-broker/target/libs"),
                    dataDir.resolve("kafka"),
                    logs,
                    port("COMMERCE_KAFKA_PORT", 9092));
            startComponent(broker);
            return broker.bootstrapServers();
        });
        String mongo = external("MONGODB_URI").orElseGet(() -> {
            // File-backed in test mode too (emptied when a test run starts): the fault-injection run
            // restarts the server and a restart must not lose acknowledged writes.
            String storage = dataDir.resolve("mongodb/customer.mv").toString();
            MongoWireServer server = new MongoWireServer(dataDir, logs, port("COMMERCE_MONGO_PORT", 27017), storage);
            startComponent(server);
            return server.uri();
        });
        String smtpHost = "127.0.0.1";
        int smtpPort;
        int imapPort = 0;
        Optional<String> externalSmtp = external("SMTP_HOST");
        if (externalSmtp.isPresent()) {
            smtpHost = externalSmtp.get();
            smtpPort = port("SMTP_PORT", 25);
        } else {
            MailServer mail =
                    new MailServer(dataDir, logs, port("COMMERCE_SMTP_PORT", 3025), port("COMMERCE_IMAP_PORT", 3143));
            startComponent(mail);
            smtpPort = mail.smtpPort();
            imapPort = mail.imapPort();
        }
        // The card acquirer is an outside party: PAYMENT_PROVIDER_URL names a real one's sandbox.
        String paymentProvider = external("PAYMENT_PROVIDER_URL").orElseGet(() -> {
            PaymentProvider simulator =
                    new PaymentProvider(dataDir, logs, port("COMMERCE_PAYMENT_PROVIDER_PORT", 8190));
            startComponent(simulator);
            return simulator.url();
        });
        String keycloak = "";
        if (withKeycloak) {
            keycloak = external("KEYCLOAK_URL").orElseGet(() -> {
                KeycloakServer server = new KeycloakServer(
                        root.resolve("infra/launcher/target/keycloak/keycloak-dist.zip"),
                        root.resolve("infra/keycloak/commerce-realm.json"),
                        dataDir.resolve("keycloak"),
                        logs,
                        port("COMMERCE_KEYCLOAK_PORT", 8180),
                        mode.equals("test"));
                startComponent(server);
                return server.url();
            });
        }
        new InfraState(
                        ProcessHandle.current().pid(),
                        mode,
                        postgres.host(),
                        postgres.port(),
                        postgres.adminUser(),
                        postgres.adminPassword(),
                        postgres.isEmbedded(),
                        kafka,
                        mongo,
                        smtpHost,
                        smtpPort,
                        imapPort,
                        keycloak,
                        paymentProvider)
                .write(stateFile);
        say(
                "ready: postgresql %s:%d, kafka %s, mongodb %s, smtp %s:%d%s, payment provider %s%s",
                postgres.host(),
                postgres.port(),
                kafka,
                mongo,
                smtpHost,
                smtpPort,
                imapPort == 0 ? "" : " (imap " + imapPort + ")",
                paymentProvider,
                keycloak.isEmpty() ? "" : ", keycloak " + keycloak);
        supervise();
    }

    private void startComponent(Component component) {
        synchronized (lifecycle) {
            if (stopping) {
                throw new IllegalStateException("Stopping; " + component.name() + " not started");
            }
            say("%s: starting", component.name());
            try {
                component.start();
            } catch (Exception e) {
                throw new IllegalStateException(component.name() + ": " + e.getMessage(), e);
            }
            started.add(component);
            writePid(component);
            say("%s: ready", component.name());
        }
    }

    /** Whatever dies is started again, so the services (which report not-ready meanwhile) recover. */
    private void supervise() throws InterruptedException {
        while (!stopping) {
            Thread.sleep(2000);
            synchronized (lifecycle) {
                for (Component component : started) {
                    if (!stopping && !component.isAlive()) {
                        say("%s: died; starting it again", component.name());
                        try {
                            component.stop();
                            component.start();
                            writePid(component);
                            say("%s: ready again", component.name());
                        } catch (Exception e) {
                            say("%s: restart failed (%s); trying again shortly", component.name(), e.getMessage());
                        }
                    }
                }
            }
        }
    }

    private void stopAll() {
        stopping = true;
        synchronized (lifecycle) {
            say("stopping");
            try {
                Files.deleteIfExists(InfraState.file(root, mode));
            } catch (java.io.IOException e) {
                say("could not remove the state file: %s", e.getMessage());
            }
            for (int i = started.size() - 1; i >= 0; i--) {
                Component component = started.get(i);
                say("%s: stopping", component.name());
                component.stop();
                try {
                    Files.deleteIfExists(dataDir.resolve("pids").resolve(component.name() + ".pid"));
                } catch (java.io.IOException e) {
                    say("could not remove the pid file of %s: %s", component.name(), e.getMessage());
                }
            }
            say("stopped");
        }
    }

    /**
     * Where each process of ours runs now ({@code .data/<mode>/pids/<name>.pid}, rewritten after a
     * restart): fault-injection tests stop and resume exactly these processes, never one found by name.
     */
    private void writePid(Component component) {
        if (!(component instanceof ProcessComponent process) || process.pid() < 0) {
            return;
        }
        try {
            Path pids = dataDir.resolve("pids");
            Files.createDirectories(pids);
            // Written whole, then moved into place: a reader (the fault injector waiting for a
            // restart) never sees an empty or half-written file.
            Path written = pids.resolve(component.name() + ".pid.new");
            Files.writeString(written, Long.toString(process.pid()));
            Files.move(
                    written,
                    pids.resolve(component.name() + ".pid"),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            say("could not record the pid of %s: %s", component.name(), e.getMessage());
        }
    }

    private static Optional<String> external(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        say("%s is set: using %s instead of starting one", variable, value);
        return Optional.of(value);
    }

    private static int port(String variable, int fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }
}
