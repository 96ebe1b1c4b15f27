package com.unifiedcommerce.infra;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A single-node KRaft Kafka (broker and controller in one JVM) from the Apache Kafka jars. */
final class KafkaBroker extends ProcessComponent {

    private final Path libs;
    private final Path dataDir;
    private final Path logs;
    private final int port;
    private final int controllerPort;

    KafkaBroker(Path libs, Path dataDir, Path logs, int port) {
        this.libs = libs;
        this.dataDir = dataDir;
        this.logs = logs;
        this.port = port;
        this.controllerPort = port + 1;
    }

    @Override
    public String name() {
        return "kafka";
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void start() throws IOException, InterruptedException {
        if (!Files.isRegularFile(libs.resolve("kafka-clients-" + Versions.KAFKA + ".jar"))) {
            throw new IllegalStateException(
                    "Kafka jars are missing in " + libs + ": build them with ./mvnw -pl infra/kafka-broker package");
        }
        Ports.requireFree("Kafka", port);
        Ports.requireFree("Kafka controller", controllerPort);
        Path logDir = dataDir.resolve("log");
        Path config = writeConfig(logDir);
        if (!Files.isRegularFile(logDir.resolve("meta.properties"))) {
            int exit = kafkaTool(
                            "kafka-format",
                            "kafka.tools.StorageTool",
                            "format",
                            "--standalone",
                            "--cluster-id=" + clusterId(), // "=" form: a base64url id may start with "-"
                            "-c",
                            config.toString())
                    .runToEnd(60);
            if (exit != 0) {
                throw new IllegalStateException(
                        "Formatting Kafka storage failed; see " + logs.resolve("kafka-format.log"));
            }
        }
        process = kafkaTool("kafka", "kafka.Kafka", config.toString());
        process.start();
        Ports.await(
                "Kafka (log " + process.log() + ")",
                Duration.ofSeconds(60),
                () -> Ports.isOpen("127.0.0.1", port),
                process::isAlive);
    }

    private ChildProcess kafkaTool(String logName, String mainClass, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                ChildProcess.java(),
                "-Xms128m",
                "-Xmx512m",
                "-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties"),
                "-cp",
                libs + "/*",
                mainClass));
        command.addAll(List.of(args));
        return new ChildProcess(logName, command, Map.of(), dataDir, logs.resolve(logName + ".log"));
    }

    private Path writeConfig(Path logDir) throws IOException {
        Files.createDirectories(logDir);
        String server = String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logDir,
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "");
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, server);
        String log4j = String.join(
                "\n",
                "appender.out.type=Console",
                "appender.out.name=out",
                "appender.out.layout.type=PatternLayout",
                "appender.out.layout.pattern=%d{ISO8601} %p [%c{1}] %m%n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.out.ref=out",
                "logger.kafka.name=kafka",
                "logger.kafka.level=WARN",
                "logger.apache.name=org.apache.kafka",
                "logger.apache.level=WARN",
                "logger.server.name=kafka.server.KafkaRaftServer",
                "logger.server.level=INFO",
                "");
        Files.writeString(dataDir.resolve("log4j2.properties"), log4j);
        return config;
    }

    /** Kafka's cluster id: 16 random bytes, base64url without padding. */
    private static String clusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes =
                ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
