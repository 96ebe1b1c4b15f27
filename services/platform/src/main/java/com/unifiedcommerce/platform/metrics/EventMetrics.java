package com.unifiedcommerce.platform.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unifiedcommerce.contracts.EventType;
import com.unifiedcommerce.contracts.loyalty.PointsEarned;
import com.unifiedcommerce.contracts.loyalty.PointsExpired;
import com.unifiedcommerce.contracts.loyalty.PointsRedeemed;
import com.unifiedcommerce.contracts.loyalty.PointsReversed;
import com.unifiedcommerce.contracts.orders.OrderCancelled;
import com.unifiedcommerce.contracts.orders.OrderPickedUp;
import com.unifiedcommerce.contracts.returns.ReturnAccepted;
import com.unifiedcommerce.contracts.returns.ReturnLine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

/**
 * Business figures counted from the events a service publishes: an event leaves the outbox only
 * after its change committed, so these count what happened, never a rolled-back attempt. Counted
 * when the broker acknowledged the event (a relay that dies between the two may count an event it
 * sends again; the figures are for dashboards and alerts, the ledgers are the record).
 *
 * <ul>
 *   <li>{@code commerce.orders.picked.up} by store and channel (OrderPickedUp);
 *   <li>{@code commerce.orders.cancelled} by reason and store: no-shows per store (OrderCancelled);
 *   <li>{@code commerce.returns.units} by reason and channel (ReturnAccepted, units per line);
 *   <li>{@code commerce.loyalty.points} by movement: earned, redeemed, reversed (taken back on a
 *       return), refunded (redeemed points given back on a return), expired.
 * </ul>
 */
@ApplicationScoped
public class EventMetrics {

    private static final Logger LOG = Logger.getLogger(EventMetrics.class);

    @Inject
    MeterRegistry registry;

    @Inject
    ObjectMapper json;

    /** Counts one published event of {@code type} with its JSON payload. */
    public void published(String type, String payload) {
        EventType known = EventType.ofType(type).orElse(null);
        if (known == null || !counted(known)) {
            return;
        }
        Record event;
        try {
            event = json.readValue(payload, known.payload());
        } catch (Exception e) {
            LOG.warnf("A published %s event could not be read for the business figures: %s", type, e.toString());
            return;
        }
        switch (event) {
            case OrderPickedUp picked ->
                counter(
                                "commerce.orders.picked.up",
                                "store",
                                or(picked.locationId()),
                                "channel",
                                name(picked.channel()))
                        .increment();
            case OrderCancelled cancelled ->
                counter(
                                "commerce.orders.cancelled",
                                "reason",
                                name(cancelled.reason()),
                                "store",
                                or(cancelled.locationId()))
                        .increment();
            case ReturnAccepted accepted -> {
                for (ReturnLine line : accepted.lines()) {
                    counter("commerce.returns.units", "reason", or(line.reason()), "channel", name(accepted.channel()))
                            .increment(line.quantity());
                }
            }
            case PointsEarned earned -> points("earned", earned.points());
            case PointsRedeemed redeemed -> points("redeemed", redeemed.points());
            case PointsReversed reversed -> {
                points("reversed", reversed.pointsTakenBack());
                points("refunded", reversed.pointsGivenBack());
            }
            case PointsExpired expired -> points("expired", expired.points());
            default -> {}
        }
    }

    private static boolean counted(EventType type) {
        return switch (type) {
            case ORDER_PICKED_UP,
                    ORDER_CANCELLED,
                    RETURN_ACCEPTED,
                    POINTS_EARNED,
                    POINTS_REDEEMED,
                    POINTS_REVERSED,
                    POINTS_EXPIRED -> true;
            default -> false;
        };
    }

    private void points(String movement, long points) {
        if (points > 0) {
            counter("commerce.loyalty.points", "movement", movement).increment(points);
        }
    }

    private Counter counter(String name, String... tags) {
        return Counter.builder(name).tags(tags).register(registry);
    }

    private static String name(Enum<?> value) {
        return value == null ? "none" : value.name();
    }

    private static String or(String value) {
        return value == null || value.isBlank() ? "none" : value;
    }
}
