package com.unifiedcommerce.customer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.orders.OrderCancelled;
import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.Mailbox;
import com.unifiedcommerce.infra.support.SmtpProxy;
import com.unifiedcommerce.infra.support.TcpProxy;
import com.unifiedcommerce.infra.support.TopicWriter;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The mail server away for 30 s: the message waits and goes once it is back, once. */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {
            @ResourceArg(name = "mongodb", value = "customer"),
            @ResourceArg(name = "keycloak", value = "true"),
            @ResourceArg(name = "smtp-proxy", value = "true")
        })
class NotificationOutageTest {

    @ConfigProperty(name = "commerce.keycloak.url")
    String keycloak;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    ObjectMapper json;

    @SmtpProxy
    TcpProxy smtp;

    @Test
    void aMailServerDownForThirtySecondsDelaysTheEmailAndLosesNothing() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String email = "paul-" + run + "@example.com";
        String customer = NotificationTest.enrol(keycloak, "paul-" + run, "Paul", email, Map.of("EMAIL", true), "en");
        String order = "ord-paul-" + run;
        smtp.cut();
        try {
            OrderCancelled noShow = new OrderCancelled(order, customer, OrderCancelled.Reason.NO_SHOW);
            EventType type = EventType.of(noShow);
            TopicWriter.publish(
                    kafka, type.topic(), order, type.type(), json.writeValueAsString(noShow), UUID.randomUUID());
            // A fresh consumer group reads the topics from the start, and each try against the cut
            // server waits out the mailer's 10 s time-out: allow a minute for the second try.
            Eventually.equal(
                    true,
                    () -> {
                        Integer attempts =
                                NotificationTest.history(keycloak, customer).get("items[0].attempts");
                        return attempts != null && attempts >= 2;
                    },
                    Duration.ofSeconds(60));
            JsonPath waiting = NotificationTest.history(keycloak, customer);
            // A try that failed waits for the next one (PENDING), or the next one is under way (SENDING).
            assertTrue(
                    List.of("PENDING", "SENDING").contains(waiting.getString("items[0].status")),
                    waiting.getString("items[0].status"));
            assertTrue(waiting.getString("items[0].lastError") != null, "the history shows why the first try failed");
            Thread.sleep(Duration.ofSeconds(30).toMillis());
            assertEquals(0, NotificationTest.mailbox().messages(email).size());
        } finally {
            smtp.restore();
        }
        Eventually.equal(1, () -> NotificationTest.mailbox().messages(email).size());
        Eventually.equal(
                "SENT", () -> NotificationTest.history(keycloak, customer).getString("items[0].status"));
        List<Mailbox.Received> received = NotificationTest.mailbox().messages(email);
        assertEquals(1, received.size());
        assertEquals("Your order " + order + " was cancelled", received.get(0).subject());
        assertTrue(NotificationTest.history(keycloak, customer).getInt("items[0].attempts") >= 3);
    }
}
