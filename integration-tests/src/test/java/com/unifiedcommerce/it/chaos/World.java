package com.unifiedcommerce.it.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.unifiedcommerce.infra.support.TestTokens;
import com.unifiedcommerce.it.system.BackOffice;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.Shop;

/**
 * What the load plays in: two stores with their associates (store-001: ada, store-002: ben), the
 * distribution centre that takes returns by mail, four items (two plentiful, one priced like the
 * first for exchanges, one scarce that runs out during the run) and registered web customers with
 * points to spend, who consent to email. Tokens are cached and renewed well before they lapse.
 */
final class World {

    static final String STORE_A = "store-001";
    static final String STORE_B = "store-002";
    static final String DC = "dc-paris";
    static final int PLENTY = 5_000;
    static final int SCARCE_UNITS = 6;
    static final long PRICE_A = 2_500;
    static final long PRICE_B = 4_000;
    static final long PRICE_SCARCE = 1_500;
    static final long STARTING_POINTS = 5_000;

    /** A customer, with a gift card of their own (paid part of some web orders). */
    record Customer(String username, String id, String giftCard) {

        Customer(String username, String id) {
            this(username, id, null);
        }
    }

    /** Each customer's gift card holds this much: more than the run can spend. */
    static final long GIFT_CARD_VALUE = 10_000_00;

    final String run;
    final String itemA;
    final String itemB;
    final String itemLikeA;
    final String scarce;
    final List<Customer> customers = new ArrayList<>();
    /** Units received per location and SKU before the load. */
    final Map<String, Integer> received = new ConcurrentHashMap<>();

    private final TestTokens tokens;
    private final Map<String, Token> cache = new ConcurrentHashMap<>();

    private record Token(String value, Instant renewAfter) {}

    World(RunningSystem system, String run, int customerCount) {
        this.run = run;
        this.tokens = system.tokens();
        String sku = run.toUpperCase();
        itemA = "CH-A-" + sku;
        itemB = "CH-B-" + sku;
        itemLikeA = "CH-C-" + sku;
        scarce = "CH-S-" + sku;
        BackOffice backOffice = new BackOffice(system);
        backOffice.store(STORE_A);
        backOffice.store(STORE_B);
        backOffice.dc(DC);
        backOffice.item(itemA, PRICE_A);
        backOffice.item(itemB, PRICE_B);
        backOffice.item(itemLikeA, PRICE_A);
        backOffice.item(scarce, PRICE_SCARCE);
        for (String store : List.of(STORE_A, STORE_B)) {
            for (String item : List.of(itemA, itemB, itemLikeA)) {
                backOffice.receive(store, item, PLENTY);
                received.put(store + "/" + item, PLENTY);
            }
        }
        backOffice.receive(STORE_A, scarce, SCARCE_UNITS);
        received.put(STORE_A + "/" + scarce, SCARCE_UNITS);
        Shop shop = new Shop(system);
        for (int i = 0; i < customerCount; i++) {
            Shop.Customer customer = shop.newCustomer("chaos-" + run + "-" + i);
            shop.givePoints(customer.id(), STARTING_POINTS);
            // They want to hear when an order is ready: the checker counts those emails.
            shop.with(customer.token())
                    .body(Map.of("consents", Map.of("EMAIL", true)))
                    .patch("/api/customers/" + customer.id())
                    .then()
                    .statusCode(200);
            String giftCard = shop.as("root")
                    .header("Idempotency-Key", "chaos-gift-" + run + "-" + i)
                    .body(Map.of("amount", Map.of("amount", GIFT_CARD_VALUE, "currency", "EUR")))
                    .post("/api/payments/gift-cards")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("code");
            customers.add(new Customer("chaos-" + run + "-" + i, customer.id(), giftCard));
        }
    }

    /** A user's access token (demo users and registered customers: password {@code <name>-pass}). */
    String token(String user) {
        // One sign-in per user at a time: Keycloak's brute-force detection takes sign-ins of one
        // user in quick succession for an attack and refuses the next ones.
        return cache.compute(user, (name, token) -> {
                    if (token != null && Instant.now().isBefore(token.renewAfter())) {
                        return token;
                    }
                    String value = name.startsWith("service:") ? tokens.service(name.substring(8)) : tokens.user(name);
                    return new Token(value, Instant.now().plus(Duration.ofSeconds(120)));
                })
                .value();
    }

    /** The list price of one of the run's items, in EUR minor units. */
    long price(String sku) {
        if (sku.equals(itemB)) {
            return PRICE_B;
        }
        return sku.equals(scarce) ? PRICE_SCARCE : PRICE_A;
    }

    static String associateOf(String store) {
        return STORE_A.equals(store) ? "ada" : "ben";
    }
}
