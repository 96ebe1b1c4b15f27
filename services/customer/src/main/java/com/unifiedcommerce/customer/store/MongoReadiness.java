package com.unifiedcommerce.customer.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the customer database answers a ping within a bounded time. Quarkus' own MongoDB
 * check reports UP until some code has opened a client, so it cannot be trusted on its own.
 */
@Readiness
@ApplicationScoped
public class MongoReadiness implements HealthCheck {

    static final String NAME = "MongoDB customer database";

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @ConfigProperty(name = "commerce.readiness.mongodb.timeout", defaultValue = "PT2S")
    Duration timeout;

    @Override
    public HealthCheckResponse call() {
        try {
            mongo.getDatabase(database)
                    .withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .runCommand(new Document("ping", 1));
            return HealthCheckResponse.named(NAME)
                    .up()
                    .withData("database", database)
                    .build();
        } catch (MongoException e) {
            return HealthCheckResponse.named(NAME)
                    .down()
                    .withData("reason", e.getClass().getSimpleName() + ": " + e.getMessage())
                    .build();
        }
    }
}
