package com.unifiedcommerce.it.system;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.unifiedcommerce.infra.support.Faults;
import com.unifiedcommerce.infra.support.InfraState;
import com.unifiedcommerce.infra.support.PostgresAdmin;
import com.unifiedcommerce.infra.support.ProjectRoot;
import com.unifiedcommerce.infra.support.ServiceBalancer;
import com.unifiedcommerce.infra.support.TestTokens;

/**
 * The whole system as a client meets it: the five services and the gateway started from their
 * packaged applications ({@code target/quarkus-app}), on free ports, against the running
 * infrastructure (launcher with Keycloak), each PostgreSQL service with a fresh database and the
 * customer service with a fresh MongoDB database. Stopped, and the databases dropped, by
 * {@link #close()}; a JVM shutdown hook stops the applications if the tests are cut short.
 *
 * <p>A {@link Layout} may ask for several instances of each service (a {@link ServiceBalancer} on
 * the service's address spreads the other services' calls over them, as a Kubernetes Service
 * would; the gateway is given every instance), for a PostgreSQL of the run's own (which may then
 * be restarted), and for a supervisor that starts a dead instance again after a delay.
 */
public final class RunningSystem implements AutoCloseable {

    /** Where each application's module lives and which store it needs. */
    private enum AppKind {
        POSTGRES,
        MONGODB,
        NONE
    }

    private record AppSpec(String name, String module, AppKind kind, String database) {}

    /**
     * How the system is laid out: instances per service, whether PostgreSQL is the run's own,
     * how long a dead instance stays dead before the supervisor starts it again (null: never), and
     * settings per application that replace the suite's (e.g. production clocks).
     */
    public record Layout(
            int replicas, boolean ownPostgres, Duration restartAfter, Map<String, Map<String, String>> settings) {
        public static Layout single() {
            return new Layout(1, false, null, Map.of());
        }
    }

    /** One running instance of an application. */
    private final class Instance {
        final AppSpec spec;
        final String name;
        final int port;
        final Map<String, String> env;
        volatile Process process;
        volatile Instant restartAt;

        Instance(AppSpec spec, String name, int port, Map<String, String> env) {
            this.spec = spec;
            this.name = name;
            this.port = port;
            this.env = env;
        }

        void spawn() throws IOException {
            Map<String, String> all = new LinkedHashMap<>(env);
            all.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            all.put("KEYCLOAK_URL", infra.keycloakUrl());
            process = launch(root, spec.module(), all, logs.resolve(name + ".log"));
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    private static final List<AppSpec> SERVICES = List.of(
            new AppSpec("inventory", "services/inventory", AppKind.POSTGRES, "inventory"),
            new AppSpec("order", "services/order", AppKind.POSTGRES, "orders"),
            new AppSpec("loyalty", "services/loyalty", AppKind.POSTGRES, "loyalty"),
            new AppSpec("returns", "services/returns", AppKind.POSTGRES, "returns"),
            new AppSpec("customer", "services/customer", AppKind.MONGODB, "customer"),
            new AppSpec("payment", "services/payment", AppKind.POSTGRES, "payments"));
    private static final AppSpec GATEWAY = new AppSpec("gateway", "gateway", AppKind.NONE, null);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    /**
     * Extra JVM options for the applications ({@code -Dit.jvm-options}). The suite starts them with
     * the quick compiler only, which starts faster on 2 cores; benchmarks pass none, for the
     * full compiler.
     */
    // Each application's heap is -Dit.heap (default 192m, so six fit beside the infrastructure).
    private static final List<String> JVM_OPTIONS = Arrays.stream(
                    System.getProperty("it.jvm-options", "-XX:TieredStopAtLevel=1")
                            .split("\\s+"))
            .filter(option -> !option.isBlank())
            .toList();

    /** One application's JVM options: {@code -Dit.jvm-options.<name>} when given, else the common ones. */
    private static List<String> jvmOptions(String name) {
        String own = System.getProperty("it.jvm-options." + name);
        return own == null
                ? JVM_OPTIONS
                : Arrays.stream(own.split("\\s+"))
                        .filter(option -> !option.isBlank())
                        .toList();
    }

    private final Path root;
    private final InfraState infra;
    private final Layout layout;
    private final Path logs;
    private final String suffix = "it" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    /** The address each application is called at: its balancer's with several instances. */
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    private final List<Instance> instances = new CopyOnWriteArrayList<>();
    private final List<ServiceBalancer> balancers = new ArrayList<>();
    private final List<String> databases = new ArrayList<>();
    private final List<Consumer<String>> restartListeners = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopApplications, "stop-system-under-test");
    private volatile boolean stopping;
    private OwnPostgres ownPostgres;
    private Thread supervisor;

