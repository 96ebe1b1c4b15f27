package com.unifiedcommerce.contracts;

import java.util.Arrays;
import java.util.Optional;

import com.unifiedcommerce.contracts.customers.ConsentChanged;
import com.unifiedcommerce.contracts.customers.CustomerErased;
import com.unifiedcommerce.contracts.customers.CustomerRegistered;
import com.unifiedcommerce.contracts.customers.CustomersMerged;
import com.unifiedcommerce.contracts.customers.NotificationSent;
import com.unifiedcommerce.contracts.inventory.ReservationReleased;
import com.unifiedcommerce.contracts.inventory.StockAdjusted;
import com.unifiedcommerce.contracts.inventory.StockReserved;
import com.unifiedcommerce.contracts.loyalty.PointsEarned;
import com.unifiedcommerce.contracts.loyalty.PointsExpired;
import com.unifiedcommerce.contracts.loyalty.PointsExpiring;
import com.unifiedcommerce.contracts.loyalty.PointsRedeemed;
import com.unifiedcommerce.contracts.loyalty.PointsReversed;
import com.unifiedcommerce.contracts.loyalty.TierChanged;
import com.unifiedcommerce.contracts.orders.OrderCancelled;
import com.unifiedcommerce.contracts.orders.OrderDelivered;
import com.unifiedcommerce.contracts.orders.OrderPickedUp;
import com.unifiedcommerce.contracts.orders.OrderPlaced;
import com.unifiedcommerce.contracts.orders.OrderReadyForPickup;
import com.unifiedcommerce.contracts.orders.OrderShipped;
import com.unifiedcommerce.contracts.payments.RefundSettled;
import com.unifiedcommerce.contracts.returns.ReturnAccepted;

/**
 * Every event the system publishes: its CloudEvents type, its topic, its payload record and the
 * payload's schema version. A payload may gain optional fields within a version; anything a
 * consumer could misread needs a new version.
 */
public enum EventType {
    STOCK_RESERVED(Topics.INVENTORY, StockReserved.class, 1),
    RESERVATION_RELEASED(Topics.INVENTORY, ReservationReleased.class, 1),
    STOCK_ADJUSTED(Topics.INVENTORY, StockAdjusted.class, 1),
    ORDER_PLACED(Topics.ORDERS, OrderPlaced.class, 1),
    ORDER_READY_FOR_PICKUP(Topics.ORDERS, OrderReadyForPickup.class, 1),
    ORDER_PICKED_UP(Topics.ORDERS, OrderPickedUp.class, 1),
    ORDER_SHIPPED(Topics.ORDERS, OrderShipped.class, 1),
    ORDER_DELIVERED(Topics.ORDERS, OrderDelivered.class, 1),
    ORDER_CANCELLED(Topics.ORDERS, OrderCancelled.class, 1),
    RETURN_ACCEPTED(Topics.RETURNS, ReturnAccepted.class, 1),
    REFUND_SETTLED(Topics.PAYMENTS, RefundSettled.class, 1),
    POINTS_EARNED(Topics.LOYALTY, PointsEarned.class, 1),
    POINTS_REDEEMED(Topics.LOYALTY, PointsRedeemed.class, 1),
    POINTS_REVERSED(Topics.LOYALTY, PointsReversed.class, 1),
    POINTS_EXPIRED(Topics.LOYALTY, PointsExpired.class, 1),
    POINTS_EXPIRING(Topics.LOYALTY, PointsExpiring.class, 1),
    TIER_CHANGED(Topics.LOYALTY, TierChanged.class, 1),
    CUSTOMER_REGISTERED(Topics.CUSTOMERS, CustomerRegistered.class, 1),
    CUSTOMERS_MERGED(Topics.CUSTOMERS, CustomersMerged.class, 1),
    CONSENT_CHANGED(Topics.CUSTOMERS, ConsentChanged.class, 1),
    CUSTOMER_ERASED(Topics.CUSTOMERS, CustomerErased.class, 1),
    NOTIFICATION_SENT(Topics.CUSTOMERS, NotificationSent.class, 1);

    private final String topic;
    private final Class<? extends Record> payload;
    private final int version;

    EventType(String topic, Class<? extends Record> payload, int version) {
        this.topic = topic;
        this.payload = payload;
        this.version = version;
    }

    /** The CloudEvents {@code type}: the payload record's name, e.g. {@code OrderPlaced}. */
    public String type() {
        return payload.getSimpleName();
    }

    public String topic() {
        return topic;
    }

    public Class<? extends Record> payload() {
        return payload;
    }

    public int version() {
        return version;
    }

    /** The CloudEvents {@code dataschema}: names the payload's schema and version. */
    public String dataSchema() {
        return "urn:commerce:event:" + type() + ":v" + version;
    }

    public static Optional<EventType> ofType(String type) {
        return Arrays.stream(values()).filter(t -> t.type().equals(type)).findFirst();
    }

    public static EventType of(Record payload) {
        return Arrays.stream(values())
                .filter(t -> t.payload == payload.getClass())
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException(payload.getClass().getName() + " is not an event of contracts"));
    }
}
