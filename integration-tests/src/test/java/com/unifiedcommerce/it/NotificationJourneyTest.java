package com.unifiedcommerce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.Mailbox;
import com.unifiedcommerce.it.system.BackOffice;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.Shop;
import com.unifiedcommerce.it.system.SystemExtension;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Customers hear about their orders through the gateway's whole path: an order made ready puts
 * one email with the store and the pickup code in the customer's mailbox (read over IMAP), and
 * that code completes the pickup at the counter; a return emails the refund; a no-show gets the
 * reminder and then the cancellation; a customer without consent gets nothing, and their history
 * says why.
 */
@ExtendWith(SystemExtension.class)
class NotificationJourneyTest {

    private static final Pattern CODE = Pattern.compile("at the counter: (\\S+)");

    private RunningSystem system;
    private Shop shop;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void stores(RunningSystem system) {
        this.system = system;
        this.shop = new Shop(system);
        BackOffice backOffice = new BackOffice(system);
        backOffice.store("store-001");
        backOffice.store("store-002");
    }

    private String item(String name) {
        String sku = name + "-" + run.toUpperCase();
        BackOffice backOffice = new BackOffice(system);
        backOffice.item(sku, 2_599);
        backOffice.receive("store-001", sku, 5);
        return sku;
    }

    /** A new signed-up customer who consents to email (or not); their id and token. */
    private Shop.Customer customer(String name, boolean email) {
        Shop.Customer customer = shop.newCustomer(name + "-" + run);
        shop.with(customer.token())
                .body(Map.of("consents", Map.of("EMAIL", email)))
                .patch("/api/customers/" + customer.id())
                .then()
                .statusCode(200);
        return customer;
    }

    private String order(Shop.Customer customer, String sku) {
        return shop.webPickup(
                customer.token(),
                "store-001",
                List.of(Map.of("sku", sku, "quantity", 1)),
                List.of(Shop.tender("CARD", 2_599, "tok_4242424242424242")),
                0);
    }

    /** The messages in {@code address}'s mailbox whose subject names {@code id}. */
    private List<Mailbox.Received> about(String address, String id) {
        return system.mailbox().messages(address).stream()
                .filter(m -> m.subject() != null && m.subject().contains(id))
                .toList();
    }

    private List<Mailbox.Received> titled(String address, String subject) {
        return system.mailbox().messages(address).stream()
                .filter(m -> subject.equals(m.subject()))
                .toList();
    }

    private JsonPath history(Shop.Customer customer) {
        return shop.with(customer.token())
                .get("/api/customers/" + customer.id() + "/notifications?size=50")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void theReadyEmailCarriesTheCodeThatCompletesThePickupAndTheReturnEmailsTheRefund() {
        Shop.Customer eve = customer("eve", true);
        String address = "eve-" + run + "@example.com";
        String order = order(eve, item("NOTE"));
        shop.as("ada").post("/api/orders/" + order + "/ready").then().statusCode(200);

        String readySubject = "Your order " + order + " is ready at Location store-001";
        Eventually.equal(1, () -> titled(address, readySubject).size());
        Mailbox.Received ready = titled(address, readySubject).get(0);
        assertTrue(ready.body().contains("at Location store-001, 1 rue de Rivoli, 75001 Paris."), ready.body());
        Matcher code = CODE.matcher(ready.body());
        assertTrue(code.find(), ready.body());

        // The code reaches nobody but the customer: the route the notification reads it from is
        // the services' alone.
        shop.with(eve.token())
                .get("/api/orders/" + order + "/pickup-notice")
                .then()
                .statusCode(403);
        shop.as("ada").get("/api/orders/" + order + "/pickup-notice").then().statusCode(403);

        shop.as("ada")
                .body(Map.of("code", code.group(1)))
                .post("/api/orders/" + order + "/pickup")
                .then()
                .statusCode(200);

        String returnId = shop.as("ben")
                .body(Map.of(
                        "orderId",
                        order,
                        "locationId",
                        "store-002",
                        "lines",
                        List.of(Map.of(
                                "lineId", "l1", "quantity", 1, "reason", "WRONG_SIZE", "condition", "RESELLABLE"))))
                .post("/api/returns")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Eventually.equal(1, () -> about(address, returnId).size());
        Mailbox.Received refunded = about(address, returnId).get(0);
        assertEquals("Your return " + returnId + " is accepted", refunded.subject());
        assertTrue(refunded.body().contains("€25.99 back on your card"), refunded.body());
        assertTrue(refunded.body().contains("at Location store-002"), refunded.body());

        Eventually.equal(
                List.of("SENT", "SENT"),
                () -> history(eve).getList("items.findAll { it.kind != 'PICKUP_REMINDER' }.status"));
        assertEquals(1, titled(address, readySubject).size(), "one ready email for one order");
    }

    @Test
    void aNoShowIsRemindedThenToldOfTheCancellationAndWithoutConsentNothingIsSent() {
        Shop.Customer finn = customer("finn", true);
        Shop.Customer gil = customer("gil", false);
        String finnAddress = "finn-" + run + "@example.com";
        String sku = item("NOSHOW");
        String finnOrder = order(finn, sku);
        String gilOrder = order(gil, sku);
        shop.as("ada").post("/api/orders/" + finnOrder + "/ready").then().statusCode(200);
        shop.as("ada").post("/api/orders/" + gilOrder + "/ready").then().statusCode(200);

        // The pickup window is 10 s here: the reminder 5 s before the deadline, then the no-show.
        Eventually.equal(3, () -> about(finnAddress, finnOrder).size(), Duration.ofSeconds(60));
        List<String> subjects = about(finnAddress, finnOrder).stream()
                .map(Mailbox.Received::subject)
                .toList();
        assertEquals("Your order " + finnOrder + " is ready at Location store-001", subjects.get(0));
        assertTrue(subjects.get(1).startsWith("Reminder: your order " + finnOrder), subjects.get(1));
        assertEquals("Your order " + finnOrder + " was cancelled", subjects.get(2));

        Eventually.equal(
                List.of("no consent", "no consent", "no consent"),
                () -> history(gil).getList("items.reason"),
                Duration.ofSeconds(30));
        assertEquals(
                List.of("NO_SHOW", "PICKUP_REMINDER", "READY_FOR_PICKUP"),
                history(gil).getList("items.kind"));
        assertEquals(0, about("gil-" + run + "@example.com", gilOrder).size());
    }
}