    private RunningSystem(Path root, InfraState infra, Layout layout, Path logs) {
        this.root = root;
        this.infra = infra;
        this.layout = layout;
        this.logs = logs;
    }

    /** Starts every application, one instance each, and waits until each is ready. */
    public static RunningSystem start(Map<String, String> gatewaySettings) {
        return start(gatewaySettings, Layout.single(), null);
    }

    /** Starts the applications as {@code layout} says (logs in {@code logs}, or target/apps). */
    public static RunningSystem start(Map<String, String> gatewaySettings, Layout layout, Path logs) {
        Path root = ProjectRoot.find();
        InfraState infra = InfraState.findRunning(root)
                .filter(InfraState::hasKeycloak)
                .orElseThrow(() -> new IllegalStateException(
                        "No running infrastructure with Keycloak: run the suite with scripts/test.sh"));
        RunningSystem system = new RunningSystem(
                root, infra, layout, logs == null ? root.resolve("integration-tests/target/apps") : logs);
        Runtime.getRuntime().addShutdownHook(system.shutdownHook);
        try {
            system.launch(gatewaySettings);
            return system;
        } catch (RuntimeException | Error e) {
            system.close();
            throw e;
        }
    }

    public String gatewayUrl() {
        return url("gateway");
    }

    /** Keycloak, where the realm's tokens come from. */
    public String keycloakUrl() {
        return infra.keycloakUrl();
    }

    /** The instances of the services, by name ({@code order-2}); with one instance, the service's name. */
    public List<String> serviceInstances() {
        return instances.stream()
                .filter(instance -> instance.spec != GATEWAY)
                .map(instance -> instance.name)
                .toList();
    }

    /** The process id of every running application instance and the gateway, by instance name. */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        instances.forEach(instance -> {
            Process process = instance.process;
            if (process != null && process.isAlive()) {
                pids.put(instance.name, process.pid());
            }
        });
        return pids;
    }

