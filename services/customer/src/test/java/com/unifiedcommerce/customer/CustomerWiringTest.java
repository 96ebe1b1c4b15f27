package com.unifiedcommerce.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.ServiceChecks;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "mongodb", value = "customer"), @ResourceArg(name = "keycloak", value = "true")
        })
class CustomerWiringTest {

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void readyOnlyWithMongoDbAndKafka() {
        ServiceChecks.assertReadyWith(ServiceChecks.MONGODB_CHECK, ServiceChecks.KAFKA_CHECK);
    }

    @Test
    void eachTestRunGetsAFreshDatabaseThatRoundTripsADocument() {
        assertTrue(database.startsWith("customer_t"), database);
        MongoCollection<Document> probes = mongo.getDatabase(database).getCollection("wiring_probe");
        assertEquals(0, probes.countDocuments());
        probes.insertOne(new Document("_id", "probe").append("channel", "POS"));
        assertEquals("POS", probes.find().first().getString("channel"));
    }

    @Test
    void servesHealthOpenApiAndMetrics() {
        ServiceChecks.assertLive();
        ServiceChecks.assertServesOpenApiAndMetrics();
    }
}
