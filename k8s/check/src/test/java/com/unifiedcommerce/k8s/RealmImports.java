package com.unifiedcommerce.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The overlays' KeycloakRealmImport resources, made from the one realm file the launcher imports
 * locally ({@value #REALM_FILE}). Development imports it as it is. Production drops what exists only
 * for development: people without a service account (the demo users), clients that allow the
 * password grant (the test clients), the development client secrets (replaced by placeholders the
 * operator fills from the {@code commerce-clients} Secret) and the localhost redirect origins
 * (replaced by the production ones in {@link #PRODUCTION_ORIGINS}).
 */
final class RealmImports {

    static final String REALM_FILE = "infra/keycloak/commerce-realm.json";
    static final String CLIENT_SECRETS = "commerce-clients";

    /** Development origin to production origin, for redirect URIs and web origins. */
    static final Map<String, String> PRODUCTION_ORIGINS = Map.of(
            "http://localhost:3000", "https://shop.commerce.example",
            "http://localhost:3100", "https://pos.commerce.example",
            // The gateway's Swagger UI signs in with the storefront client.
            "http://localhost:8080", "https://api.commerce.example");

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private RealmImports() {}

    static ObjectNode realmFile() {
        try {
            return (ObjectNode) JSON.readTree(Repository.read(REALM_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode forOverlay(String overlay) {
        return switch (overlay) {
            case "dev" -> resource(realmFile(), null);
            case "prod" -> production(realmFile());
            default -> throw new IllegalArgumentException("no overlay " + overlay);
        };
    }

    /** The file's text: a note saying where it comes from, then the resource. */
    static String text(ObjectNode resource) {
        try {
            return "# Generated from " + REALM_FILE + " by k8s/check (RealmImportTest): do not edit.\n"
                    + "# After changing the realm file: ./mvnw -pl k8s/check test -Dk8s.regenerate=true\n"
                    + YAML.writeValueAsString(resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes both overlays' files when asked ({@code -Dk8s.regenerate=true}), before anything renders them. */
    static synchronized void regenerateIfAsked() {
        if (!Boolean.getBoolean("k8s.regenerate") || regenerated) {
            return;
        }
        for (String overlay : new String[] {"dev", "prod"}) {
            try {
                Files.writeString(
                        Repository.path("k8s/overlays/" + overlay + "/realm-import.yaml"), text(forOverlay(overlay)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        regenerated = true;
    }

    private static boolean regenerated;

    static ObjectNode parse(String text) {
        try {
            return (ObjectNode) YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String placeholder(String clientId) {
        return clientId.toUpperCase(Locale.ROOT).replace('-', '_') + "_CLIENT_SECRET";
    }

    private static ObjectNode production(ObjectNode realm) {
        ObjectNode placeholders = JsonNodeFactory.instance.objectNode();
        removeWhere((ArrayNode) realm.get("users"), user -> !user.hasNonNull("serviceAccountClientId"));
        ArrayNode clients = (ArrayNode) realm.get("clients");
        removeWhere(clients, client -> client.path("directAccessGrantsEnabled").asBoolean(false));
        for (JsonNode node : clients) {
            ObjectNode client = (ObjectNode) node;
            if (client.hasNonNull("secret")) {
                String name = placeholder(client.get("clientId").asText());
                client.put("secret", "${" + name + "}");
                placeholders
                        .putObject(name)
                        .putObject("secret")
                        .put("name", CLIENT_SECRETS)
                        .put("key", client.get("clientId").asText());
            }
            for (String field : new String[] {"redirectUris", "webOrigins"}) {
                if (client.get(field) instanceof ArrayNode uris) {
                    for (int i = 0; i < uris.size(); i++) {
                        uris.set(
                                i, TextNode.valueOf(productionOrigin(uris.get(i).asText())));
                    }
                }
            }
        }
        return resource(realm, placeholders);
    }

    private static String productionOrigin(String uri) {
        for (Map.Entry<String, String> origin : PRODUCTION_ORIGINS.entrySet()) {
            if (uri.startsWith(origin.getKey())) {
                return origin.getValue() + uri.substring(origin.getKey().length());
            }
        }
        return uri;
    }

    private static void removeWhere(ArrayNode items, java.util.function.Predicate<JsonNode> drop) {
        for (Iterator<JsonNode> it = items.iterator(); it.hasNext(); ) {
            if (drop.test(it.next())) {
                it.remove();
            }
        }
    }

    private static ObjectNode resource(ObjectNode realm, ObjectNode placeholders) {
        ObjectNode resource = JsonNodeFactory.instance.objectNode();
        resource.put("apiVersion", "k8s.keycloak.org/v2alpha1");
        resource.put("kind", "KeycloakRealmImport");
        resource.putObject("metadata").put("name", "commerce-realm");
        ObjectNode spec = resource.putObject("spec");
        spec.put("keycloakCRName", "keycloak");
        spec.set("realm", realm);
        if (placeholders != null && !placeholders.isEmpty()) {
            spec.set("placeholders", placeholders);
        }
        return resource;
    }
}
