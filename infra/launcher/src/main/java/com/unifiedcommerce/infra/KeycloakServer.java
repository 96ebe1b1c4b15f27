package com.unifiedcommerce.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak from its distribution zip in {@code start-dev} mode, with the {@code commerce} realm
 * imported from the repository. Keycloak imports a realm only when it does not exist yet.
 */
final class KeycloakServer extends ProcessComponent {

    private static final String REALM = "commerce";

    private final Path distZip;
    private final Path realmFile;
    private final Path installDir;
    private final Path logs;
    private final int port;
    private final boolean fresh;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    KeycloakServer(Path distZip, Path realmFile, Path installDir, Path logs, int port, boolean fresh) {
        this.distZip = distZip;
        this.realmFile = realmFile;
        this.installDir = installDir;
        this.logs = logs;
        this.port = port;
        this.fresh = fresh;
    }

    @Override
    public String name() {
        return "keycloak";
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void start() throws IOException {
        Ports.requireFree("Keycloak", port);
        Path home = installDir.resolve("keycloak-" + Versions.KEYCLOAK);
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            unzip(home);
        }
        if (fresh) {
            deleteTree(home.resolve("data/h2"));
        }
        Path importDir = Files.createDirectories(home.resolve("data/import"));
        Files.copy(realmFile, importDir.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        process = new ChildProcess(
                "keycloak",
                List.of(
                        "bash",
                        home.resolve("bin/kc.sh").toString(),
                        "start-dev",
                        "--http-host=127.0.0.1",
                        "--http-port=" + port,
                        "--import-realm"),
                Map.of(
                        "JAVA_HOME", System.getProperty("java.home"),
                        "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m",
                        "KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
                        "KC_BOOTSTRAP_ADMIN_PASSWORD", "admin"),
                home,
                logs.resolve("keycloak.log"));
        process.start();
        Ports.await(
                "Keycloak (log " + process.log() + ")", Duration.ofMinutes(4), this::realmAnswers, process::isAlive);
    }

    private boolean realmAnswers() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/realms/" + REALM))
                .timeout(Duration.ofSeconds(2))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void unzip(Path home) throws IOException {
        if (!Files.isRegularFile(distZip)) {
            throw new IllegalStateException("The Keycloak distribution is missing (" + distZip
                    + "): build it with ./mvnw -pl infra/launcher -am package -DskipTests");
        }
        Launcher.say("keycloak: unpacking %s into %s", distZip.getFileName(), installDir);
        deleteTree(home);
        Files.createDirectories(installDir);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(distZip))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = installDir.resolve(entry.getName()).normalize();
                if (!target.startsWith(installDir)) {
                    throw new IOException("Zip entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
