package com.unifiedcommerce.customer.api;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.unifiedcommerce.customer.domain.Masking;
import org.bson.Document;

/** Profiles as callers see them: the whole profile for its owner and admin, a minimal view at the counter. */
public final class CustomerViews {

    private CustomerViews() {}

    public record Consent(boolean granted, Instant at, String channel, String locationId) {}

    public record Merge(String mergedId, String by, Instant at, Map<String, List<String>> moved) {}

    public record Address(String label, String line1, String line2, String postalCode, String city, String country) {}

    public record Profile(
            String id,
            String status,
            boolean guest,
            String firstName,
            String lastName,
            List<String> emails,
            List<String> phones,
            List<String> loyaltyCards,
            List<String> posIds,
            List<Address> addresses,
            Map<String, Consent> consents,
            String preferredStore,
            String preferredChannel,
            String language,
            String tier,
            String registeredChannel,
            String registeredAt,
            List<Merge> merges,
            Instant createdAt,
            Instant updatedAt) {}

    /** What an associate sees after resolving: enough to greet and confirm, not to copy. */
    public record Minimal(
            String id,
            String name,
            List<String> emails,
            List<String> phones,
            String loyaltyCard,
            String tier,
            String preferredStore) {}

    public record TimelineEntry(
            String id,
            String type,
            Instant at,
            String channel,
            String locationId,
            String orderId,
            String returnId,
            Map<String, Object> detail) {}

    public record TimelinePage(List<TimelineEntry> items, int page, int size, long total) {}

    /**
     * One message to the customer: what caused it, its state (PENDING, SENDING, SENT, SKIPPED,
     * FAILED), through which channel to which masked address, why it was skipped or failed, and
     * the last failed try's error while it is retried.
     */
    public record Notification(
            String id,
            String kind,
            String subjectId,
            String causeEventId,
            String status,
            String channel,
            String to,
            String subject,
            String language,
            String reason,
            String lastError,
            int attempts,
            Instant createdAt,
            Instant dueAt,
            Instant sentAt) {}

    public record NotificationPage(List<Notification> items, int page, int size, long total) {}

    public static Notification notification(Document n) {
        return new Notification(
                n.getString("_id"),
                n.getString("kind"),
                n.getString("subjectId"),
                n.getString("causeEventId"),
                n.getString("status"),
                n.getString("channel"),
                n.getString("to"),
                n.getString("subject"),
                n.getString("language"),
                n.getString("reason"),
                n.getString("lastError"),
                n.getInteger("attempts", 0),
                instant(n.getDate("createdAt")),
                instant(n.getDate("dueAt")),
                instant(n.getDate("sentAt")));
    }

    public static Profile full(com.unifiedcommerce.customer.domain.Profile p) {
        Map<String, Consent> consents = new LinkedHashMap<>();
        p.consents()
                .forEach((channel, c) ->
                        consents.put(channel.name(), new Consent(c.granted(), c.at(), c.channel(), c.locationId())));
        return new Profile(
                p.id(),
                p.status().name(),
                p.guest(),
                p.firstName(),
                p.lastName(),
                p.emails(),
                p.phones(),
                p.cards(),
                p.posIds(),
                p.addresses().stream()
                        .map(a -> new Address(a.label(), a.line1(), a.line2(), a.postalCode(), a.city(), a.country()))
                        .toList(),
                consents,
                p.preferredStore(),
                p.preferredChannel() == null ? null : p.preferredChannel().name(),
                p.language(),
                p.tier(),
                p.registeredChannel(),
                p.registeredAt(),
                p.merges().stream()
                        .map(m -> new Merge(m.mergedId(), m.by(), m.at(), new LinkedHashMap<>(m.moved())))
                        .toList(),
                p.createdAt(),
                p.updatedAt());
    }

    public static Minimal minimal(com.unifiedcommerce.customer.domain.Profile p) {
        List<String> cards = p.cards();
        return new Minimal(
                p.id(),
                Masking.name(p.firstName(), p.lastName()),
                p.emails().stream().map(Masking::email).toList(),
                p.phones().stream().map(Masking::phone).toList(),
                cards.isEmpty()
                        ? null
                        : "*".repeat(cards.get(0).length() - 4)
                                + cards.get(0).substring(cards.get(0).length() - 4),
                p.tier(),
                p.preferredStore());
    }

    public static TimelineEntry entry(Document e) {
        Document detail = e.get("detail", Document.class);
        return new TimelineEntry(
                e.getString("_id"),
                e.getString("type"),
                instant(e.getDate("at")),
                e.getString("channel"),
                e.getString("locationId"),
                e.getString("orderId"),
                e.getString("returnId"),
                detail == null ? Map.of() : new LinkedHashMap<>(detail));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
