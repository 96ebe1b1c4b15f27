package com.unifiedcommerce.customer.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.UUID;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.loyalty.PointsEarned;
import com.unifiedcommerce.contracts.orders.OrderPickedUp;
import com.unifiedcommerce.contracts.orders.OrderPlaced;
import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TestTokens;
import com.unifiedcommerce.infra.support.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The timeline from real topics: bought online, picked up in store, points earned; each once. */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "mongodb", value = "customer"), @ResourceArg(name = "keycloak", value = "true")
        })
class TimelineTest {

    @ConfigProperty(name = "commerce.keycloak.url")
    String keycloak;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    ObjectMapper json;

    private void publish(Record event, String key, UUID id) throws Exception {
        EventType type = EventType.of(event);
        TopicWriter.publish(kafka, type.topic(), key, type.type(), json.writeValueAsString(event), id);
        Thread.sleep(20); // distinct event times, so newest first is well defined
    }

    @Test
    void boughtOnlinePickedUpInStoreAndEarnedShowNewestFirstEachOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = "cus-timeline-" + run;
        String order = "ord-timeline-" + run;
        UUID pickedUp = UUID.randomUUID();
        publish(
                new OrderPlaced(
                        order, customer, Channel.WEB, "store-001", List.of(), List.of(), 0, new Money(2_599, "EUR")),
                order,
                UUID.randomUUID());
        publish(new OrderPickedUp(order, customer, Channel.WEB, "store-002", List.of()), order, pickedUp);
        publish(new OrderPickedUp(order, customer, Channel.WEB, "store-002", List.of()), order, pickedUp);
        publish(
                new PointsEarned(customer, 25, "order:" + order + ":line:l1:EARN", order, Channel.WEB, "store-002", 25),
                customer,
                UUID.randomUUID());
        // An anonymous counter sale is nobody's history.
        publish(
                new OrderPlaced(
                        "ord-anon-" + run,
                        null,
                        Channel.STORE,
                        "store-001",
                        List.of(),
                        List.of(),
                        0,
                        new Money(100, "EUR")),
                "ord-anon-" + run,
                UUID.randomUUID());

        String admin = new TestTokens(keycloak).user("root");
        Eventually.equal(
                3,
                () -> given().auth()
                        .oauth2(admin)
                        .get("/api/customers/" + customer + "/timeline")
                        .then()
                        .extract()
                        .<Integer>path("total"));
        given().auth()
                .oauth2(admin)
                .get("/api/customers/" + customer + "/timeline?size=10")
                .then()
                .statusCode(200)
                .body("items.type", contains("PointsEarned", "OrderPickedUp", "OrderPlaced"))
                .body("items[0].detail.points", equalTo(25))
                .body("items[1].locationId", equalTo("store-002"))
                .body("items[2].channel", equalTo("WEB"))
                .body("items[2].detail.total", equalTo(2_599));
        given().auth()
                .oauth2(new TestTokens(keycloak).user("alice"))
                .get("/api/customers/" + customer + "/timeline")
                .then()
                .statusCode(404);
    }
}