    /**
     * A JDBC connection to a PostgreSQL service's own database, as its owner (for the benchmark's
     * bulk loads and checks; tests go through the APIs).
     */
    public java.sql.Connection database(String service) throws java.sql.SQLException {
        AppSpec spec = SERVICES.stream()
                .filter(candidate -> candidate.name().equals(service) && candidate.kind() == AppKind.POSTGRES)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(service + " has no PostgreSQL database"));
        return java.sql.DriverManager.getConnection(
                postgres().jdbcUrl(spec.database() + "_" + suffix), spec.database(), spec.database());
    }

    /** The service an instance belongs to. */
    public static String serviceOf(String instance) {
        int dash = instance.lastIndexOf('-');
        return dash < 0 ? instance : instance.substring(0, dash);
    }

    /** Whether the instance's process is running now (a killed one is not, until restarted). */
    public boolean isRunning(String name) {
        Process process = instance(name).process;
        return process != null && process.isAlive();
    }

    /** kill -9 of one instance; the supervisor starts it again after the layout's delay. */
    public void kill(String name) {
        instance(name).process.destroyForcibly();
    }

    /** SIGSTOP of one instance for {@code duration}, then SIGCONT: a process that hangs and comes back. */
    public void pause(String name, Duration duration) {
        long pid = instance(name).process.pid();
        signal("STOP", pid);
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            signal("CONT", pid);
        }
    }

    /** Called with an instance's name each time the supervisor starts it again. */
    public void onRestart(Consumer<String> listener) {
        restartListeners.add(listener);
    }

    /**
     * Stops the run's own PostgreSQL, leaves it down for {@code down} and starts it again (only with
     * {@link Layout#ownPostgres()}); returns how long it was away.
     */
    public Duration restartPostgres(Duration down) {
        if (ownPostgres == null) {
            throw new IllegalStateException("This run uses a PostgreSQL it does not own; it is not restarted");
        }
        try {
            return ownPostgres.restart(down);
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL did not start again", e);
        }
    }

    public String kafkaBootstrap() {
        return infra.kafkaBootstrapServers();
    }

    /** Waits until every instance of every application answers ready. */
    public void awaitAllReady(Duration within) {
        Instant deadline = Instant.now().plus(within);
        for (Instance instance : instances) {
            awaitReady(instance, deadline);
        }
    }

    /** Waits until one instance answers ready (a restarted one has started up). */
    public void awaitReady(String name, Duration within) {
        awaitReady(instance(name), Instant.now().plus(within));
    }

    private Instance instance(String name) {
        return instances.stream()
                .filter(instance -> instance.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no instance " + name));
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .inheritIO()
                    .start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A service's own address, for calling it directly (bypassing the gateway). */
    /** The log file of an application instance (its JSON log lines, spans among them). */
    public Path log(String instance) {
        return logs.resolve(instance + ".log");
    }

    public String serviceUrl(String name) {
        return url(name);
    }

    public List<String> serviceNames() {
        return SERVICES.stream().map(AppSpec::name).toList();
    }

    /** The PostgreSQL the services use, for benchmarks that measure its ceiling beside them. */
    public PostgresAdmin postgres() {
        return ownPostgres != null ? ownPostgres.admin() : infra.postgresAdmin();
    }

    /** The launcher's mail server's mailboxes, read over IMAP as a customer's mail program would. */
    public com.unifiedcommerce.infra.support.Mailbox mailbox() {
        return infra.mailbox();
    }

    public TestTokens tokens() {
        return new TestTokens(infra.keycloakUrl());
    }

    /** Pauses and resumes the infrastructure's processes (by the pids the launcher recorded). */
    public Faults faults() {
        return new Faults(root, infra);
    }

    private String url(String name) {
        Integer port = ports.get(name);
        if (port == null) {
            throw new IllegalArgumentException("no application " + name);
        }
        return "http://127.0.0.1:" + port;
    }

    private void launch(Map<String, String> gatewaySettings) {
        try {
            Files.createDirectories(logs);
            if (layout.ownPostgres()) {
                ownPostgres = new OwnPostgres(
                        root.resolve("integration-tests/target/own-postgres"), freePort(ports.values()));
            }
            // Every port is known before anything starts, so a service can be told where the others are.
            Map<String, List<Integer>> instancePorts = new LinkedHashMap<>();
            for (AppSpec spec : SERVICES) {
                ports.put(spec.name(), freePort(ports.values()));
                List<Integer> own = new ArrayList<>();
                if (layout.replicas() == 1) {
                    own.add(ports.get(spec.name()));
                } else {
                    for (int i = 0; i < layout.replicas(); i++) {
                        List<Integer> taken = new ArrayList<>(ports.values());
                        instancePorts.values().forEach(taken::addAll);
                        taken.addAll(own);
                        own.add(freePort(taken));
                    }
                }
                instancePorts.put(spec.name(), own);
            }
            ports.put(GATEWAY.name(), freePort(ports.values()));
            for (AppSpec spec : SERVICES) {
                Map<String, String> env = serviceEnvironment(spec);
                env.putAll(layout.settings().getOrDefault(spec.name(), Map.of()));
                List<Integer> own = instancePorts.get(spec.name());
                for (int i = 0; i < own.size(); i++) {
                    String name = own.size() == 1 ? spec.name() : spec.name() + "-" + (i + 1);
                    Instance instance = new Instance(spec, name, own.get(i), env);
                    instance.spawn();
                    instances.add(instance);
                }
                if (own.size() > 1) {
                    balancers.add(new ServiceBalancer(
                            spec.name(),
                            ports.get(spec.name()),
                            own.stream()
                                    .map(port -> new InetSocketAddress("127.0.0.1", port))
                                    .toList()));
                }
            }
            Map<String, String> gateway = new LinkedHashMap<>(gatewaySettings);
            for (AppSpec spec : SERVICES) {
                gateway.put(
                        "GATEWAY_UPSTREAM_" + spec.name().toUpperCase(),
                        String.join(
                                ",",
                                instancePorts.get(spec.name()).stream()
                                        .map(port -> "http://127.0.0.1:" + port)
                                        .toList()));
            }
            gateway.putAll(layout.settings().getOrDefault(GATEWAY.name(), Map.of()));
            Instance front = new Instance(GATEWAY, GATEWAY.name(), ports.get(GATEWAY.name()), gateway);
            front.spawn();
            instances.add(front);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the applications", e);
        }
        awaitAllReady(START_TIMEOUT);
        if (layout.restartAfter() != null) {
            supervisor = Thread.ofPlatform().daemon().name("supervisor").start(this::supervise);
        }
    }

    /** Starts an instance that died again once it has been dead for the layout's delay. */
    private void supervise() {
        while (!stopping) {
            for (Instance instance : instances) {
                Process process = instance.process;
                if (stopping || process == null || process.isAlive()) {
                    continue;
                }
                Instant now = Instant.now();
                if (instance.restartAt == null) {
                    instance.restartAt = now.plus(layout.restartAfter());
                } else if (!now.isBefore(instance.restartAt)) {
                    instance.restartAt = null;
                    try {
                        instance.spawn();
                        restartListeners.forEach(listener -> listener.accept(instance.name));
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot start " + instance.name + " again", e);
                    }
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The development realm's secrets, as {@code scripts/run.sh} passes them: the packaged
     * applications run in the production profile, where a secret left unset stops the start.
     */
    public static final Map<String, String> DEV_SECRETS = Map.of(
            "ORDER_CLIENT_SECRET", "order-dev-secret",
            "RETURNS_CLIENT_SECRET", "returns-dev-secret",
            "CUSTOMER_CLIENT_SECRET", "customer-dev-secret",
            "ORDER_PICKUP_CODE_SECRET", "end-to-end-pickup-code-secret",
            "PAYMENT_PROVIDER_API_KEY", "provider-api-dev-secret",
            "PAYMENT_PROVIDER_WEBHOOK_SECRET", "provider-webhook-dev-secret");

    private Map<String, String> serviceEnvironment(AppSpec spec) {
        Map<String, String> env = new LinkedHashMap<>(DEV_SECRETS);
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
        switch (spec.kind()) {
            case POSTGRES -> {
                String database = spec.database() + "_" + suffix;
                PostgresAdmin admin = postgres();
                try {
                    admin.ensureDatabase(database, spec.database(), spec.database());
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot create database " + database, e);
                }
                databases.add(database);
                URI jdbc = URI.create(admin.jdbcUrl(database).substring("jdbc:".length()));
                env.put("DB_HOST", jdbc.getHost());
                env.put("DB_PORT", Integer.toString(jdbc.getPort()));
                env.put("DB_NAME", database);
            }
            case MONGODB -> {
                // The realm's demo customers (alice, bob) have profiles, as scripts/run.sh gives them.
                env.put("CUSTOMER_SEED_DEMO", "true");
                env.put("MONGODB_URI", infra.mongoUri());
                env.put("MONGODB_DATABASE", spec.database() + "_" + suffix);
            }
            case NONE -> {}
        }
        if (spec.name().equals("returns")) {
            // Idempotency-Keys are kept seconds, not a day, so a repeat after expiry can be tried.
            env.put("COMMERCE_IDEMPOTENCY_RETENTION", "PT5S");
            env.put("ORDER_URL", url("order"));
            env.put("INVENTORY_URL", url("inventory"));
            env.put("LOYALTY_URL", url("loyalty"));
        }
        if (spec.name().equals("customer")) {
            // Notifications: the pickup code from the order ledger, store names from inventory, mail
            // to the launcher's mail server; the no-show deadline is 10 s here (ORDER_PICKUP_HOLD),
            // so the reminder goes 5 s before it.
            env.put("ORDER_URL", url("order"));
            env.put("INVENTORY_URL", url("inventory"));
            env.put("SMTP_HOST", infra.smtpHost());
            env.put("SMTP_PORT", Integer.toString(infra.smtpPort()));
            env.put("CUSTOMER_NOTIFICATIONS_REMINDER_BEFORE", "PT5S");
            env.put("CUSTOMER_NOTIFICATIONS_MAX_BACK_OFF", "PT5S");
        }
        if (spec.name().equals("payment")) {
            // The launcher's payment-provider simulator, posting its webhooks to the gateway.
            env.put("PAYMENT_PROVIDER_URL", infra.paymentProviderUrl());
            env.put("PAYMENT_WEBHOOK_URL", url("gateway") + "/api/payments/provider/webhooks");
        }
        if (spec.name().equals("inventory")) {
            // Holds nobody confirmed are given back within a second of their deadline.
            env.put("INVENTORY_HOLD_EXPIRY_EVERY", "1s");
        }
        if (spec.name().equals("order")) {
            env.put("CUSTOMER_URL", url("customer"));
            // Checkout holds live the shortest time inventory allows: a hold only has to outlive the
            // checkout that takes it, which the journeys check by outliving it.
            env.put("ORDER_HOLD_SECONDS", "30");
            env.put("ORDER_CHECKOUT_SWEEP_AFTER", "PT30S");
            env.put("ORDER_CHECKOUT_SWEEP_EVERY", "2s");
            env.put("INVENTORY_URL", url("inventory"));
            env.put("LOYALTY_URL", url("loyalty"));
            env.put("PAYMENT_URL", url("payment"));
            // Ready orders wait seconds, not the store's hours, so the no-show journey is quick.
            env.put("ORDER_PICKUP_HOLD", "PT10S");
            env.put("ORDER_NO_SHOW_EVERY", "1s");
            // An exchange order whose return never came is settled after seconds, not minutes.
            env.put("RETURNS_URL", url("returns"));
            env.put("ORDER_EXCHANGE_SWEEP_AFTER", "PT3S");
            env.put("ORDER_EXCHANGE_SWEEP_EVERY", "1s");
        }
        return env;
    }

    /**
     * Starts one packaged application ({@code module}'s {@code target/quarkus-app}) with exactly the
     * given environment besides the JVM's own, its output in {@code log}.
     */
    public static Process launch(Path root, String module, Map<String, String> env, Path log) throws IOException {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the applications first (scripts/test.sh"
                    + " builds every module before this one)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + System.getProperty("it.heap", "192m"));
        command.addAll(jvmOptions(Path.of(module).getFileName().toString()));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        DEV_SECRETS.keySet().forEach(builder.environment()::remove);
        // The share of traces started here that are recorded (-Dit.tracing-ratio; the benchmark
        // uses production's, the tests record every one).
        String tracingRatio = System.getProperty("it.tracing-ratio");
        if (tracingRatio != null) {
            builder.environment().put("COMMERCE_TRACING_RATIO", tracingRatio);
        }
        builder.environment().putAll(env);
        Files.createDirectories(log.getParent());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private void awaitReady(Instance instance, Instant deadline) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(instance.url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
        while (true) {
            Process process = instance.process;
            if (!process.isAlive() && layout.restartAfter() == null) {
                throw new IllegalStateException(instance.name + " exited with " + process.exitValue()
                        + " while starting; see " + logs.resolve(instance.name + ".log"));
            }
            try {
                if (process.isAlive()
                        && http.send(ready, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + instance.name, e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        instance.name + " not ready in time; see " + logs.resolve(instance.name + ".log"));
            }
            sleep(Duration.ofMillis(250));
        }
    }

    @Override
    public void close() {
        stopApplications();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
        if (ownPostgres != null) {
            try {
                ownPostgres.close();
            } catch (IOException e) {
                throw new IllegalStateException("cannot stop the run's own PostgreSQL", e);
            }
            databases.clear();
            return;
        }
        PostgresAdmin admin = infra.postgresAdmin();
        for (String database : databases) {
            try {
                admin.dropDatabase(database);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop " + database, e);
            }
        }
        databases.clear();
    }

    private void stopApplications() {
        stopping = true;
        if (supervisor != null) {
            supervisor.interrupt();
        }
        balancers.forEach(ServiceBalancer::close);
        for (Instance instance : instances) {
            if (instance.process != null) {
                signal("CONT", instance.process.pid()); // a paused instance could not stop
                instance.process.destroy();
            }
        }
        for (Instance instance : instances) {
            Process process = instance.process;
            if (process == null) {
                continue;
            }
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /**
     * A port free now and below the kernel's ephemeral range: an application binds it some seconds
     * later, and meanwhile the other applications open many outgoing connections, whose local ports
     * come from the ephemeral range (a port chosen there could be taken by one of them first).
     */
    private static int freePort(java.util.Collection<Integer> chosen) throws IOException {
        int below = ephemeralRangeStart();
        for (int tries = 0; tries < 200; tries++) {
            int port = 20_000 + PORTS.nextInt(Math.max(1_000, below - 20_000));
            if (chosen.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new java.net.InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // in use: draw another
            }
        }
        throw new IOException("no free port below " + below + " after 200 draws");
    }

    private static final SecureRandom PORTS = new SecureRandom();

    private static int ephemeralRangeStart() {
        try {
            // Read by line: /proc files report no size, and reading them whole may stop short.
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .getFirst()
                    .trim()
                    .split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768; // Linux's default
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
