package com.unifiedcommerce.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * An overlay as Kustomize renders it: {@code kubectl kustomize k8s/overlays/NAME}, with the kubectl
 * named by the system property {@code k8s.kubectl} (scripts/test.sh provides one; see k8s/README.md).
 */
record Rendered(String overlay, List<ObjectNode> objects) {

    static final ObjectMapper YAML = new YAMLMapper();
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    static Rendered overlay(String name) {
        return CACHE.computeIfAbsent(name, Rendered::render);
    }

    private static Rendered render(String name) {
        RealmImports.regenerateIfAsked();
        String kubectl = System.getProperty("k8s.kubectl", "kubectl");
        try {
            // Kustomize's messages (deprecation warnings, or why it failed) go to a file read on failure.
            Path errors = Files.createTempFile("kustomize-" + name, ".log");
            Process process = new ProcessBuilder(
                            kubectl,
                            "kustomize",
                            Repository.path("k8s/overlays/" + name).toString())
                    .redirectError(errors.toFile())
                    .start();
            byte[] out = process.getInputStream().readAllBytes();
            boolean done = process.waitFor(60, TimeUnit.SECONDS);
            String messages = Files.readString(errors);
            Files.delete(errors);
            if (!done || process.exitValue() != 0) {
                throw new IllegalStateException(kubectl + " kustomize k8s/overlays/" + name + " failed: " + messages);
            }
            List<ObjectNode> objects = new ArrayList<>();
            try (MappingIterator<JsonNode> docs =
                    YAML.readerFor(JsonNode.class).readValues(new String(out, StandardCharsets.UTF_8))) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc instanceof ObjectNode object) {
                        objects.add(object);
                    }
                }
            }
            if (objects.isEmpty()) {
                throw new IllegalStateException("k8s/overlays/" + name + " renders no object");
            }
            return new Rendered(name, List.copyOf(objects));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + kubectl + "' (set -Dk8s.kubectl): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Stream<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
    }

    Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).filter(o -> name.equals(name(o))).findFirst();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }
}
