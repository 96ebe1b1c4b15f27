package com.unifiedcommerce.order.domain;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import com.unifiedcommerce.contracts.common.Channel;
import com.unifiedcommerce.contracts.common.Fulfilment;
import com.unifiedcommerce.contracts.common.TenderType;

/** An order as the ledger keeps it: amounts in minor units of {@code currency}, points as integers. */
public record Order(
        String id,
        String customerId,
        Channel channel,
        Fulfilment fulfilment,
        String locationId,
        OrderStatus status,
        String currency,
        long total,
        long pointsRedeemed,
        long pointsValue,
        List<Line> lines,
        List<Payment> tenders,
        Address shippingAddress,
        String carrier,
        String tracking,
        String reservationId,
        Integer pickupHoldHours,
        String pickupCodeHash,
        Instant pickupDeadline,
        int pickupAttempts,
        boolean pickupLocked,
        Instant createdAt,
        Instant updatedAt) {

    /** A line priced at checkout, with its share of the points and of the money, and units returned. */
    public record Line(
            String lineId,
            String sku,
            String name,
            int quantity,
            long unitPrice,
            long total,
            long points,
            long paid,
            boolean returnable,
            Integer returnDays,
            int returned) {}

    public record Payment(TenderType type, long amount, String reference) {}

    public record Address(String name, String line1, String line2, String postalCode, String city, String country) {}

    public Order with(OrderStatus newStatus) {
        return edit(d -> d.status = newStatus);
    }

    public Order withPickup(String codeHash, Instant deadline, int attempts, boolean locked) {
        return edit(d -> {
            d.pickupCodeHash = codeHash;
            d.pickupDeadline = deadline;
            d.pickupAttempts = attempts;
            d.pickupLocked = locked;
        });
    }

    public Order withReservation(String newReservationId) {
        return edit(d -> d.reservationId = newReservationId);
    }

    /** The row's times, as the database recorded them. */
    public Order recordedAt(Instant created, Instant updated) {
        return edit(d -> {
            d.createdAt = created;
            d.updatedAt = updated;
        });
    }

    public Order withShipment(String newCarrier, String newTracking) {
        return edit(d -> {
            d.carrier = newCarrier;
            d.tracking = newTracking;
        });
    }

    public Order withLines(List<Line> newLines) {
        return edit(d -> d.lines = newLines);
    }

    /** A copy of this order with {@code change} applied to its fields. */
    private Order edit(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.build();
    }

    /** The order's fields, open to change while a copy is made. */
    private static final class Draft {
        String id;
        String customerId;
        Channel channel;
        Fulfilment fulfilment;
        String locationId;
        OrderStatus status;
        String currency;
        long total;
        long pointsRedeemed;
        long pointsValue;
        List<Line> lines;
        List<Payment> tenders;
        Address shippingAddress;
        String carrier;
        String tracking;
        String reservationId;
        Integer pickupHoldHours;
        String pickupCodeHash;
        Instant pickupDeadline;
        int pickupAttempts;
        boolean pickupLocked;
        Instant createdAt;
        Instant updatedAt;

        Draft(Order order) {
            id = order.id;
            customerId = order.customerId;
            channel = order.channel;
            fulfilment = order.fulfilment;
            locationId = order.locationId;
            status = order.status;
            currency = order.currency;
            total = order.total;
            pointsRedeemed = order.pointsRedeemed;
            pointsValue = order.pointsValue;
            lines = order.lines;
            tenders = order.tenders;
            shippingAddress = order.shippingAddress;
            carrier = order.carrier;
            tracking = order.tracking;
            reservationId = order.reservationId;
            pickupHoldHours = order.pickupHoldHours;
            pickupCodeHash = order.pickupCodeHash;
            pickupDeadline = order.pickupDeadline;
            pickupAttempts = order.pickupAttempts;
            pickupLocked = order.pickupLocked;
            createdAt = order.createdAt;
            updatedAt = order.updatedAt;
        }

        Order build() {
            return new Order(
                    id,
                    customerId,
                    channel,
                    fulfilment,
                    locationId,
                    status,
                    currency,
                    total,
                    pointsRedeemed,
                    pointsValue,
                    lines,
                    tenders,
                    shippingAddress,
                    carrier,
                    tracking,
                    reservationId,
                    pickupHoldHours,
                    pickupCodeHash,
                    pickupDeadline,
                    pickupAttempts,
                    pickupLocked,
                    createdAt,
                    updatedAt);
        }
    }

    /**
     * The replacement of an exchange, placed at the counter and paid with the return's credit,
     * waiting for its return to be accepted before it is handed over.
     */
    public boolean awaitsExchange() {
        return status == OrderStatus.PLACED
                && fulfilment == Fulfilment.CARRY_OUT
                && tenders.stream().anyMatch(t -> t.type() == TenderType.RETURN_CREDIT);
    }

    /** Units bought less units returned, over all lines. */
    public int unitsKept() {
        return lines.stream()
                .mapToInt(line -> line.quantity() - line.returned())
                .sum();
    }
}
