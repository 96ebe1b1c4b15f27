package com.unifiedcommerce.infra.support;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running launcher offers: where PostgreSQL, Kafka, MongoDB, the mail server, Keycloak and
 * the payment provider (the simulator, or a sandbox named by PAYMENT_PROVIDER_URL) answer ({@code smtpPort} takes mail in, {@code imapPort} lets a reader see it; 0 when the mail
 * server is someone else's, named by SMTP_HOST). The launcher
 * writes it once everything is ready and removes it when it stops; scripts and tests read it.
 */
public record InfraState(
        long launcherPid,
        String mode,
        String postgresHost,
        int postgresPort,
        String postgresAdminUser,
        String postgresAdminPassword,
        boolean postgresEmbedded,
        String kafkaBootstrapServers,
        String mongoUri,
        String smtpHost,
        int smtpPort,
        int imapPort,
        String keycloakUrl,
        String paymentProviderUrl) {

    public static final String FILE_NAME = "infra.properties";

    /** The data folder of one mode ("run" or "test"): everything the project keeps lives below it. */
    public static Path dataDir(Path root, String mode) {
        return root.resolve(".data").resolve(mode);
    }

    public static Path file(Path root, String mode) {
        return dataDir(root, mode).resolve(FILE_NAME);
    }

    /** A launcher that is still alive, of the run mode first (a developer's system), then the test mode. */
    public static Optional<InfraState> findRunning(Path root) {
        for (String mode : new String[] {"run", "test"}) {
            Optional<InfraState> state = read(file(root, mode));
            if (state.isPresent() && state.get().isAlive()) {
                return state;
            }
        }
        return Optional.empty();
    }

    public static Optional<InfraState> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
        return Optional.of(new InfraState(
                Long.parseLong(p.getProperty("launcher.pid")),
                p.getProperty("mode"),
                p.getProperty("postgres.host"),
                Integer.parseInt(p.getProperty("postgres.port")),
                p.getProperty("postgres.admin.user"),
                p.getProperty("postgres.admin.password", ""),
                Boolean.parseBoolean(p.getProperty("postgres.embedded")),
                p.getProperty("kafka.bootstrap.servers"),
                p.getProperty("mongodb.uri"),
                p.getProperty("mail.smtp.host", "127.0.0.1"),
                Integer.parseInt(p.getProperty("mail.smtp.port", "0")),
                Integer.parseInt(p.getProperty("mail.imap.port", "0")),
                p.getProperty("keycloak.url", ""),
                p.getProperty("payment.provider.url", "")));
    }

    public boolean isAlive() {
        return ProcessHandle.of(launcherPid).map(ProcessHandle::isAlive).orElse(false);
    }

    public boolean hasKeycloak() {
        return !keycloakUrl.isEmpty();
    }

    /** A reader of the embedded mail server's mailboxes (IMAP); none when the server is external. */
    public Mailbox mailbox() {
        if (imapPort == 0) {
            throw new IllegalStateException(
                    "The mail server is external (SMTP_HOST); its mailboxes cannot be read here");
        }
        return new Mailbox(smtpHost, imapPort);
    }

    public PostgresAdmin postgresAdmin() {
        return new PostgresAdmin(postgresHost, postgresPort, postgresAdminUser, postgresAdminPassword);
    }

    /** Written to a temporary file and moved, so a reader never sees half of it. */
    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("launcher.pid", Long.toString(launcherPid));
        p.setProperty("mode", mode);
        p.setProperty("postgres.host", postgresHost);
        p.setProperty("postgres.port", Integer.toString(postgresPort));
        p.setProperty("postgres.admin.user", postgresAdminUser);
        p.setProperty("postgres.admin.password", postgresAdminPassword);
        p.setProperty("postgres.embedded", Boolean.toString(postgresEmbedded));
        p.setProperty("kafka.bootstrap.servers", kafkaBootstrapServers);
        p.setProperty("mongodb.uri", mongoUri);
        p.setProperty("mail.smtp.host", smtpHost);
        p.setProperty("mail.smtp.port", Integer.toString(smtpPort));
        p.setProperty("mail.imap.port", Integer.toString(imapPort));
        p.setProperty("keycloak.url", keycloakUrl);
        p.setProperty("payment.provider.url", paymentProviderUrl);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(tmp)) {
            p.store(writer, "Written by the infrastructure launcher; removed when it stops");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
