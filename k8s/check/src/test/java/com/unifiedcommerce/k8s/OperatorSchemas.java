package com.unifiedcommerce.k8s;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The resources of operators that publish no Java model on Maven Central (CloudNativePG, the
 * Keycloak operator, the MongoDB community operator), checked against the part of their CRDs' schemas
 * this repository uses: each object path lists the fields the CRD defines there that we may set
 * ({@code *} for a map with free keys, {@code FREE} for a subtree the CRD leaves open or that another
 * test checks). A field outside these lists, or an object where none is listed, fails, so a typo or
 * a field put one level too deep is caught offline. Extend a list from the operator's CRD when a
 * manifest needs a field that is not here.
 */
final class OperatorSchemas {

    private static final String FREE = "FREE";
    private static final String TOP = "apiVersion kind metadata spec";
    private static final String METADATA = "name namespace labels annotations";

    static final Map<String, Map<String, String>> SCHEMAS = Map.of(
            "postgresql.cnpg.io/v1/Cluster",
            schema(
                    Map.entry(
                            "spec",
                            "instances imageName bootstrap storage postgresql resources minSyncReplicas"
                                    + " maxSyncReplicas affinity monitoring backup"),
                    Map.entry("spec.bootstrap", "initdb"),
                    Map.entry("spec.bootstrap.initdb", "database owner secret encoding dataChecksums"),
                    Map.entry("spec.storage", "size storageClass"),
                    Map.entry("spec.postgresql", "parameters"),
                    Map.entry("spec.postgresql.parameters", FREE),
                    Map.entry("spec.resources", "requests limits"),
                    Map.entry("spec.resources.requests", "cpu memory"),
                    Map.entry("spec.resources.limits", "cpu memory")),
            "k8s.keycloak.org/v2alpha1/Keycloak",
            schema(
                    Map.entry("spec", "instances image db http hostname proxy ingress resources features"),
                    Map.entry(
                            "spec.db",
                            "vendor host port database schema usernameSecret passwordSecret poolMinSize poolMaxSize"),
                    Map.entry("spec.db.usernameSecret", "name key"),
                    Map.entry("spec.db.passwordSecret", "name key"),
                    Map.entry("spec.http", "httpEnabled httpPort httpsPort tlsSecret"),
                    Map.entry("spec.hostname", "hostname admin strict backchannelDynamic"),
                    Map.entry("spec.proxy", "headers"),
                    Map.entry("spec.ingress", "enabled className annotations")),
            "k8s.keycloak.org/v2alpha1/KeycloakRealmImport",
            schema(
                    Map.entry("spec", "keycloakCRName realm placeholders"),
                    // The realm is a RealmRepresentation; RealmImportTest compares it with the realm file.
                    Map.entry("spec.realm", FREE),
                    Map.entry("spec.placeholders", "*"),
                    Map.entry("spec.placeholders.*", "secret"),
                    Map.entry("spec.placeholders.*.secret", "name key")),
            "mongodbcommunity.mongodb.com/v1/MongoDBCommunity",
            schema(
                    Map.entry("spec", "members type version security users additionalMongodConfig statefulSet"),
                    Map.entry("spec.security", "authentication"),
                    Map.entry("spec.security.authentication", "modes"),
                    Map.entry(
                            "spec.users[]",
                            "name db passwordSecretRef roles scramCredentialsSecretName connectionStringSecretName"),
                    Map.entry("spec.users[].passwordSecretRef", "name key"),
                    Map.entry("spec.users[].roles[]", "name db"),
                    Map.entry("spec.additionalMongodConfig", FREE)));

    private OperatorSchemas() {}

    /** A resource's schema: the top level and metadata every resource shares, then its own paths. */
    @SafeVarargs
    private static Map<String, String> schema(Map.Entry<String, String>... own) {
        Map<String, String> paths = new java.util.HashMap<>(Map.ofEntries(own));
        paths.put("", TOP);
        paths.put("metadata", METADATA);
        paths.put("metadata.labels", "*");
        paths.put("metadata.annotations", "*");
        return Map.copyOf(paths);
    }

    static boolean covers(JsonNode object) {
        return SCHEMAS.containsKey(Models.typeOf(object));
    }

    /** Fields of {@code object} outside its operator's schema, as paths. */
    static List<String> unknownFields(JsonNode object) {
        Map<String, String> schema = SCHEMAS.get(Models.typeOf(object));
        if (schema == null) {
            throw new IllegalArgumentException("no schema for " + Models.typeOf(object));
        }
        List<String> unknown = new ArrayList<>();
        walk(object, "", schema, Rendered.id(object), unknown);
        return unknown;
    }

    private static void walk(
            JsonNode node, String path, Map<String, String> schema, String where, List<String> unknown) {
        if (node.isArray()) {
            for (JsonNode item : node) {
                walk(item, path + "[]", schema, where, unknown);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String listed = schema.get(path);
        if (listed == null) {
            unknown.add(where + " " + path + " (no schema listed for this object)");
            return;
        }
        if (listed.equals(FREE)) {
            return;
        }
        Set<String> fields = Arrays.stream(listed.split(" ")).collect(Collectors.toSet());
        boolean anyKey = fields.contains("*");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!anyKey && !fields.contains(field.getKey())) {
                unknown.add(where + " " + (path.isEmpty() ? "" : path + ".") + field.getKey());
                continue;
            }
            String child = anyKey ? "*" : field.getKey();
            walk(field.getValue(), path.isEmpty() ? child : path + "." + child, schema, where, unknown);
        }
    }
}
