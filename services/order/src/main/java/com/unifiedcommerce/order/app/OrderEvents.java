package com.unifiedcommerce.order.app;

import java.util.List;

import com.unifiedcommerce.contracts.common.Fulfilment;
import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.orders.OrderCancelled;
import com.unifiedcommerce.contracts.orders.OrderDelivered;
import com.unifiedcommerce.contracts.orders.OrderLine;
import com.unifiedcommerce.contracts.orders.OrderPickedUp;
import com.unifiedcommerce.contracts.orders.OrderPlaced;
import com.unifiedcommerce.contracts.orders.OrderReadyForPickup;
import com.unifiedcommerce.contracts.orders.OrderShipped;
import com.unifiedcommerce.contracts.orders.Tender;
import com.unifiedcommerce.order.domain.Order;

/** The order ledger's events, with everything inventory and loyalty need (lines, amounts, points). */
public final class OrderEvents {

    private OrderEvents() {}

    public static List<OrderLine> lines(Order order) {
        return order.lines().stream()
                .map(line -> new OrderLine(
                        line.lineId(),
                        line.sku(),
                        line.quantity(),
                        new Money(line.unitPrice(), order.currency()),
                        order.fulfilment(),
                        order.locationId(),
                        line.points(),
                        line.returnable(),
                        new Money(line.paid(), order.currency())))
                .toList();
    }

    public static OrderPlaced placed(Order order) {
        return new OrderPlaced(
                order.id(),
                order.customerId(),
                order.channel(),
                order.locationId(),
                lines(order),
                order.tenders().stream()
                        .map(t -> new Tender(t.type(), new Money(t.amount(), order.currency()), t.reference()))
                        .toList(),
                order.pointsRedeemed(),
                new Money(order.total(), order.currency()));
    }

    public static OrderReadyForPickup ready(Order order) {
        return new OrderReadyForPickup(order.id(), order.customerId(), order.locationId(), order.pickupDeadline());
    }

    public static OrderPickedUp pickedUp(Order order) {
        return new OrderPickedUp(order.id(), order.customerId(), order.channel(), order.locationId(), lines(order));
    }

    public static OrderShipped shipped(Order order) {
        return new OrderShipped(
                order.id(), order.customerId(), order.locationId(), lines(order), order.carrier(), order.tracking());
    }

    public static OrderDelivered delivered(Order order) {
        return new OrderDelivered(order.id(), order.customerId(), order.channel(), lines(order));
    }

    public static OrderCancelled cancelled(Order order, OrderCancelled.Reason reason) {
        return new OrderCancelled(
                order.id(),
                order.customerId(),
                reason,
                order.fulfilment() == Fulfilment.PICKUP ? order.locationId() : null);
    }
}
