package com.unifiedcommerce.customer.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.unifiedcommerce.contracts.Topics;
import com.unifiedcommerce.infra.support.Eventually;
import com.unifiedcommerce.infra.support.InfrastructureTestResource;
import com.unifiedcommerce.infra.support.TestTokens;
import com.unifiedcommerce.infra.support.TopicReader;
import com.unifiedcommerce.platform.messaging.IncomingEvent;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Profiles on the MongoDB-protocol server, with real tokens and a real broker. */
@QuarkusTest
@WithTestResource(
        value = InfrastructureTestResource.class,
        initArgs = {@ResourceArg(name = "mongodb", value = "customer"), @ResourceArg(name = "keycloak", value = "true")
        })
class CustomerApiTest {

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    @ConfigProperty(name = "commerce.keycloak.url")
    String keycloak;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private RequestSpecification as(String user) {
        return with(TOKENS.computeIfAbsent(user, name -> new TestTokens(keycloak).user(name)));
    }

    private static RequestSpecification with(String token) {
        return given().auth().oauth2(token).contentType("application/json");
    }

    private static Map<String, Object> guest(String first, String phone) {
        Map<String, Object> body = new HashMap<>();
        body.put("channel", "STORE");
        body.put("firstName", first);
        body.put("lastName", "Lambert");
        body.put("phones", List.of(phone));
        body.put("consents", Map.of("SMS", true));
        return body;
    }

    private String enrol(String key, Map<String, Object> body) {
        return as("ada")
                .header("Idempotency-Key", key)
                .body(body)
                .post("/api/customers")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A number nobody else in this run has: +49 30 and seven digits from the run and a suffix. */
    private String phone(int suffix) {
        return "+49 30 " + (1_000_000 + Math.floorMod((run + suffix).hashCode(), 9_000_000));
    }

    private static String normalised(String phone) {
        return phone.replace(" ", "");
    }

    @Test
    void anAssociateEnrolsAndResolvesByAnySpellingOfThePhoneOrByTheCard() {
        String phone = phone(1);
        String id = enrol("enrol-" + run, guest("Sam", phone));
        Response again = as("ada")
                .header("Idempotency-Key", "enrol-" + run)
                .body(guest("Sam", phone))
                .post("/api/customers");
        again.then().statusCode(200).body("id", equalTo(id)).body("registeredAt", equalTo("store-001"));
        String card = again.path("loyaltyCards[0]");
        assertEquals(12, card.length());

        String e164 = normalised(phone);
        String international = "00" + e164.substring(1, 3) + " " + e164.substring(3, 5) + " " + e164.substring(5);
        for (Map<String, String> by : List.of(
                Map.of("phone", international),
                Map.of("phone", "+49 (0)" + e164.substring(3, 5) + " " + e164.substring(5)),
                Map.of("card", card.substring(0, 4) + " " + card.substring(4)))) {
            as("ben")
                    .body(by)
                    .post("/api/customers/resolve")
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(id))
                    .body("name", equalTo("Sam L."))
                    .body(
                            "phones[0]",
                            equalTo(e164.substring(0, 3)
                                    + "*".repeat(e164.length() - 6)
                                    + e164.substring(e164.length() - 3)))
                    .body("firstName", nullValue())
                    .body("loyaltyCard", not(equalTo(card)));
        }
        as("ada")
                .body(Map.of("phone", phone(99)))
                .post("/api/customers/resolve")
                .then()
                .statusCode(404);
        as("alice")
                .body(Map.of("phone", phone))
                .post("/api/customers/resolve")
                .then()
                .statusCode(403);
        as("alice").get("/api/customers/" + id).then().statusCode(404);
        as("ben").get("/api/customers/" + id).then().statusCode(200).body("name", equalTo("Sam L."));
        as("root").get("/api/customers/" + id).then().statusCode(200).body("phones[0]", equalTo(e164));
    }

