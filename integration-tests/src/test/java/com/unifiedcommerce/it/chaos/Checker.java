package com.unifiedcommerce.it.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.unifiedcommerce.infra.support.DeadLetters;
import com.unifiedcommerce.infra.support.Mailbox;
import com.unifiedcommerce.infra.support.Reconcile;
import com.unifiedcommerce.it.system.RunningSystem;

/**
 * Compares what the clients were told with what the ledgers hold, after the load stopped and the
 * events drained. Every 2xx has exactly its effect: an acknowledged order exists once with its
 * lines and the status its journey implies, an acknowledged return exists, stock on hand is what
 * was received less what was handed over plus what came back (to the unit, per store and SKU),
 * nothing is left reserved, points moved once (an earn per handed-over order of a customer, a
 * redemption per order that spent points, a take-back per return, a guest folded to zero, every
 * balance equal to its entries, nothing left held). Nothing exists that no client was told about
 * but what the rules create (a checkout nobody heard of ends rejected, a no-show is cancelled).
 * The reconciliation of every service finds no violation; the dead-letter topics are empty.
 * Every order of a consenting customer made ready has exactly one ready-for-pickup message, sent
 * (one email in their mailbox, by Message-ID) or skipped because it was collected first.
 */
final class Checker {

    private static final Set<String> HANDED_OVER = Set.of("PICKED_UP", "RETURNED");
    private static final Set<String> WITHOUT_EFFECT = Set.of("REJECTED", "CANCELLED");

    /**
     * The gateway answers within its 10 s time-out; 2 s more for the connection and the client.
     * Time the whole machine stood still ({@link Stalls}) is not counted against an answer.
     */
    static final long HANG_MILLIS = 12_000;

    private final RunningSystem system;
    private final TopicEnds before;
    private final World world;
    private final Client client;
    private final Told told;
    private final Answers answers;
    private final Stalls stalls;
    private final List<String> findings = new ArrayList<>();
    private final Map<String, Object> figures = new TreeMap<>();

    Checker(
            RunningSystem system,
            World world,
            Client client,
            Told told,
            Answers answers,
            Stalls stalls,
            TopicEnds before) {
        this.stalls = stalls;
        this.before = before;
        this.system = system;
        this.world = world;
        this.client = client;
        this.told = told;
        this.answers = answers;
    }

    List<String> findings() {
        return findings;
    }

    Map<String, Object> figures() {
        return figures;
    }

    List<String> check() {
        answersAreSane();
        Map<String, Map<String, Object>> ledger = allOrders();
        ordersAreAsTold(ledger);
        nothingUnknownHasEffect(ledger);
        returnsExist();
        stockAddsUp(ledger);
        pointsMovedOnce(ledger);
        cardsAuthorisedOnce(ledger);
        reconciliationFindsNothing();
        deadLettersAreEmpty();
        readyMessagesOnce(ledger);
        return findings;
    }

    // ---- answers

    /**
     * An answer that took longer than the gateway's time-out allows, less the time the machine
     * stood still meanwhile; empty when it came in time.
     */
    static Optional<String> hung(Answers.Answer answer, Stalls stalls) {
        long stalled = stalls.within(answer.at().minusMillis(answer.millis()), answer.at());
        if (answer.millis() - stalled <= HANG_MILLIS) {
            return Optional.empty();
        }
        return Optional.of("an answer took " + answer.millis() + " ms (the machine stood still " + stalled
                + " ms of it), past the gateway's time-out: " + answer.method() + " " + answer.path() + " ("
                + answer.journey() + "/" + answer.step() + ")");
    }

