package com.unifiedcommerce.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.unifiedcommerce.infra.support.TestTokens;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.SystemExtension;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every route of the public API, called through the gateway by every kind of caller, answers as
 * the table says. The table is the one place the rules are written down as expectations; each
 * issue that builds a route replaces its {@link #THROUGH} cells with the exact answer (200, 403,
 * 404...) that its service gives.
 */
@ExtendWith(SystemExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorisationJourneyTest {

    /** Who calls. The realm's demo users, plus the bad tokens every check must refuse. */
    enum Who {
        ANONYMOUS,
        CUSTOMER_A,
        CUSTOMER_B,
        ASSOCIATE_STORE_1,
        ASSOCIATE_STORE_2,
        MANAGER_STORE_1,
        ADMIN,
        /** Signed in with Keycloak, no customer profile yet. */
        NEWCOMER,
        EXPIRED,
        FOREIGN_KEY
    }

    /**
     * The gateway let the request through and the service answered it (not a refusal by the
     * gateway, not a failure): the exact answer comes with the route's own issue.
     */
    static final int THROUGH = -1;

    /** One route: what to send and, per caller, the status that comes back. */
    record Row(String method, String path, Map<Who, Integer> expected) {

        /** The same row with {@code status} for the given callers. */
        Row with(int status, Who... callers) {
            Map<Who, Integer> changed = new EnumMap<>(expected);
            for (Who who : callers) {
                changed.put(who, status);
            }
            return new Row(method, path, changed);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final String ALICE = "cus-alice";
    private static final String NO_HOLD = "00000000-0000-0000-0000-000000000001";

    private static final Who[] CUSTOMERS = {Who.CUSTOMER_A, Who.CUSTOMER_B};
    private static final Who[] ASSOCIATES = {Who.ASSOCIATE_STORE_1, Who.ASSOCIATE_STORE_2};
    private static final Who[] PEOPLE = {
        Who.ANONYMOUS,
        Who.CUSTOMER_A,
        Who.CUSTOMER_B,
        Who.ASSOCIATE_STORE_1,
        Who.ASSOCIATE_STORE_2,
        Who.MANAGER_STORE_1,
        Who.ADMIN,
        Who.NEWCOMER
    };
    private static final Who[] STAFF = {Who.ASSOCIATE_STORE_1, Who.ASSOCIATE_STORE_2, Who.MANAGER_STORE_1, Who.ADMIN};

    private static final List<Row> TABLE = List.of(
            // Inventory (the item and the store do not exist in the fresh database; an empty body
            // is invalid, which tells a caller let in from one turned away)
            publicRead("GET", "/api/items/SKU-1").with(404, PEOPLE),
            signedIn("PUT", "/api/items/SKU-1")
                    .with(403, CUSTOMERS)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(400, Who.ADMIN),
            publicRead("GET", "/api/locations").with(200, PEOPLE),
            signedIn("PUT", "/api/locations/store-001")
                    .with(403, CUSTOMERS)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(400, Who.ADMIN),
            publicRead("GET", "/api/availability?sku=SKU-1&locationId=store-001")
                    .with(400, PEOPLE),
            signedIn("GET", "/api/stock/store-001/SKU-1").with(403, CUSTOMERS).with(404, STAFF),
            signedIn("POST", "/api/stock/store-001/SKU-1/adjustments")
                    .with(403, CUSTOMERS)
                    .with(403, ASSOCIATES)
                    .with(400, Who.MANAGER_STORE_1, Who.ADMIN),
            signedIn("POST", "/api/stock/store-001/sales").with(403, CUSTOMERS).with(400, STAFF),
            signedIn("POST", "/api/reservations").with(403, CUSTOMERS).with(400, STAFF),
            signedIn("POST", "/api/reservations/res-1/release")
                    .with(403, CUSTOMERS)
                    .with(400, STAFF),
            signedIn("POST", "/api/reservations/" + NO_HOLD + "/commit")
                    .with(403, CUSTOMERS)
                    .with(404, STAFF),
            signedIn("POST", "/api/reservations/references/ord-1/release")
                    .with(403, CUSTOMERS)
                    .with(404, STAFF),
            signedIn("GET", "/api/reservations/open")
                    .with(403, CUSTOMERS)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(200, Who.ADMIN),
            signedIn("GET", "/api/inventory/invariants")
                    .with(403, CUSTOMERS)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(200, Who.ADMIN),
            // Orders (ord-1 does not exist; an empty checkout or pickup is invalid; staff list
            // their own store's orders, so a customer id narrows that list)
            signedIn("POST", "/api/orders").with(400, CUSTOMERS).with(400, STAFF),
            signedIn("GET", "/api/orders/ord-1").with(404, CUSTOMERS).with(404, STAFF),
            signedIn("GET", "/api/orders/invariants")
                    .with(403, CUSTOMERS)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(200, Who.ADMIN),
            signedIn("GET", "/api/orders?customerId=" + ALICE)
                    .with(200, Who.CUSTOMER_A)
                    .with(404, Who.CUSTOMER_B)
                    .with(200, STAFF),
            signedIn("POST", "/api/orders/ord-1/ready").with(404, CUSTOMERS).with(404, STAFF),
            signedIn("POST", "/api/orders/ord-1/pickup").with(400, CUSTOMERS).with(400, STAFF),
            signedIn("POST", "/api/orders/ord-1/unlock-pickup")
                    .with(404, CUSTOMERS)
                    .with(404, STAFF),
            signedIn("POST", "/api/orders/ord-1/ship").with(400, CUSTOMERS).with(400, STAFF),
            signedIn("POST", "/api/orders/ord-1/deliver").with(404, CUSTOMERS).with(404, STAFF),
            signedIn("POST", "/api/orders/ord-1/cancel").with(404, CUSTOMERS).with(404, STAFF),
            // (exchange orders: the returns service's client only, whoever else asks)
            signedIn("POST", "/api/orders/exchanges").with(403, CUSTOMERS).with(403, STAFF),
            // Loyalty (alice's account exists: she and admin read it, bob may not know it exists)
            signedIn("GET", "/api/loyalty/accounts/" + ALICE)
                    .with(200, Who.CUSTOMER_A)
                    .with(404, Who.CUSTOMER_B)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(200, Who.ADMIN),
            signedIn("GET", "/api/loyalty/accounts/" + ALICE + "/entries")
                    .with(200, Who.CUSTOMER_A)
                    .with(404, Who.CUSTOMER_B)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(200, Who.ADMIN),
            signedIn("POST", "/api/loyalty/accounts/" + ALICE + "/adjustments")
                    .with(403, CUSTOMERS)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(400, Who.ADMIN),
            signedIn("POST", "/api/loyalty/accounts/" + ALICE + "/holds")
                    .with(403, CUSTOMERS)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(400, Who.ADMIN),
            signedIn("POST", "/api/loyalty/holds/ord-1/capture")
                    .with(403, CUSTOMERS)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(404, Who.ADMIN),
            signedIn("POST", "/api/loyalty/holds/ord-1/release")
                    .with(403, CUSTOMERS)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(404, Who.ADMIN),
            signedIn("GET", "/api/loyalty/orders/ord-1")
                    .with(404, CUSTOMERS)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(404, Who.ADMIN),
            signedIn("GET", "/api/loyalty/invariants")
                    .with(403, CUSTOMERS)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(200, Who.ADMIN),
            // Returns (an empty body is invalid; ret-1 does not exist; a list shows what the caller may see)
            signedIn("POST", "/api/returns/quote").with(400, CUSTOMERS).with(400, STAFF),
            signedIn("POST", "/api/returns").with(400, CUSTOMERS).with(400, STAFF),
            signedIn("GET", "/api/returns/ret-1").with(404, CUSTOMERS).with(404, STAFF),
            signedIn("POST", "/api/returns/ret-1/abandon").with(403, CUSTOMERS).with(403, STAFF),
            signedIn("GET", "/api/returns/invariants")
                    .with(403, CUSTOMERS)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(200, Who.ADMIN),
            signedIn("GET", "/api/returns?orderId=ord-1").with(200, CUSTOMERS).with(200, STAFF),
            signedIn("GET", "/api/returns?locationId=store-001")
                    .with(403, CUSTOMERS)
                    .with(403, Who.ASSOCIATE_STORE_2)
                    .with(200, Who.ASSOCIATE_STORE_1, Who.MANAGER_STORE_1, Who.ADMIN),
            // Customers (the demo customers alice and bob have profiles from the start; an empty
            // sign-up or merge is invalid; resolving needs one identity)
            row("POST", "/api/customers", 401, 400, 400),
            signedIn("GET", "/api/customers/me").with(200, CUSTOMERS).with(404, STAFF),
            signedIn("GET", "/api/customers/" + ALICE)
                    .with(200, Who.CUSTOMER_A)
                    .with(404, Who.CUSTOMER_B)
                    .with(200, STAFF),
            signedIn("PATCH", "/api/customers/" + ALICE)
                    .with(200, Who.CUSTOMER_A)
                    .with(404, Who.CUSTOMER_B)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(200, Who.ADMIN),
            signedIn("POST", "/api/customers/resolve").with(403, CUSTOMERS).with(400, STAFF),
            signedIn("POST", "/api/customers/" + ALICE + "/merge")
                    .with(400, CUSTOMERS)
                    .with(400, STAFF),
            signedIn("GET", "/api/customers/" + ALICE + "/timeline")
                    .with(200, Who.CUSTOMER_A)
                    .with(404, Who.CUSTOMER_B)
                    .with(200, STAFF),
            // The mobile overview (the gateway's own composition)
            row("GET", "/api/me/overview", 401, 200, 403).with(403, STAFF),
            // (erasure is tried on a profile that does not exist, so the demo customers stay)
            signedIn("POST", "/api/customers/cus-nobody/erase")
                    .with(404, CUSTOMERS)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(404, Who.ADMIN),
            // Proof of presence: staff send a code to a customer they serve; a customer asks only for
            // a profile without a sign-in (to fold it into theirs); the messages are admin's to read.
            signedIn("POST", "/api/customers/" + ALICE + "/verifications")
                    .with(404, CUSTOMERS)
                    .with(201, STAFF),
            signedIn("POST", "/api/customers/" + ALICE + "/verifications/" + NO_HOLD + "/confirm")
                    .with(400, CUSTOMERS)
                    .with(400, STAFF),
            signedIn("POST", "/api/customers/" + ALICE + "/verifications/" + NO_HOLD + "/spend")
                    .with(400, CUSTOMERS)
                    .with(400, STAFF),
            signedIn("GET", "/api/customers/" + ALICE + "/contacts")
                    .with(403, CUSTOMERS)
                    .with(403, ASSOCIATES)
                    .with(403, Who.MANAGER_STORE_1)
                    .with(200, Who.ADMIN));

    private RunningSystem system;
    private final Map<Who, String> tokens = new EnumMap<>(Who.class);

    @BeforeAll
    void tokens(RunningSystem system) {
        this.system = system;
        TestTokens realm = system.tokens();
        tokens.put(Who.CUSTOMER_A, realm.user("alice"));
        tokens.put(Who.CUSTOMER_B, realm.user("bob"));
        tokens.put(Who.ASSOCIATE_STORE_1, realm.user("ada"));
        tokens.put(Who.ASSOCIATE_STORE_2, realm.user("ben"));
        tokens.put(Who.MANAGER_STORE_1, realm.user("maria"));
        tokens.put(Who.ADMIN, realm.user("root"));
        tokens.put(Who.NEWCOMER, realm.user("nora"));
        tokens.put(Who.FOREIGN_KEY, TestTokens.signedByForeignKey(realm.user("root")));
        tokens.put(Who.EXPIRED, realm.expired("root"));
        // Alice's points account exists whichever journeys ran before (one credit, once).
        given().baseUri(system.gatewayUrl())
                .auth()
                .oauth2(tokens.get(Who.ADMIN))
                .contentType("application/json")
                .header("Idempotency-Key", "authorisation-table-alice-account")
                .body("{\"points\":1,\"reason\":\"authorisation table\"}")
                .post("/api/loyalty/accounts/" + ALICE + "/adjustments")
                .then()
                .statusCode(201);
    }

    @TestFactory
    Stream<DynamicTest> everyRouteAnswersEveryCallerAsTheTableSays() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : TABLE) {
            assertEquals(Who.values().length, row.expected().size(), row + " has a cell for every caller");
            for (Who who : Who.values()) {
                int expected = row.expected().get(who);
                tests.add(DynamicTest.dynamicTest(row + " as " + who, () -> check(row, who, expected)));
            }
        }
        return tests.stream();
    }

    private void check(Row row, Who who, int expected) {
        RequestSpecification request = given().baseUri(system.gatewayUrl()).urlEncodingEnabled(false);
        if (tokens.containsKey(who)) {
            request.auth().oauth2(tokens.get(who));
        }
        if (!row.method().equals("GET")) {
            request.contentType("application/json").body("{}");
        }
        Response response = request.request(row.method(), row.path());
        int status = response.statusCode();
        String what = row + " as " + who + " answered " + status + ": " + response.asString();
        if (expected == THROUGH) {
            assertFalse(status == 401 || status == 403 || status == 429 || status >= 500, what);
        } else {
            assertEquals(expected, status, what);
        }
        if (status >= 400) {
            assertTrue(response.contentType().startsWith("application/problem+json"), what);
        }
    }

    private static Row publicRead(String method, String path) {
        return row(method, path, THROUGH, THROUGH, THROUGH);
    }

    private static Row signedIn(String method, String path) {
        return row(method, path, 401, THROUGH, 403);
    }

    /** Callers with a profile or a role get {@code member}; anonymous and newcomers as given. */
    private static Row row(String method, String path, int anonymous, int member, int newcomer) {
        Map<Who, Integer> expected = new EnumMap<>(Who.class);
        expected.put(Who.ANONYMOUS, anonymous);
        for (Who who : List.of(
                Who.CUSTOMER_A,
                Who.CUSTOMER_B,
                Who.ASSOCIATE_STORE_1,
                Who.ASSOCIATE_STORE_2,
                Who.MANAGER_STORE_1,
                Who.ADMIN)) {
            expected.put(who, member);
        }
        expected.put(Who.NEWCOMER, newcomer);
        expected.put(Who.EXPIRED, 401);
        expected.put(Who.FOREIGN_KEY, 401);
        return new Row(method, path, expected);
    }
}
