package com.unifiedcommerce.contracts.customers;

/**
 * The customer was sent a message about {@code subjectId} (an order or a return) because of the
 * event {@code causeEventId}, or it was deliberately not sent: {@code outcome} SENT (through
 * {@code contactChannel}: EMAIL, SMS or PUSH) or SKIPPED ({@code reason} says why, e.g. no consent).
 * {@code kind} names the message: READY_FOR_PICKUP, PICKUP_REMINDER, NO_SHOW, SHIPPED,
 * RETURN_ACCEPTED. It never carries what the message said (a pickup code stays out of events).
 */
public record NotificationSent(
        String customerId,
        String kind,
        String subjectId,
        String causeEventId,
        String outcome,
        String contactChannel,
        String reason) {}