    @Test
    void twoRegistrationsOfOneEmailInDifferentCasesMakeOneProfileAndOneConflict() throws Exception {
        String email = "twin-" + run + "@example.com";
        String ada = TOKENS.computeIfAbsent("ada", name -> new TestTokens(keycloak).user(name));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Map<String, Object> body = guest("Twin", phone(10 + i));
            body.put("email", i % 2 == 0 ? email.toUpperCase() : email);
            String key = "twin-" + run + "-" + i;
            answers.add(pool.submit(
                    () -> with(ada).header("Idempotency-Key", key).body(body).post("/api/customers")));
        }
        int created = 0;
        List<Integer> losers = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            Response answer = answers.get(i).get();
            if (answer.statusCode() == 201) {
                created++;
                assertEquals(email, answer.path("emails[0]"));
            } else {
                assertEquals(409, answer.statusCode(), answer.asString());
                assertEquals("application/problem+json", answer.contentType());
                assertEquals("emails", answer.path("errors[0].field"));
                losers.add(i);
            }
        }
        pool.shutdown();
        assertEquals(1, created);
        // What the losers claimed on the way was given back.
        for (int i : losers) {
            as("ada")
                    .body(Map.of("phone", phone(10 + i)))
                    .post("/api/customers/resolve")
                    .then()
                    .statusCode(404);
        }
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() {
        String phone = phone(30);
        List<Map<String, Object>> bad = new ArrayList<>();
        Map<String, Object> email = guest("Bad", phone);
        email.put("email", "not-an-email");
        bad.add(email);
        bad.add(guest("Bad", "12345"));
        Map<String, Object> consent = guest("Bad", phone);
        consent.put("consents", Map.of("FAX", true));
        bad.add(consent);
        bad.add(guest("B".repeat(81), phone));
        Map<String, Object> type = guest("Bad", phone);
        type.put("phones", "+49 30 1234567");
        bad.add(type);
        for (Map<String, Object> body : bad) {
            as("ada")
                    .body(body)
                    .post("/api/customers")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.size()", org.hamcrest.Matchers.greaterThan(0));
        }
        as("ada")
                .body(Map.of("phone", phone))
                .post("/api/customers/resolve")
                .then()
                .statusCode(404);
        as("ada")
                .body(Map.of("phone", phone, "card", "771234567895"))
                .post("/api/customers/resolve")
                .then()
                .statusCode(400);
        // Within the one body limit the service reads the body and names the field; above it, 413.
        as("ada")
                .body("{\"channel\":\"STORE\",\"firstName\":\"" + "x".repeat(70_000) + "\"}")
                .post("/api/customers")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("firstName"));
        as("ada")
                .body("{\"firstName\":\"" + "x".repeat(300_000) + "\"}")
                .post("/api/customers")
                .then()
                .statusCode(413);
        as("alice")
                .body(Map.of("firstName", "Mallory"))
                .patch("/api/customers/cus-bob")
                .then()
                .statusCode(404);
        // A sign-in the realm linked to a customer id with no profile yet (the demo customers)
        // signs up under that id, once.
        as("alice")
                .body(Map.of("channel", "WEB"))
                .post("/api/customers")
                .then()
                .statusCode(201)
                .body("id", equalTo("cus-alice"));
        as("alice").body(Map.of("channel", "WEB")).post("/api/customers").then().statusCode(200);
        as("alice").get("/api/customers/me").then().statusCode(200).body("id", equalTo("cus-alice"));
    }

    @Test
    void signUpLinksTheSignInSoTheRefreshedTokenCarriesTheCustomer() {
        TestTokens tokens = new TestTokens(keycloak);
        String username = "signup-" + run;
        // Enrolled at the counter first, with the email the person later registers with.
        Map<String, Object> atCounter = guest("Sign", phone(41));
        atCounter.put("email", username.toUpperCase() + "@Example.com");
        String enrolled = enrol("counter-" + run, atCounter);
        tokens.register(username, username + "@example.com", "Sign", "Up");
        TestTokens.Session session = tokens.signIn(username);
        with(session.accessToken()).get("/api/customers/me").then().statusCode(404);
        String id = with(session.accessToken())
                .body(Map.of("channel", "WEB", "phones", List.of(phone(40)), "consents", Map.of("EMAIL", true)))
                .post("/api/customers")
                .then()
                .statusCode(201)
                .body("emails", hasItem(username + "@example.com"))
                .body("guest", equalTo(false))
                .body("consents.EMAIL.granted", equalTo(true))
                .body("consents.EMAIL.channel", equalTo("WEB"))
                .body("merges[0].mergedId", equalTo(enrolled))
                .body("phones", hasItem(normalised(phone(41))))
                .extract()
                .path("id");
        String refreshed = tokens.refresh(session);
        assertTrue(claims(refreshed).contains("\"customer_id\":\"" + id + "\""), claims(refreshed));
        with(refreshed).get("/api/customers/me").then().statusCode(200).body("id", equalTo(id));
        // Signing up again changes nothing: the same profile.
        with(session.accessToken())
                .body(Map.of("channel", "WEB"))
                .post("/api/customers")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
        // The customer changes their own consent; the change is recorded with where it happened.
        with(refreshed)
                .body(Map.of("consents", Map.of("EMAIL", false, "PUSH", true), "channel", "MOBILE"))
                .patch("/api/customers/" + id)
                .then()
                .statusCode(200)
                .body("consents.EMAIL.granted", equalTo(false))
                .body("consents.PUSH.channel", equalTo("MOBILE"));
        with(refreshed).get("/api/customers/cus-alice").then().statusCode(404);
    }

    @Test
    void aMergeFoldsAGuestIntoAnotherProfileOnceAndAnnouncesItOnce() {
        String survivor = enrol("survivor-" + run, guest("Kept", phone(50)));
        String folded = enrol("folded-" + run, guest("Folded", phone(51)));
        // Without the customer's consent: another store's associate never, the enrolling store's
        // only with a proof (a code the customer received), a customer not for someone else.
        as("ben")
                .body(Map.of("customerId", folded))
                .post("/api/customers/" + survivor + "/merge")
                .then()
                .statusCode(403);
        as("ada")
                .body(Map.of("customerId", folded))
                .post("/api/customers/" + survivor + "/merge")
                .then()
                .statusCode(400);
        as("alice")
                .body(Map.of("customerId", folded))
                .post("/api/customers/" + survivor + "/merge")
                .then()
                .statusCode(404);
        // Admin may always (the journeys show a store folding with the customer's code).
        for (int i = 0; i < 2; i++) {
            as("root")
                    .body(Map.of("customerId", folded))
                    .post("/api/customers/" + survivor + "/merge")
                    .then()
                    .statusCode(200)
                    .body("phones", hasItem(normalised(phone(51))))
                    .body("merges.size()", equalTo(1))
                    .body("merges[0].mergedId", equalTo(folded));
        }
        as("ada")
                .body(Map.of("phone", phone(51)))
                .post("/api/customers/resolve")
                .then()
                .body("id", equalTo(survivor));
        as("root").get("/api/customers/" + folded).then().statusCode(404);

        List<IncomingEvent> merges =
                TopicReader.read(kafka, Topics.CUSTOMERS, survivor::equals, 3, Duration.ofSeconds(20)).stream()
                        .map(IncomingEvent::from)
                        .filter(e -> e.type().equals("CustomersMerged"))
                        .toList();
        assertEquals(1, merges.size());
        Eventually.equal(
                true,
                () -> as("root")
                        .get("/api/customers/" + survivor + "/timeline")
                        .path("items.type")
                        .toString()
                        .contains("CustomersMerged"));
    }

    @Test
    void erasureRemovesIdentitiesAndPersonalDataButKeepsTheId() {
        String id = enrol("erase-" + run, guest("Gone", phone(60)));
        as("ada").post("/api/customers/" + id + "/erase").then().statusCode(403);
        as("root")
                .post("/api/customers/" + id + "/erase")
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("ERASED"))
                .body("firstName", nullValue())
                .body("phones.size()", equalTo(0))
                .body("loyaltyCards.size()", equalTo(0));
        as("ada")
                .body(Map.of("phone", phone(60)))
                .post("/api/customers/resolve")
                .then()
                .statusCode(404);
        // Announced, so the order ledger drops the addresses it keeps.
        assertEquals(
                1,
                TopicReader.read(kafka, Topics.CUSTOMERS, id::equals, 3, Duration.ofSeconds(20)).stream()
                        .map(IncomingEvent::from)
                        .filter(e -> e.type().equals("CustomerErased"))
                        .count());
        // The number is free again for someone else.
        enrol("erase-next-" + run, guest("Next", phone(60)));
    }

    private static String claims(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }
}
