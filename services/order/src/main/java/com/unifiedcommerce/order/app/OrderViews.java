package com.unifiedcommerce.order.app;

import java.time.Instant;
import java.util.List;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Fulfilment;
import com.unifiedcommerce.contracts.common.Money;
import com.unifiedcommerce.contracts.common.TenderType;
import com.unifiedcommerce.order.domain.Order;
import com.unifiedcommerce.order.domain.OrderStatus;
import com.unifiedcommerce.order.store.Orders;

/** What the API answers about orders. The pickup code appears only for the customer who owns the order. */
public final class OrderViews {

    private OrderViews() {}

    /**
     * An order's pickup as the notification needs it: the code and deadline only while the order
     * waits at the store (status READY_FOR_PICKUP), else null.
     */
    public record PickupNotice(
            String orderId,
            String customerId,
            OrderStatus status,
            String locationId,
            Instant pickupDeadline,
            String code) {}

    public record LineView(
            String lineId,
            String sku,
            String name,
            int quantity,
            Money unitPrice,
            Money total,
            long pointsRedeemed,
            Money paid,
            boolean returnable,
            Integer returnDays,
            int returned) {}

    public record TenderView(TenderType type, Money amount, String reference) {}

    public record PickupView(Instant deadline, String code, boolean locked) {}

    public record OrderView(
            String id,
            String customerId,
            Channel channel,
            Fulfilment fulfilment,
            String locationId,
            OrderStatus status,
            Money total,
            long pointsRedeemed,
            Money pointsValue,
            List<LineView> lines,
            List<TenderView> tenders,
            Order.Address shippingAddress,
            String carrier,
            String tracking,
            PickupView pickup,
            List<Orders.History> history,
            Instant createdAt,
            Instant updatedAt) {}

    public record OrderPage(List<OrderView> items, int page, int size, long total) {}

    public static OrderView of(Order order, String pickupCode, List<Orders.History> history) {
        String currency = order.currency();
        return new OrderView(
                order.id(),
                order.customerId(),
                order.channel(),
                order.fulfilment(),
                order.locationId(),
                order.status(),
                new Money(order.total(), currency),
                order.pointsRedeemed(),
                new Money(order.pointsValue(), currency),
                order.lines().stream()
                        .map(line -> new LineView(
                                line.lineId(),
                                line.sku(),
                                line.name(),
                                line.quantity(),
                                new Money(line.unitPrice(), currency),
                                new Money(line.total(), currency),
                                line.points(),
                                new Money(line.paid(), currency),
                                line.returnable(),
                                line.returnDays(),
                                line.returned()))
                        .toList(),
                order.tenders().stream()
                        .map(t -> new TenderView(t.type(), new Money(t.amount(), currency), t.reference()))
                        .toList(),
                order.shippingAddress(),
                order.carrier(),
                order.tracking(),
                order.pickupDeadline() == null
                        ? null
                        : new PickupView(order.pickupDeadline(), pickupCode, order.pickupLocked()),
                history,
                order.createdAt(),
                order.updatedAt());
    }
}
