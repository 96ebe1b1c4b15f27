package com.unifiedcommerce.customer.domain;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * The hours at night when no text message or push notification is sent (they ring a phone); an
 * email is sent at once, since it wakes nobody. A message due in quiet hours waits until they
 * end. The window may span midnight (21:00-08:00); start equal to end means no quiet hours.
 */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

    /** Parses {@code HH:mm-HH:mm}, e.g. {@code 21:00-08:00}. */
    public static QuietHours parse(String window, ZoneId zone) {
        String[] parts = window.trim().split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("quiet hours must read HH:mm-HH:mm, not " + window);
        }
        return new QuietHours(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()), zone);
    }

    /** When a message through {@code channel} due at {@code now} may go, if not now. */
    public Optional<Instant> deferral(ContactChannel channel, Instant now) {
        if (channel == ContactChannel.EMAIL || start.equals(end)) {
            return Optional.empty();
        }
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean spansMidnight = start.isAfter(end);
        boolean quiet = spansMidnight
                ? !time.isBefore(start) || time.isBefore(end)
                : !time.isBefore(start) && time.isBefore(end);
        if (!quiet) {
            return Optional.empty();
        }
        ZonedDateTime until = local.with(end).withSecond(0).withNano(0);
        if (!until.isAfter(local)) {
            until = until.plusDays(1);
        }
        return Optional.of(until.toInstant());
    }
}
