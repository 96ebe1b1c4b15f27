package com.unifiedcommerce.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The realm each overlay imports comes from the repository's realm file, and production's is clean. */
class RealmImportTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachOverlaysRealmImportIsGeneratedFromTheRealmFile(String overlay) throws IOException {
        Path file = Repository.path("k8s/overlays/" + overlay + "/realm-import.yaml");
        ObjectNode expected = RealmImports.forOverlay(overlay);
        assertTrue(
                expected.equals(RealmImports.parse(Files.readString(file))),
                file + " is not what " + RealmImports.REALM_FILE
                        + " gives; run ./mvnw -pl k8s/check test -Dk8s.regenerate=true");
    }

    @Test
    void developmentImportsTheWholeRealmFile() {
        JsonNode realm = realmOf("dev");
        assertTrue(RealmImports.realmFile().equals(realm), "the development realm is the realm file");
        assertTrue(hasUser(realm, "alice"), "the demo users are there in development");
    }

    @Test
    void productionHasNoDemoUserNoPasswordGrantClientAndNoDevelopmentSecret() throws IOException {
        JsonNode realm = realmOf("prod");
        List<String> problems = new ArrayList<>();
        for (JsonNode user : realm.path("users")) {
            if (!user.hasNonNull("serviceAccountClientId")) {
                problems.add("user " + user.path("username").asText() + " is not a service account");
            }
        }
        for (JsonNode client : realm.path("clients")) {
            if (client.path("directAccessGrantsEnabled").asBoolean(false)) {
                problems.add("client " + client.path("clientId").asText() + " allows the password grant");
            }
        }
        String rendered =
                Rendered.YAML.writeValueAsString(Rendered.overlay("prod").objects());
        for (String forbidden : List.of("-dev-secret", "dev-only", "localhost")) {
            if (rendered.contains(forbidden)) {
                problems.add("the production rendering contains '" + forbidden + "'");
            }
        }
        assertEquals(List.of(), problems);
        assertFalse(hasUser(realm, "alice"));
        assertTrue(hasUser(realm, "service-account-order"), "service accounts stay: they carry the service role");
    }

    @Test
    void everyProductionPlaceholderIsFilledFromASecret() {
        ObjectNode realmImport = Rendered.overlay("prod")
                .find("KeycloakRealmImport", "commerce-realm")
                .orElseThrow();
        JsonNode placeholders = realmImport.path("spec").path("placeholders");
        Matcher used = Pattern.compile("\\$\\{([A-Z0-9_]+)}")
                .matcher(realmImport.path("spec").path("realm").toString());
        int count = 0;
        while (used.find()) {
            count++;
            JsonNode secret = placeholders.path(used.group(1)).path("secret");
            assertEquals(RealmImports.CLIENT_SECRETS, secret.path("name").asText(), used.group(1));
            assertFalse(secret.path("key").asText().isEmpty(), used.group(1));
        }
        assertTrue(count >= 6, "every confidential client's secret is a placeholder, found " + count);
    }

    private static JsonNode realmOf(String overlay) {
        return Rendered.overlay(overlay)
                .find("KeycloakRealmImport", "commerce-realm")
                .orElseThrow(() -> new AssertionError(overlay + " imports no realm"))
                .path("spec")
                .path("realm");
    }

    private static boolean hasUser(JsonNode realm, String username) {
        for (JsonNode user : realm.path("users")) {
            if (username.equals(user.path("username").asText())) {
                return true;
            }
        }
        return false;
    }
}
