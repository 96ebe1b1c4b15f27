package com.unifiedcommerce.order.domain;

import java.time.Instant;
import java.util.List;

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
        return new Order(
                id,
                customerId,
                channel,
                fulfilment,
                locationId,
                newStatus,
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

    public Order withPickup(String codeHash, Instant deadline, int attempts, boolean locked) {
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
                codeHash,
                deadline,
                attempts,
                locked,
                createdAt,
                updatedAt);
    }

    public Order withReservation(String newReservationId) {
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
                newReservationId,
                pickupHoldHours,
                pickupCodeHash,
                pickupDeadline,
                pickupAttempts,
                pickupLocked,
                createdAt,
                updatedAt);
    }

    public Order withShipment(String newCarrier, String newTracking) {
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
                newCarrier,
                newTracking,
                reservationId,
                pickupHoldHours,
                pickupCodeHash,
                pickupDeadline,
                pickupAttempts,
                pickupLocked,
                createdAt,
                updatedAt);
    }

    public Order withLines(List<Line> newLines) {
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
                newLines,
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

    /** Units bought less units returned, over all lines. */
    public int unitsKept() {
        return lines.stream()
                .mapToInt(line -> line.quantity() - line.returned())
                .sum();
    }
}
