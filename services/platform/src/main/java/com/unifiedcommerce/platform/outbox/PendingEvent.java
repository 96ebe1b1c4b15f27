package com.unifiedcommerce.platform.outbox;

import java.time.Instant;
import java.util.UUID;

/** An outbox row on its way to Kafka. */
record PendingEvent(
        long position,
        UUID id,
        String topic,
        String aggregateId,
        String type,
        String payload,
        String requestId,
        String traceparent,
        Instant occurredAt) {}
