package com.unifiedcommerce.it;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.unifiedcommerce.infra.support.InfraState;
import com.unifiedcommerce.infra.support.PostgresAdmin;
import com.unifiedcommerce.infra.support.ProjectRoot;
import com.unifiedcommerce.it.system.RunningSystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A packaged service (the production profile) that is not given one of its secrets refuses to
 * start and names the setting, instead of running with a development value anyone could forge
 * pickup codes or service tokens with.
 */
class SecretsFailClosedTest {

    @ParameterizedTest
    @CsvSource({
        "services/order, orders, ORDER_PICKUP_CODE_SECRET",
        "services/order, orders, ORDER_CLIENT_SECRET",
        "services/returns, returns, RETURNS_CLIENT_SECRET",
        "services/customer, , CUSTOMER_CLIENT_SECRET"
    })
    void aServiceWithoutItsSecretRefusesToStartAndNamesIt(String module, String database, String secret)
            throws Exception {
        Path root = ProjectRoot.find();
        InfraState infra = InfraState.findRunning(root)
                .orElseThrow(() -> new IllegalStateException("no running infrastructure: run scripts/test.sh"));
        // Everything else a real deployment has, so only the missing secret can stop it.
        Map<String, String> env = new HashMap<>(RunningSystem.DEV_SECRETS);
        env.remove(secret);
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
        env.put("KEYCLOAK_URL", infra.keycloakUrl());
        env.put("MONGODB_URI", infra.mongoUri());
        String name = null;
        PostgresAdmin admin = infra.postgresAdmin();
        if (database != null) {
            name = database + "_secrets_" + UUID.randomUUID().toString().substring(0, 8);
            admin.ensureDatabase(name, database, database);
            URI jdbc = URI.create(admin.jdbcUrl(name).substring("jdbc:".length()));
            env.put("DB_HOST", jdbc.getHost());
            env.put("DB_PORT", Integer.toString(jdbc.getPort()));
            env.put("DB_NAME", name);
        }
        Path log = root.resolve("integration-tests/target/apps/without-" + secret.toLowerCase() + ".log");
        Process process = RunningSystem.launch(root, module, env, log);
        try {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), module + " should stop without " + secret);
            assertNotEquals(0, process.exitValue(), module + " started without " + secret);
            String output = Files.readString(log);
            assertTrue(output.contains("set " + secret), "the refusal names " + secret + ":\n" + output);
        } finally {
            process.destroyForcibly().waitFor();
            if (name != null) {
                admin.dropDatabase(name);
            }
        }
    }
}
