package com.unifiedcommerce.k8s;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * Reads a rendered object into its published Java model (fabric8's for Kubernetes and the
 * Prometheus operator, Strimzi's {@code api} for Kafka) and lists every field the model does not know. Both models keep unknown
 * fields in an "additional properties" map instead of failing, so strictness is a walk over the read
 * object looking for non-empty ones: a misspelt or misplaced field is named with its path.
 */
final class Models {

    /** apiVersion/kind to the class that models it. */
    static final Map<String, Class<?>> MODELED = Map.ofEntries(
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Models() {}

    static String typeOf(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    }

    static Class<?> modelOf(JsonNode object) {
        String type = typeOf(object);
        return MODELED.get(type);
    }

    /** The fields of {@code object} its model does not know, as paths; empty when it reads cleanly. */
    static List<String> unknownFields(JsonNode object) {
        Class<?> model = modelOf(object);
        if (model == null) {
            throw new IllegalArgumentException("no Java model for " + typeOf(object));
        }
        Object read;
        try {
            read = JSON.treeToValue(object, model);
        } catch (Exception e) {
            return List.of("unreadable as " + model.getSimpleName() + ": " + e.getMessage());
        }
        List<String> unknown = new ArrayList<>();
        walk(read, Rendered.id(object), unknown);
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, unknown));
            return;
        }
        if (!isModel(value.getClass())) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = call(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3))
                    + getter.getName().substring(4);
            walk(child, path + "." + field, unknown);
        }
    }

    private static final Set<String> MODEL_PACKAGES =
            Set.of("io.fabric8.kubernetes.api.model", "io.fabric8.openshift.api.model", "io.strimzi.api");

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return !type.isEnum() && MODEL_PACKAGES.stream().anyMatch(name::startsWith);
    }

    private static Object call(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter + ": " + e.getMessage(), e);
        }
    }
}