    private void answersAreSane() {
        Map<String, Set<String>> idsByKey = new HashMap<>();
        int bad = 0;
        for (Answers.Answer answer : answers.all()) {
            if (answer.status() == 500) {
                bad++;
                finding("500 answered to " + answer.method() + " " + answer.path() + " (" + answer.journey() + "/"
                        + answer.step() + "): " + answer.body().get("detail"));
            }
            if (answer.ok() && answer.key() != null && answer.id() != null) {
                idsByKey.computeIfAbsent(answer.key(), key -> new HashSet<>()).add(answer.id());
            }
            Optional<String> hung = hung(answer, stalls);
            if (hung.isPresent()) {
                bad++;
                finding(hung.get());
            }
            if (!answer.last()) {
                continue;
            }
            int status = answer.status();
            boolean rule = status == 409
                    || (status == 422
                            && "urn:commerce:problem:wrong-code"
                                    .equals(answer.body().get("type")));
            if (!answer.ok() && !rule && status != 500) {
                bad++;
                finding(status + " (final) to " + answer.method() + " " + answer.path() + " (" + answer.journey() + "/"
                        + answer.step() + "): " + answer.body());
            }
        }
        idsByKey.forEach((key, ids) -> {
            if (ids.size() > 1) {
                finding("Idempotency-Key " + key + " was answered with different ids " + ids);
            }
        });
        figures.put("answers_bad", bad);
    }

    // ---- orders

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> allOrders() {
        Map<String, Map<String, Object>> orders = new HashMap<>();
        String admin = world.token("root");
        for (int page = 0; page < 10_000; page++) {
            Client.Result result = client.get("check", "orders", "/api/orders?size=100&page=" + page, admin);
            if (!result.ok()) {
                finding("the order list could not be read: " + result.status());
                return orders;
            }
            List<Map<String, Object>> items =
                    (List<Map<String, Object>>) result.body().get("items");
            for (Map<String, Object> order : items) {
                orders.put((String) order.get("id"), order);
            }
            if (items.size() < 100) {
                break;
            }
        }
        figures.put("orders_in_ledger", orders.size());
        return orders;
    }

    private Set<String> foldedInto(String customer) {
        Set<String> accounts = new HashSet<>();
        accounts.add(customer);
        for (Told.Merge merge : told.merges) {
            if (merge.guest().equals(customer)) {
                accounts.add(merge.survivor());
            }
        }
        return accounts;
    }

    @SuppressWarnings("unchecked")
    private void ordersAreAsTold(Map<String, Map<String, Object>> ledger) {
        for (Told.Order order : told.orders.values()) {
            Map<String, Object> held = ledger.get(order.id());
            if (held == null) {
                finding("order " + order.id() + " (" + order.journey() + ") was acknowledged but is not in the ledger");
                continue;
            }
            Map<String, Integer> lines = new HashMap<>();
            for (Map<String, Object> line : (List<Map<String, Object>>) held.get("lines")) {
                lines.merge((String) line.get("sku"), ((Number) line.get("quantity")).intValue(), Integer::sum);
            }
            if (!lines.equals(order.lines())) {
                finding("order " + order.id() + " holds lines " + lines + ", the client asked for " + order.lines());
            }
            if (order.customerId() != null && !foldedInto(order.customerId()).contains(held.get("customerId"))) {
                finding("order " + order.id() + " is for " + held.get("customerId") + ", not " + order.customerId());
            }
            String status = (String) held.get("status");
            Told.Stage stage = told.stages.get(order.id());
            boolean fits = switch (stage) {
                case HANDED_OVER -> HANDED_OVER.contains(status);
                case READY -> HANDED_OVER.contains(status) || "CANCELLED".equals(status);
                case PLACED -> !"REJECTED".equals(status);
            };
            if (!fits) {
                finding("order " + order.id() + " (" + order.journey() + ") is " + status + " but the client was told "
                        + stage);
            }
            if ("READY_FOR_PICKUP".equals(status) || "PENDING".equals(status) || "COMPENSATING".equals(status)) {
                finding("order " + order.id() + " is stuck in " + status + " past its deadlines");
            }
        }
    }

