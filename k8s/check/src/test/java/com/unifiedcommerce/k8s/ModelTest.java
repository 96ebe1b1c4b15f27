package com.unifiedcommerce.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rendered object reads into its model with no field the model does not know. */
class ModelTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectIsKnownToItsModelFieldByField(String overlay) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : Rendered.overlay(overlay).objects()) {
            if (Models.modelOf(object) != null) {
                problems.addAll(Models.unknownFields(object));
            } else if (OperatorSchemas.covers(object)) {
                problems.addAll(OperatorSchemas.unknownFields(object));
            } else {
                problems.add(Rendered.id(object) + ": " + Models.typeOf(object) + " is checked by nothing");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aMisspeltOrMisplacedFieldIsNamed() throws Exception {
        JsonNode deployment = Rendered.YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: x
                          image: x
                          livenesProbe: {httpGet: {path: /, port: 8080}}
                      readOnlyRootFilesystem: true
                """);
        assertEquals(
                List.of(
                        "Deployment/x.spec.template.spec.containers[0].livenesProbe",
                        "Deployment/x.spec.template.spec.readOnlyRootFilesystem"),
                Models.unknownFields(deployment).stream().sorted().toList());

        JsonNode cluster = Rendered.YAML.readTree("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: db}
                spec:
                  instance: 3
                  storage: {size: 1Gi, storageclass: fast}
                """);
        assertEquals(
                List.of("Cluster/db spec.instance", "Cluster/db spec.storage.storageclass"),
                OperatorSchemas.unknownFields(cluster).stream().sorted().toList());
    }
}
