package com.unifiedcommerce.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rules of ours that every overlay keeps, beyond the objects being well-formed. */
class OverlayRulesTest {

    /** Each application and the module it is built from. */
    static final Map<String, String> APPS = Map.of(
            "inventory", "services/inventory",
            "order", "services/order",
            "loyalty", "services/loyalty",
            "returns", "services/returns",
            "customer", "services/customer",
            "payment", "services/payment",
            "gateway", "gateway");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyApplicationHasOneDeploymentProbedSizedHardenedWithABudgetAndAnAutoscaler(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        assertEquals(
                new TreeSet<>(APPS.keySet()),
                rendered.ofKind("Deployment").map(Rendered::name).collect(Collectors.toCollection(TreeSet::new)));
        rendered.ofKind("Deployment").forEach(deployment -> {
            String name = Rendered.name(deployment);
            JsonNode pod = deployment.path("spec").path("template");
            JsonNode labels = pod.path("metadata").path("labels");
            JsonNode podSpec = pod.path("spec");
            if (!podSpec.path("securityContext").path("runAsNonRoot").asBoolean(false)) {
                problems.add(name + ": the pod may run as root");
            }
            if (!podSpec.hasNonNull("terminationGracePeriodSeconds")) {
                problems.add(name + ": no termination grace period");
            }
            for (JsonNode container : podSpec.path("containers")) {
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    if (!container
                            .path(probe)
                            .path("httpGet")
                            .path("path")
                            .asText()
                            .startsWith("/q/health/")) {
                        problems.add(name + ": no " + probe + " on /q/health");
                    }
                }
                for (String bound : List.of("requests", "limits")) {
                    if (!container.path("resources").path(bound).has("memory")) {
                        problems.add(name + ": no memory " + bound);
                    }
                }
                if (!container.path("resources").path("requests").has("cpu")) {
                    problems.add(name + ": no cpu request");
                }
                JsonNode security = container.path("securityContext");
                if (!security.path("readOnlyRootFilesystem").asBoolean(false)
                        || security.path("allowPrivilegeEscalation").asBoolean(true)) {
                    problems.add(name + ": root filesystem writable or privilege escalation allowed");
                }
            }
            if (rendered.ofKind("PodDisruptionBudget")
                    .noneMatch(pdb -> selects(pdb.path("spec").path("selector"), labels))) {
                problems.add(name + ": no PodDisruptionBudget selects its pods");
            }
            List<ObjectNode> autoscalers = rendered.ofKind("HorizontalPodAutoscaler")
                    .filter(hpa -> hpa.path("spec")
                            .path("scaleTargetRef")
                            .path("name")
                            .asText()
                            .equals(name))
                    .toList();
            if (autoscalers.size() != 1) {
                problems.add(name + ": " + autoscalers.size() + " autoscalers instead of one");
            } else {
                int min = autoscalers.get(0).path("spec").path("minReplicas").asInt();
                if (overlay.equals("dev") ? min != 1 : min < 2) {
                    problems.add(name + ": " + min + " replicas at least in " + overlay);
                }
            }
            if (overlay.equals("prod")
                    && podSpec.path("affinity").path("podAntiAffinity").isMissingNode()) {
                problems.add(name + ": replicas are not spread over nodes");
            }
        });
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicTheCodeUsesHasAKafkaTopic(String overlay) {
        Set<String> declared = Rendered.overlay(overlay)
                .ofKind("KafkaTopic")
                .map(t -> t.path("spec").path("topicName").asText(Rendered.name(t)))
                .collect(Collectors.toSet());
        Set<String> used = topicsTheCodeUses();
        assertTrue(used.size() >= 14, "found only " + used + " in the code");
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(declared);
        assertEquals(Set.of(), missing, "topics without a KafkaTopic in " + overlay);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everySettingAnApplicationReadsWithoutADefaultIsProvided(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        APPS.forEach((app, module) -> {
            Set<String> provided = provided(rendered, app);
            for (String setting : requiredSettings(module)) {
                if (!provided.contains(setting)) {
                    problems.add(app + " reads " + setting + " without a default and " + overlay + " does not set it");
                }
            }
        });
        assertEquals(List.of(), problems);
        assertTrue(requiredSettings("services/order").contains("ORDER_PICKUP_CODE_SECRET"), "the scan finds settings");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void secretsAreReferencedNeverCommitted(String overlay) {
        assertEquals(
                List.of(),
                Rendered.overlay(overlay).ofKind("Secret").map(Rendered::name).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void imagesAreTheJibImagesNamedByTheOverlay(String overlay) {
        String group = jibSetting("quarkus.container-image.group");
        List<String> problems = new ArrayList<>();
        Pattern image = Pattern.compile("[a-z0-9.:-]+/" + Pattern.quote(group) + "/([a-z-]+):[A-Za-z0-9._-]+");
        Rendered.overlay(overlay).ofKind("Deployment").forEach(deployment -> {
            for (JsonNode container :
                    deployment.path("spec").path("template").path("spec").path("containers")) {
                Matcher m = image.matcher(container.path("image").asText());
                if (!m.matches() || !m.group(1).equals(Rendered.name(deployment))) {
                    problems.add(Rendered.name(deployment) + ": image "
                            + container.path("image").asText() + " is not <registry>/" + group + "/"
                            + Rendered.name(deployment) + ":<tag>");
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyApplicationBuildsItsImageWithJibAsANonRootUserOnTheTestsJdk() {
        String platformPom = Repository.read("services/platform/pom.xml");
        assertTrue(platformPom.contains("<artifactId>quarkus-container-image-jib</artifactId>"));
        assertTrue(jibSetting("quarkus.jib.base-jvm-image").startsWith("eclipse-temurin:25"));
        String user = jibSetting("quarkus.jib.user");
        assertTrue(user.matches("[1-9][0-9]*"), "a numeric non-root user, not " + user);
        APPS.values()
                .forEach(module -> assertTrue(
                        Repository.read(module + "/pom.xml").contains("<artifactId>platform</artifactId>"),
                        module + " builds on platform, which brings the Jib extension"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheGatewayIsReachableFromOutsideAndEachServiceOnlyFromItsCallers(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        boolean denyAll = rendered.ofKind("NetworkPolicy")
                .anyMatch(p -> p.path("spec").path("ingress").isMissingNode()
                        && p.path("spec")
                                .path("podSelector")
                                .path("matchLabels")
                                .path("app.kubernetes.io/part-of")
                                .asText()
                                .equals("commerce"));
        if (!denyAll) {
            problems.add("no policy denies by default");
        }
        rendered.ofKind("NetworkPolicy").forEach(policy -> {
            String target = policy.path("spec")
                    .path("podSelector")
                    .path("matchLabels")
                    .path("app.kubernetes.io/name")
                    .asText();
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                for (JsonNode peer : rule.path("from")) {
                    String namespace = peer.path("namespaceSelector")
                            .path("matchLabels")
                            .path("kubernetes.io/metadata.name")
                            .asText();
                    boolean ingress = namespace.equals("ingress-nginx") && target.equals("gateway");
                    boolean prometheus = namespace.equals("monitoring")
                            && peer.path("podSelector")
                                    .path("matchLabels")
                                    .path("app.kubernetes.io/name")
                                    .asText()
                                    .equals("prometheus");
                    if (peer.has("namespaceSelector") && !ingress && !prometheus) {
                        problems.add(Rendered.name(policy) + " lets another namespace reach "
                                + (target.isEmpty() ? "the applications" : target));
                    }
                    if (peer.has("ipBlock")) {
                        problems.add(Rendered.name(policy) + " lets addresses reach " + target);
                    }
                }
            }
        });
        rendered.ofKind("Deployment").forEach(d -> {
            if (!d.path("spec")
                    .path("template")
                    .path("metadata")
                    .path("labels")
                    .path("app.kubernetes.io/part-of")
                    .asText()
                    .equals("commerce")) {
                problems.add(Rendered.name(d) + " is outside the default deny");
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyFigureTheAlertsAndTheDashboardReadIsOneTheApplicationsPublish() {
        String watched = Repository.read("k8s/base/monitoring/alerts.yaml")
                + Repository.read("k8s/base/monitoring/commerce-dashboard.json");
        Set<String> published = publishedFigures();
        Matcher figure = Pattern.compile("\\b(commerce_[a-z_]+)").matcher(watched);
        Set<String> unknown = new TreeSet<>();
        int count = 0;
        while (figure.find()) {
            count++;
            String name = figure.group(1).replaceAll("_(total|count|sum|max)$", "");
            if (!published.contains(name) && !published.contains(name.replaceAll("_seconds$", ""))) {
                unknown.add(figure.group(1));
            }
        }
        assertTrue(count > 10, "the alerts and the dashboard read figures");
        assertEquals(Set.of(), unknown, "figures no application publishes");
        Rendered prod = Rendered.overlay("prod");
        assertTrue(prod.find("PrometheusRule", "commerce-alerts").isPresent());
        assertTrue(prod.find("ConfigMap", "commerce-dashboard")
                .orElseThrow()
                .path("data")
                .has("commerce-dashboard.json"));
    }

    /** Micrometer names ("commerce.outbox.pending") in the applications' code, as Prometheus spells them. */
    private static Set<String> publishedFigures() {
        Set<String> names = new TreeSet<>();
        Pattern meter = Pattern.compile("\"(commerce(\\.[a-z]+)+)\"");
        try (var files = java.nio.file.Files.walk(Repository.path("services"))) {
            files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/"))
                    .forEach(f -> {
                        Matcher m = meter.matcher(
                                Repository.read(Repository.root().relativize(f).toString()));
                        while (m.find()) {
                            names.add(m.group(1).replace('.', '_'));
                        }
                    });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return names;
    }

    @Test
    void productionRunsEveryStatefulPartReplicated() {
        Rendered prod = Rendered.overlay("prod");
        JsonNode kafka = prod.find("Kafka", "commerce")
                .orElseThrow()
                .path("spec")
                .path("kafka")
                .path("config");
        assertTrue(kafka.path("default.replication.factor").asInt() >= 3);
        assertTrue(kafka.path("min.insync.replicas").asInt() >= 2);
        assertTrue(prod.ofKind("KafkaNodePool")
                        .mapToInt(p -> p.path("spec").path("replicas").asInt())
                        .sum()
                >= 3);
        prod.ofKind("Cluster").forEach(c -> {
            assertTrue(c.path("spec").path("instances").asInt() >= 3, Rendered.name(c));
            assertTrue(
                    c.path("spec").path("minSyncReplicas").asInt() >= 1,
                    Rendered.name(c) + " acknowledges commits on one node");
        });
        assertEquals(6, prod.ofKind("Cluster").count(), "five services' databases and Keycloak's");
        prod.ofKind("MongoDBCommunity")
                .forEach(m -> assertTrue(m.path("spec").path("members").asInt() >= 3));
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        JsonNode match = selector.path("matchLabels");
        if (match.isEmpty()) {
            return false;
        }
        for (var it = match.fields(); it.hasNext(); ) {
            var entry = it.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    /** Environment variables the container gets: its env entries and the keys of its ConfigMaps. */
    private static Set<String> provided(Rendered rendered, String app) {
        Set<String> names = new TreeSet<>();
        JsonNode deployment = rendered.find("Deployment", app).orElseThrow();
        for (JsonNode container :
                deployment.path("spec").path("template").path("spec").path("containers")) {
            container.path("env").forEach(e -> names.add(e.path("name").asText()));
            for (JsonNode source : container.path("envFrom")) {
                String map = source.path("configMapRef").path("name").asText();
                if (!map.isEmpty()) {
                    ObjectNode configMap = rendered.find("ConfigMap", map)
                            .orElseThrow(
                                    () -> new AssertionError(app + " reads ConfigMap " + map + ", which is not there"));
                    configMap.path("data").fieldNames().forEachRemaining(names::add);
                }
            }
        }
        return names;
    }

    private static final Pattern NO_DEFAULT = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

    /** Environment variables a module's application.properties reads with no default, outside dev and test. */
    static Set<String> requiredSettings(String module) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : Repository.read(module + "/src/main/resources/application.properties")
                .split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.startsWith("%dev.") || trimmed.startsWith("%test.")) {
                continue;
            }
            Matcher m = NO_DEFAULT.matcher(trimmed);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Topic names in the event contracts and in every application's channel settings. */
    static Set<String> topicsTheCodeUses() {
        Set<String> topics = new TreeSet<>();
        Matcher constants = Pattern.compile("\"(commerce\\.[a-z.-]+)\"")
                .matcher(Repository.read("contracts/src/main/java/com/unifiedcommerce/contracts/Topics.java"));
        while (constants.find()) {
            topics.add(constants.group(1));
        }
        for (String module : APPS.values()) {
            for (String line : Repository.read(module + "/src/main/resources/application.properties")
                    .split("\n")) {
                String trimmed = line.strip();
                if (trimmed.startsWith("#") || trimmed.startsWith("%") || !trimmed.contains("=")) {
                    continue;
                }
                String key = trimmed.substring(0, trimmed.indexOf('=')).strip();
                if (key.endsWith(".topic") || key.endsWith(".topics")) {
                    for (String topic :
                            trimmed.substring(trimmed.indexOf('=') + 1).split(",")) {
                        topics.add(topic.strip());
                    }
                }
            }
        }
        return topics;
    }

    /** A Jib setting every application shares (the platform module's configuration). */
    static String jibSetting(String key) {
        for (String line : Repository.read(
                        "services/platform/src/main/resources/META-INF/microprofile-config.properties")
                .split("\n")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1).strip();
            }
        }
        throw new AssertionError(key + " is not set in the platform's configuration");
    }
}
