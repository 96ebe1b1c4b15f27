package com.unifiedcommerce.it.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three clients at once, as journeys: the web and app's BOPIS orders (made ready, then picked
 * up or left as no-shows), the POS's counter sales with and without an identified customer
 * (points redeemed with the customer's proof, points earned), returns at another store and by
 * mail, exchanges, counter enrolments folded into web accounts. Each journey stops at the first
 * answer that is not a success, as a client would, and tells {@link Told} what it was told.
 */
final class Journeys {

    enum Kind {
        WEB_PICKUP(35),
        COUNTER_SALE(15),
        COUNTER_SALE_FOR_CUSTOMER(15),
        RETURN_AT_ANOTHER_STORE(10),
        RETURN_BY_MAIL(8),
        EXCHANGE(7),
        ENROL_AND_MERGE(10);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }

        static Kind draw() {
            int total = 0;
            for (Kind kind : values()) {
                total += kind.weight;
            }
            int pick = ThreadLocalRandom.current().nextInt(total);
            for (Kind kind : values()) {
                pick -= kind.weight;
                if (pick < 0) {
                    return kind;
                }
            }
            return WEB_PICKUP;
        }
    }

    private static final Pattern CODE = Pattern.compile("code is (\\d{6})");

    private final World world;
    private final Client client;
    private final Told told;

    Journeys(World world, Client client, Told told) {
        this.world = world;
        this.client = client;
        this.told = told;
    }

    void run(Kind kind) {
        switch (kind) {
            case WEB_PICKUP -> webPickup(kind.name(), customer(), randomStore(), chance(0.25), true);
            case COUNTER_SALE -> counterSale(kind.name(), randomStore(), null, false, lines(true));
            case COUNTER_SALE_FOR_CUSTOMER ->
                counterSale(kind.name(), randomStore(), customer(), chance(0.3), lines(true));
            case RETURN_AT_ANOTHER_STORE -> returnAtAnotherStore(kind.name());
            case RETURN_BY_MAIL -> returnByMail(kind.name());
            case EXCHANGE -> exchange(kind.name());
            case ENROL_AND_MERGE -> enrolAndMerge(kind.name());
        }
    }

    // ---- the journeys

    /** A web order to pick up; emits its id once handed over, else null. */
    private String webPickup(String journey, World.Customer customer, String store, boolean noShow, boolean mayRedeem) {
        Map<String, Integer> lines = lines(false);
        long points = mayRedeem && chance(0.3) ? 100 : 0;
        long total = total(lines) - points;
        Map<String, Object> body = new HashMap<>();
        body.put("channel", chance(0.5) ? "WEB" : "MOBILE");
        body.put("fulfilment", "PICKUP");
        body.put("locationId", store);
        body.put("lines", lineInputs(lines));
        // Half the web orders pay a part with the customer's gift card (held at checkout, redeemed at
        // the hand-over, released on a no-show, given back first by a return).
        long gift = customer.giftCard() != null && chance(0.5) ? Math.min(500, total - 1) : 0;
        body.put(
                "tenders",
                gift > 0
                        ? List.of(
                                tender("GIFT_CARD", gift, customer.giftCard()),
                                tender("CARD", total - gift, "tok_4242424242424242"))
                        : List.of(tender("CARD", total, "tok_4242424242424242")));
        body.put("pointsToRedeem", points);
        String token = world.token(customer.username());
        Client.Result placed = client.post(journey, "checkout", "/api/orders", token, key(), body);
        if (!placed.ok()) {
            shortOrNot(placed);
            return null;
        }
        String id = placed.at("id");
        told.order(new Told.Order(journey, id, customer.id(), store, lines, points, false), Told.Stage.PLACED);
        String associate = World.associateOf(store);
        if (!client.post(journey, "ready", "/api/orders/" + id + "/ready", world.token(associate), key(), null)
                .ok()) {
            return null;
        }
        told.stage(id, Told.Stage.READY);
        if (noShow) {
            return null;
        }
        String code =
                client.get(journey, "read-code", "/api/orders/" + id, token).at("pickup.code");
        if (code == null) {
            return null;
        }
        Client.Result pickedUp = client.post(
                journey,
                "pickup",
                "/api/orders/" + id + "/pickup",
                world.token(associate),
                key(),
                Map.of("code", code));
        if (!pickedUp.ok()) {
            return null;
        }
        told.stage(id, Told.Stage.HANDED_OVER);
        return id;
    }

    /** A sale at the counter, handed over at once; emits its id, or null. */
    private String counterSale(
            String journey, String store, World.Customer customer, boolean redeem, Map<String, Integer> lines) {
        String associate = World.associateOf(store);
        Map<String, Object> body = new HashMap<>();
        body.put("channel", "STORE");
        body.put("fulfilment", "CARRY_OUT");
        body.put("locationId", store);
        body.put("lines", lineInputs(lines));
        long points = 0;
        if (customer != null) {
            body.put("customerId", customer.id());
            if (redeem) {
                // A web customer has an email on file (their sign-in), not necessarily a phone.
                String proof = proof(journey, world.token(associate), customer.id(), "EMAIL");
                if (proof == null) {
                    return null;
                }
                points = 100;
                body.put("pointsToRedeem", points);
                body.put("customerProof", proof);
            }
        }
        body.put("tenders", List.of(tender("CASH", total(lines) - points, "till-" + store)));
        Client.Result placed = client.post(journey, "checkout", "/api/orders", world.token(associate), key(), body);
        if (!placed.ok()) {
            shortOrNot(placed);
            return null;
        }
        String id = placed.at("id");
        told.order(
                new Told.Order(journey, id, customer == null ? null : customer.id(), store, lines, points, false),
                Told.Stage.HANDED_OVER);
        return id;
    }

    private void returnAtAnotherStore(String journey) {
        World.Customer customer = customer();
        Map<String, Integer> lines = new LinkedHashMap<>();
        lines.put(world.itemA, 2);
        String sold = counterSale(journey, World.STORE_A, customer, false, lines);
        if (sold == null) {
            return;
        }
        Map<String, Object> body =
                Map.of("orderId", sold, "locationId", World.STORE_B, "lines", List.of(returnLine("l1", 1)));
        Client.Result accepted = client.post(journey, "return", "/api/returns", world.token("ben"), key(), body);
        if (accepted.ok()) {
            told.returns.add(new Told.Return(journey, accepted.at("id"), sold, World.STORE_B, world.itemA, 1, null));
        }
    }

    private void returnByMail(String journey) {
        World.Customer customer = customer();
        String sold = webPickup(journey, customer, randomStore(), false, false);
        if (sold == null) {
            return;
        }
        Map<String, Object> body = Map.of("orderId", sold, "lines", List.of(returnLine("l1", 1)));
        Client.Result accepted =
                client.post(journey, "return", "/api/returns", world.token(customer.username()), key(), body);
        if (accepted.ok()) {
            String sku = told.orders.get(sold).lines().keySet().iterator().next();
            told.returns.add(new Told.Return(journey, accepted.at("id"), sold, World.DC, sku, 1, null));
        }
    }

    private void exchange(String journey) {
        World.Customer customer = customer();
        Map<String, Integer> lines = new LinkedHashMap<>();
        lines.put(world.itemA, 1);
        String sold = counterSale(journey, World.STORE_A, customer, false, lines);
        if (sold == null) {
            return;
        }
        Map<String, Object> body = Map.of(
                "orderId",
                sold,
                "locationId",
                World.STORE_A,
                "lines",
                List.of(returnLine("l1", 1)),
                "exchange",
                Map.of("lines", List.of(Map.of("sku", world.itemLikeA, "quantity", 1))));
        Client.Result accepted = client.post(journey, "exchange", "/api/returns", world.token("ada"), key(), body);
        if (!accepted.ok()) {
            return;
        }
        String replacement = accepted.at("exchangeOrderId");
        told.returns.add(new Told.Return(journey, accepted.at("id"), sold, World.STORE_A, world.itemA, 1, replacement));
        if (replacement != null) {
            told.order(
                    new Told.Order(
                            journey, replacement, customer.id(), World.STORE_A, Map.of(world.itemLikeA, 1), 0, true),
                    Told.Stage.HANDED_OVER);
        }
    }

    private void enrolAndMerge(String journey) {
        // 061…: a French mobile range every number of which is in the numbering plan (not all of 06… is).
        String phone = "061" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        Client.Result enrolled = client.post(
                journey,
                "enrol",
                "/api/customers",
                world.token("ada"),
                key(),
                Map.of("channel", "STORE", "firstName", "Guest", "phones", List.of(phone)));
        if (!enrolled.ok()) {
            return;
        }
        String guest = enrolled.at("id");
        Map<String, Integer> lines = new LinkedHashMap<>();
        lines.put(world.itemB, 1);
        if (counterSale(journey, World.STORE_A, new World.Customer(null, guest), false, lines) == null) {
            return;
        }
        World.Customer survivor = customer();
        String token = world.token(survivor.username());
        String proof = proof(journey, token, guest, "SMS");
        if (proof == null) {
            return;
        }
        Client.Result merged = client.post(
                journey,
                "merge",
                "/api/customers/" + survivor.id() + "/merge",
                token,
                key(),
                Map.of("customerId", guest, "proof", proof));
        if (merged.ok()) {
            told.merges.add(new Told.Merge(guest, survivor.id()));
        }
    }

    // ---- helpers

    /** The customer verified present: a code sent to them, read back; emits the proof, or null. */
    private String proof(String journey, String callerToken, String customerId, String via) {
        Client.Result verification = client.post(
                journey,
                "verify",
                "/api/customers/" + customerId + "/verifications",
                callerToken,
                key(),
                Map.of("via", via));
        if (!verification.ok()) {
            return null;
        }
        Client.Result contacts = client.get(
                journey, "read-code-sent", "/api/customers/" + customerId + "/contacts", world.token("root"));
        Object items = contacts.body().get("items");
        if (!(items instanceof List<?> list) || list.isEmpty() || !(list.getFirst() instanceof Map<?, ?> last)) {
            return null;
        }
        Matcher matcher = CODE.matcher(String.valueOf(last.get("text")));
        if (!matcher.find()) {
            return null;
        }
        Client.Result confirmed = client.post(
                journey,
                "confirm",
                "/api/customers/" + customerId + "/verifications/" + verification.at("verificationId") + "/confirm",
                callerToken,
                key(),
                Map.of("code", matcher.group(1)));
        return confirmed.ok() ? confirmed.at("proof") : null;
    }

    private void shortOrNot(Client.Result refused) {
        if (refused.status() == 409) {
            told.refusedShort.add(String.valueOf(refused.body().get("detail")));
        }
    }

    /** One or two lines; a web order sometimes asks for the scarce item (which runs out). */
    private Map<String, Integer> lines(boolean counter) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        if (!counter && chance(0.15)) {
            lines.put(world.scarce, 1);
            return lines;
        }
        lines.put(
                chance(0.5) ? world.itemA : world.itemB,
                1 + ThreadLocalRandom.current().nextInt(2));
        if (chance(0.4)) {
            lines.put(world.itemLikeA, 1);
        }
        return lines;
    }

    private long total(Map<String, Integer> lines) {
        long total = 0;
        for (Map.Entry<String, Integer> line : lines.entrySet()) {
            total += world.price(line.getKey()) * line.getValue();
        }
        return total;
    }

    private static List<Map<String, Object>> lineInputs(Map<String, Integer> lines) {
        List<Map<String, Object>> inputs = new ArrayList<>();
        lines.forEach((sku, quantity) -> inputs.add(Map.of("sku", sku, "quantity", quantity)));
        return inputs;
    }

    private static Map<String, Object> returnLine(String lineId, int units) {
        return Map.of("lineId", lineId, "quantity", units, "reason", "WRONG_SIZE", "condition", "RESELLABLE");
    }

    private static Map<String, Object> tender(String type, long amount, String reference) {
        return Map.of("type", type, "amount", Map.of("amount", amount, "currency", "EUR"), "reference", reference);
    }

    private World.Customer customer() {
        return world.customers.get(ThreadLocalRandom.current().nextInt(world.customers.size()));
    }

    private String randomStore() {
        return chance(0.5) ? World.STORE_A : World.STORE_B;
    }

    private static boolean chance(double p) {
        return ThreadLocalRandom.current().nextDouble() < p;
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
