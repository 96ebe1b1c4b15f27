package com.unifiedcommerce.it.chaos;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the clients were told, journey by journey, as the checker needs it: the orders they were
 * given (and how far each got), the returns accepted, the guests folded into other customers.
 */
final class Told {

    /** How far an acknowledged order got, by what the clients were told. */
    enum Stage {
        /** Placed; nobody was told it became ready. */
        PLACED,
        /** Made ready; the customer never came (the no-show rule cancels it), or came too late. */
        READY,
        /** Handed over (at the counter at once, or picked up with the code). */
        HANDED_OVER
    }

    record Order(
            String journey,
            String id,
            String customerId,
            String store,
            Map<String, Integer> lines,
            long pointsRedeemed,
            boolean exchange) {}

    record Return(
            String journey,
            String id,
            String orderId,
            String location,
            String sku,
            int units,
            String exchangeOrderId) {}

    record Merge(String guest, String survivor) {}

    final Map<String, Order> orders = new ConcurrentHashMap<>();
    final Map<String, Stage> stages = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Return> returns = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Merge> merges = new ConcurrentLinkedQueue<>();
    /** Checkouts refused because a SKU ran short (the scarce item): an expected outcome. */
    final ConcurrentLinkedQueue<String> refusedShort = new ConcurrentLinkedQueue<>();

    void order(Order order, Stage stage) {
        orders.put(order.id(), order);
        stages.put(order.id(), stage);
    }

    void stage(String orderId, Stage stage) {
        stages.put(orderId, stage);
    }

    List<Return> returns() {
        return List.copyOf(returns);
    }
}
