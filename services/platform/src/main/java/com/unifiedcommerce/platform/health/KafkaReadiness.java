package com.unifiedcommerce.platform.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.common.annotation.Identifier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The service is ready only while its Kafka broker answers. Unlike Quarkus' own Kafka check, which
 * waits up to a minute for an unresponsive broker, this one answers DOWN within a bounded time, so
 * a probe never hangs. Enabled by {@code commerce.readiness.kafka=true} in services that use Kafka.
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "commerce.readiness.kafka", stringValue = "true")
public class KafkaReadiness implements HealthCheck {

    static final String NAME = "Kafka broker";

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "commerce.readiness.kafka.timeout", defaultValue = "PT2S")
    Duration timeout;

    private Admin admin;

    @PostConstruct
    void connect() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        String millis = Long.toString(timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "readiness");
        admin = Admin.create(config);
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(1));
    }

    @Override
    public HealthCheckResponse call() {
        long millis = timeout.toMillis();
        try {
            String nodes = admin
                    .describeCluster(new DescribeClusterOptions().timeoutMs((int) millis))
                    .nodes()
                    .get(millis + 500, TimeUnit.MILLISECONDS)
                    .stream()
                    .map(Node::toString)
                    .collect(Collectors.joining(","));
            return HealthCheckResponse.named(NAME).up().withData("nodes", nodes).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down("interrupted");
        } catch (ExecutionException e) {
            return down(e.getCause().toString());
        } catch (TimeoutException e) {
            return down("no answer within " + millis + " ms");
        }
    }

    private static HealthCheckResponse down(String reason) {
        return HealthCheckResponse.named(NAME).down().withData("reason", reason).build();
    }
}