    private void nothingUnknownHasEffect(Map<String, Map<String, Object>> ledger) {
        int unknown = 0;
        for (Map.Entry<String, Map<String, Object>> entry : ledger.entrySet()) {
            if (told.orders.containsKey(entry.getKey())) {
                continue;
            }
            unknown++;
            String status = (String) entry.getValue().get("status");
            if (!WITHOUT_EFFECT.contains(status)) {
                finding("order " + entry.getKey() + " is " + status + " but no client was told of it");
            }
        }
        figures.put("orders_unknown_to_clients_without_effect", unknown);
    }

    /**
     * Every acknowledged return exists exactly once, with its value: the unit's price (no order
     * returned here spent points), all of it as credit for the replacement in an exchange.
     * Every return the ledger holds for the journeys' orders was acknowledged to a client.
     */
    @SuppressWarnings("unchecked")
    private void returnsExist() {
        Map<String, List<Told.Return>> byOrder = new HashMap<>();
        for (Told.Return accepted : told.returns()) {
            byOrder.computeIfAbsent(accepted.orderId(), id -> new ArrayList<>()).add(accepted);
        }
        String admin = world.token("root");
        Map<String, String> unsettled = new HashMap<>();
        for (Map.Entry<String, List<Told.Return>> order : byOrder.entrySet()) {
            Client.Result found = client.get("check", "returns", "/api/returns?orderId=" + order.getKey(), admin);
            List<Map<String, Object>> held =
                    (List<Map<String, Object>>) found.body().get("items");
            if (held == null) {
                finding("the returns of order " + order.getKey() + " could not be read: " + found.status());
                continue;
            }
            Map<String, Map<String, Object>> byId = new HashMap<>();
            held.forEach(recorded -> byId.put((String) recorded.get("id"), recorded));
            for (Told.Return accepted : order.getValue()) {
                Map<String, Object> recorded = byId.remove(accepted.id());
                if (recorded == null) {
                    finding("return " + accepted.id() + " (" + accepted.journey() + ") was acknowledged but is not"
                            + " among the returns of order " + accepted.orderId());
                    continue;
                }
                long value = world.price(accepted.sku()) * accepted.units();
                long money = ((Number) recorded.get("money")).longValue();
                long credit = ((Number) recorded.get("exchangeCredit")).longValue();
                // The return is worth the unit; an exchange for an item of the same price spends all
                // of it as credit on the replacement (nothing goes back to the tender).
                boolean right = money == value && (accepted.exchangeOrderId() == null || credit == value);
                if (!right) {
                    finding("return " + accepted.id() + " (" + accepted.journey() + ") refunds " + money
                            + " and credits " + credit + "; the returned unit is worth " + value);
                }
                if (!"REFUNDED".equals(recorded.get("refundStatus"))) {
                    unsettled.put(accepted.id(), accepted.journey());
                }
            }
            byId.keySet()
                    .forEach(id -> finding(
                            "return " + id + " of order " + order.getKey() + " exists but no client was told of it"));
        }
        figures.put("returns_acknowledged", told.returns().size());
        // A card refund is refunded once the provider settles it (webhook, then an event): wait for it.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!unsettled.isEmpty() && Instant.now().isBefore(deadline)) {
            Client.sleep(1_000);
            unsettled
                    .keySet()
                    .removeIf(id -> "REFUNDED"
                            .equals(client.get("check", "returns", "/api/returns/" + id, admin)
                                    .body()
                                    .get("refundStatus")));
        }
        unsettled.forEach((id, journey) ->
                finding("return " + id + " (" + journey + ") is accepted but its money was never refunded"));
    }

    // ---- stock

    private void stockAddsUp(Map<String, Map<String, Object>> ledger) {
        Map<String, Integer> expected = new HashMap<>(world.received);
        Map<String, Integer> reserved = new HashMap<>();
        for (Map<String, Object> order : ledger.values()) {
            String status = (String) order.get("status");
            String store = (String) order.get("locationId");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> lines = (List<Map<String, Object>>) order.get("lines");
            for (Map<String, Object> line : lines) {
                String where = store + "/" + line.get("sku");
                int units = ((Number) line.get("quantity")).intValue();
                if (HANDED_OVER.contains(status)) {
                    expected.merge(where, -units, Integer::sum);
                } else if ("PLACED".equals(status) || "READY_FOR_PICKUP".equals(status)) {
                    reserved.merge(where, units, Integer::sum);
                }
            }
        }
        for (Told.Return accepted : told.returns()) {
            expected.merge(accepted.location() + "/" + accepted.sku(), accepted.units(), Integer::sum);
        }
        String admin = world.token("root");
        for (Map.Entry<String, Integer> entry : new TreeMap<>(expected).entrySet()) {
            Client.Result stock = client.get("check", "stock", "/api/stock/" + entry.getKey(), admin);
            int onHand = stock.ok() ? ((Number) stock.body().get("onHand")).intValue() : 0;
            int held = stock.ok() ? ((Number) stock.body().get("reserved")).intValue() : 0;
            if (onHand != entry.getValue()) {
                finding("stock " + entry.getKey() + ": " + onHand + " on hand, expected " + entry.getValue()
                        + " (received less handed over plus returned)");
            }
            int open = reserved.getOrDefault(entry.getKey(), 0);
            if (held != open) {
                finding("stock " + entry.getKey() + ": " + held + " reserved, but open orders hold " + open);
            }
            figures.put("stock " + entry.getKey(), onHand + " on hand, " + held + " reserved");
        }
    }

    // ---- money

    /**
     * Every order the ledger placed with a card has its card amount authorised, once, at the
     * provider (the payment service's journal shows one authorisation), and captured once it was
     * handed over; the reconciliation then checks the journal against the provider's books.
     */
    @SuppressWarnings("unchecked")
    private void cardsAuthorisedOnce(Map<String, Map<String, Object>> ledger) {
        String admin = world.token("root");
        int checked = 0;
        Map<String, Long> handedOver = new HashMap<>();
        for (Map<String, Object> order : ledger.values()) {
            if (WITHOUT_EFFECT.contains(order.get("status")) || "PENDING".equals(order.get("status"))) {
                continue;
            }
            List<Map<String, Object>> tenders = (List<Map<String, Object>>) order.getOrDefault("tenders", List.of());
            Optional<Map<String, Object>> card =
                    tenders.stream().filter(t -> "CARD".equals(t.get("type"))).findFirst();
            if (card.isEmpty()) {
                continue;
            }
            long amount = ((Number) ((Map<String, Object>) card.get().get("amount")).get("amount")).longValue();
            Client.Result payment = client.get("check", "payment", "/api/payments/orders/" + order.get("id"), admin);
            checked++;
            if (!payment.ok()) {
                finding("order " + order.get("id") + " was placed with a card but its payment answers "
                        + payment.status());
                continue;
            }
            Map<String, Object> view = (Map<String, Object>) payment.body().get("payment");
            List<Map<String, Object>> entries =
                    (List<Map<String, Object>>) payment.body().get("entries");
            long authorised = ((Number) ((Map<String, Object>) view.get("authorised")).get("amount")).longValue();
            long authorisations = entries.stream()
                    .filter(e -> "AUTHORISED".equals(e.get("kind")))
                    .count();
            if (!"AUTHORISED".equals(view.get("status")) || authorised != amount || authorisations != 1) {
                finding("order " + order.get("id") + " paid " + amount + " by card, but its payment is "
                        + view.get("status") + " for " + authorised + " with " + authorisations + " authorisations");
            }
            if (HANDED_OVER.contains(order.get("status"))) {
                handedOver.put((String) order.get("id"), amount);
            }
        }
        figures.put("card_payments_checked", checked);
        // A hand-over captures the card amount, through the order events: give the consumer time.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!handedOver.isEmpty()) {
            handedOver.entrySet().removeIf(entry -> {
                Client.Result payment = client.get("check", "payment", "/api/payments/orders/" + entry.getKey(), admin);
                Object captured =
                        payment.ok() ? ((Map<String, Object>) payment.body().get("payment")).get("captured") : null;
                return captured instanceof Number n && n.longValue() == entry.getValue();
            });
            if (handedOver.isEmpty() || Instant.now().isAfter(deadline)) {
                break;
            }
            Client.sleep(1_000);
        }
        handedOver.forEach((id, amount) ->
                finding("order " + id + " was handed over but its card's " + amount + " was not captured"));
    }

    // ---- points

    @SuppressWarnings("unchecked")
    private void pointsMovedOnce(Map<String, Map<String, Object>> ledger) {
        String admin = world.token("root");
        Set<String> accounts = new HashSet<>();
        world.customers.forEach(customer -> accounts.add(customer.id()));
        told.merges.forEach(merge -> accounts.add(merge.guest()));
        told.orders.values().stream()
                .map(Told.Order::customerId)
                .filter(id -> id != null)
                .forEach(accounts::add);
        Map<String, List<Map<String, Object>>> entries = new HashMap<>();
        long moved = 0;
        for (String account : accounts) {
            Client.Result summary = client.get("check", "account", "/api/loyalty/accounts/" + account, admin);
            if (summary.status() == 404) {
                entries.put(account, List.of());
                continue;
            }
            long balance = ((Number) summary.body().get("balance")).longValue();
            long held = ((Number) summary.body().get("held")).longValue();
            List<Map<String, Object>> all = new ArrayList<>();
            for (int page = 0; page < 1_000; page++) {
                Client.Result result = client.get(
                        "check",
                        "entries",
                        "/api/loyalty/accounts/" + account + "/entries?size=200&page=" + page,
                        admin);
                List<Map<String, Object>> items =
                        (List<Map<String, Object>>) result.body().get("items");
                if (items == null) {
                    finding("the entries of " + account + " could not be read: " + result.status());
                    break;
                }
                all.addAll(items);
                if (items.size() < 200) {
                    break;
                }
            }
            entries.put(account, all);
            long sum = all.stream()
                    .mapToLong(e -> ((Number) e.get("points")).longValue())
                    .sum();
            moved += all.size();
            if (sum != balance) {
                finding("points of " + account + ": balance " + balance + " but its entries add up to " + sum);
            }
            if (held != 0) {
                finding("points of " + account + ": " + held + " still held after every order ended");
            }
        }
        figures.put("point_entries", moved);
        for (Told.Merge merge : told.merges) {
            List<Map<String, Object>> guest = entries.getOrDefault(merge.guest(), List.of());
            long left = guest.stream()
                    .mapToLong(e -> ((Number) e.get("points")).longValue())
                    .sum();
            if (left != 0) {
                finding("guest " + merge.guest() + " folded into " + merge.survivor() + " still has " + left
                        + " points");
            }
        }
        for (Told.Order order : told.orders.values()) {
            if (order.customerId() == null) {
                continue;
            }
            Map<String, Object> held = ledger.get(order.id());
            String status = held == null ? null : (String) held.get("status");
            List<Map<String, Object>> own = new ArrayList<>();
            for (String account : foldedInto(order.customerId())) {
                own.addAll(entries.getOrDefault(account, List.of()));
            }
            if (HANDED_OVER.contains(status) && !order.exchange()) {
                String prefix = "order:" + order.id() + ":line:";
                long earns = own.stream()
                        .filter(e -> String.valueOf(e.get("source")).startsWith(prefix))
                        .count();
                if (earns != order.lines().size()) {
                    finding("order " + order.id() + " (" + order.journey() + ") handed over: " + earns
                            + " earn entries for " + order.lines().size() + " lines");
                }
            }
            if (order.pointsRedeemed() > 0 && status != null && !WITHOUT_EFFECT.contains(status)) {
                String source = "hold:" + order.id() + ":REDEEM";
                long redeemed =
                        own.stream().filter(e -> source.equals(e.get("source"))).count();
                if (redeemed != 1) {
                    finding("order " + order.id() + " spent " + order.pointsRedeemed() + " points: " + redeemed
                            + " redemption entries");
                }
            }
        }
        for (Told.Return accepted : told.returns()) {
            Told.Order sold = told.orders.get(accepted.orderId());
            if (sold == null || sold.customerId() == null) {
                continue;
            }
            String prefix = "return:" + accepted.id() + ":";
            long takenBack = foldedInto(sold.customerId()).stream()
                    .flatMap(account -> entries.getOrDefault(account, List.of()).stream())
                    .filter(e -> String.valueOf(e.get("source")).startsWith(prefix))
                    .count();
            if (takenBack == 0) {
                finding("return " + accepted.id() + " of order " + accepted.orderId() + " took no points back");
            }
        }
    }

    // ---- the services' own checks

    private void reconciliationFindsNothing() {
        try {
            List<Reconcile.Check> checks = new Reconcile(system.gatewayUrl(), world.token("root")).checks();
            long violations = Reconcile.violations(checks);
            figures.put("reconciliation_checks", checks.size());
            figures.put("reconciliation_violations", violations);
            for (Reconcile.Check check : checks) {
                if (check.violations() != 0) {
                    finding("reconciliation " + check.service() + "/" + check.name() + ": " + check.violations()
                            + " violation(s) of " + check.rule() + ", e.g. " + check.examples());
                }
            }
        } catch (Exception e) {
            finding("the reconciliation could not run: " + e);
        }
    }

    private void deadLettersAreEmpty() {
        try {
            DeadLetters letters = new DeadLetters(system.kafkaBootstrap());
            List<DeadLetters.Letter> all = letters.list(letters.topics());
            List<DeadLetters.Letter> found =
                    all.stream().filter(letter -> !before.before(letter.from())).toList();
            figures.put("dead_letters", found.size());
            figures.put("dead_letters_of_events_from_before_the_run", all.size() - found.size());
            for (DeadLetters.Letter letter : found) {
                finding("dead letter on " + letter.topic() + ": " + letter.eventType() + " " + letter.eventId()
                        + " from " + letter.from() + ": " + letter.reason());
            }
        } catch (Exception e) {
            finding("the dead-letter topics could not be read: " + e);
        }
    }

    // ---- notifications

    /** How long the senders may take, after the events drained, to decide every ready message. */
    private static final Duration NOTIFICATIONS_SETTLE = Duration.ofSeconds(60);

    @SuppressWarnings("unchecked")
    private void readyMessagesOnce(Map<String, Map<String, Object>> ledger) {
        Map<String, World.Customer> consenting = new HashMap<>();
        world.customers.forEach(c -> consenting.put(c.id(), c));
        Map<String, List<String>> readyByCustomer = new HashMap<>();
        String admin = world.token("root");
        ledger.forEach((id, order) -> {
            Object customer = order.get("customerId");
            if (customer == null || !consenting.containsKey(customer) || !"PICKUP".equals(order.get("fulfilment"))) {
                return;
            }
            // The list leaves the history out; the order itself says whether it was made ready.
            Client.Result detail = client.get("check", "order", "/api/orders/" + id, admin);
            if (!detail.ok()) {
                finding("order " + id + " could not be read: " + detail.status());
                return;
            }
            List<Map<String, Object>> history =
                    (List<Map<String, Object>>) detail.body().get("history");
            if (history != null && history.stream().anyMatch(h -> "READY_FOR_PICKUP".equals(h.get("to")))) {
                readyByCustomer
                        .computeIfAbsent((String) customer, c -> new ArrayList<>())
                        .add(id);
            }
        });
        Map<String, List<Map<String, Object>>> messages = new HashMap<>();
        Instant deadline = Instant.now().plus(NOTIFICATIONS_SETTLE);
        boolean settled = false;
        while (!settled) {
            settled = true;
            for (String customer : readyByCustomer.keySet()) {
                List<Map<String, Object>> ready = readyMessages(customer);
                messages.put(customer, ready);
                if (ready.stream().anyMatch(m -> Set.of("PENDING", "SENDING").contains(m.get("status")))) {
                    settled = false;
                }
            }
            if (!settled) {
                if (Instant.now().isAfter(deadline)) {
                    break;
                }
                sleep(Duration.ofSeconds(1));
            }
        }
        int sent = 0;
        int collectedFirst = 0;
        int copies = 0;
        for (Map.Entry<String, List<String>> entry : readyByCustomer.entrySet()) {
            World.Customer customer = consenting.get(entry.getKey());
            Map<String, Set<String>> mailIds = new HashMap<>();
            Map<String, Integer> mails = new HashMap<>();
            for (Mailbox.Received mail : system.mailbox().messages(customer.username() + "@example.com")) {
                if (mail.subject() != null && mail.subject().contains(" is ready at ")) {
                    String order = mail.subject().split(" ")[2];
                    mailIds.computeIfAbsent(order, o -> new HashSet<>()).add(mail.messageId());
                    mails.merge(order, 1, Integer::sum);
                }
            }
            for (String order : entry.getValue()) {
                List<Map<String, Object>> about = messages.getOrDefault(entry.getKey(), List.of()).stream()
                        .filter(m -> order.equals(m.get("subjectId")))
                        .toList();
                if (about.size() != 1) {
                    finding("order " + order + " was made ready but has " + about.size() + " ready messages");
                    continue;
                }
                Map<String, Object> message = about.get(0);
                String status = (String) message.get("status");
                int distinct = mailIds.getOrDefault(order, Set.of()).size();
                if ("SENT".equals(status)) {
                    sent++;
                    copies += mails.getOrDefault(order, 0) - distinct;
                    if (distinct != 1) {
                        finding("order " + order + ": its ready message was sent, and " + distinct
                                + " distinct ready emails arrived");
                    }
                } else if ("SKIPPED".equals(status)
                        && String.valueOf(message.get("reason")).startsWith("order no longer waiting")) {
                    collectedFirst++;
                    if (distinct != 0) {
                        finding("order " + order + ": its ready message was skipped, yet " + distinct + " arrived");
                    }
                } else {
                    finding("order " + order + ": its ready message is " + status + " (" + message.get("reason") + ", "
                            + message.get("lastError") + ")");
                }
            }
        }
        figures.put("ready_messages_sent", sent);
        figures.put("ready_messages_skipped_collected_first", collectedFirst);
        figures.put("ready_email_copies_beyond_one", copies);
    }

    /** The customer's ready-for-pickup messages, from their notification history (every page). */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> readyMessages(String customer) {
        List<Map<String, Object>> ready = new ArrayList<>();
        String admin = world.token("root");
        for (int page = 0; page < 1_000; page++) {
            Client.Result result = client.get(
                    "check",
                    "notifications",
                    "/api/customers/" + customer + "/notifications?size=100&page=" + page,
                    admin);
            if (!result.ok()) {
                finding("the notifications of " + customer + " could not be read: " + result.status());
                return ready;
            }
            List<Map<String, Object>> items =
                    (List<Map<String, Object>>) result.body().get("items");
            items.stream().filter(m -> "READY_FOR_PICKUP".equals(m.get("kind"))).forEach(ready::add);
            if (items.size() < 100) {
                break;
            }
        }
        return ready;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while notifications settled", e);
        }
    }

    private void finding(String text) {
        findings.add(text);
    }
}
