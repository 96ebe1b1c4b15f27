package com.unifiedcommerce.customer.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class QuietHoursTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private final QuietHours night = QuietHours.parse("21:00-08:00", PARIS);

    @Test
    void aTextAtNightWaitsUntilMorningInTheStoresZone() {
        // 23:30 in Paris (winter, UTC+1) -> 08:00 the next morning.
        assertEquals(
                Optional.of(Instant.parse("2026-12-02T07:00:00Z")),
                night.deferral(ContactChannel.SMS, Instant.parse("2026-12-01T22:30:00Z")));
        // 06:10 in Paris -> 08:00 the same morning.
        assertEquals(
                Optional.of(Instant.parse("2026-12-02T07:00:00Z")),
                night.deferral(ContactChannel.PUSH, Instant.parse("2026-12-02T05:10:00Z")));
    }

    @Test
    void daytimeTextsAndEveryEmailGoAtOnce() {
        assertTrue(night.deferral(ContactChannel.SMS, Instant.parse("2026-12-01T12:00:00Z"))
                .isEmpty());
        assertTrue(
                night.deferral(ContactChannel.SMS, Instant.parse("2026-12-01T07:00:00Z"))
                        .isEmpty(),
                "08:00 sharp");
        assertTrue(night.deferral(ContactChannel.EMAIL, Instant.parse("2026-12-01T22:30:00Z"))
                .isEmpty());
    }

    @Test
    void aWindowWithinOneDayAndNoWindowWork() {
        QuietHours lunch = QuietHours.parse("12:00-14:00", PARIS);
        assertEquals(
                Optional.of(Instant.parse("2026-12-01T13:00:00Z")),
                lunch.deferral(ContactChannel.SMS, Instant.parse("2026-12-01T11:30:00Z")));
        assertTrue(QuietHours.parse("00:00-00:00", PARIS)
                .deferral(ContactChannel.SMS, Instant.parse("2026-12-01T22:30:00Z"))
                .isEmpty());
        assertThrows(IllegalArgumentException.class, () -> QuietHours.parse("21:00", PARIS));
    }
}
