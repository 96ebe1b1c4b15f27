package com.unifiedcommerce.order.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The order ledger's rules, with nothing started. */
class OrderRulesTest {

    private static Pricing.PricedLine line(String id, int quantity, long unitPrice) {
        return new Pricing.PricedLine(id, "SKU-" + id, "Item " + id, quantity, unitPrice, true, null);
    }

    @Test
    void theLifecycleAllowsOnlyItsArrows() {
        assertTrue(OrderStatus.PLACED.canBecome(OrderStatus.READY_FOR_PICKUP));
        assertTrue(OrderStatus.PLACED.canBecome(OrderStatus.SHIPPED));
        assertTrue(OrderStatus.READY_FOR_PICKUP.canBecome(OrderStatus.CANCELLED));
        assertTrue(OrderStatus.SHIPPED.canBecome(OrderStatus.DELIVERED));
        assertTrue(OrderStatus.PICKED_UP.canBecome(OrderStatus.RETURNED));
        assertFalse(OrderStatus.PLACED.canBecome(OrderStatus.PICKED_UP));
        assertFalse(OrderStatus.SHIPPED.canBecome(OrderStatus.CANCELLED));
        assertFalse(OrderStatus.PICKED_UP.canBecome(OrderStatus.CANCELLED));
        assertFalse(OrderStatus.CANCELLED.canBecome(OrderStatus.PLACED));
        assertTrue(OrderStatus.RETURNED.next().isEmpty());
        assertTrue(OrderStatus.DELIVERED.fulfilled());
        assertFalse(OrderStatus.READY_FOR_PICKUP.fulfilled());
    }

    @Test
    void pointsAreSpreadOverTheLinesInWholePointsAndSumExactly() {
        List<Pricing.PricedLine> lines = List.of(line("l1", 3, 333), line("l2", 1, 1_000), line("l3", 2, 1));
        List<Pricing.Allocated> allocated = Pricing.allocate(lines, 777, 1);
        assertEquals(
                777, allocated.stream().mapToLong(Pricing.Allocated::points).sum());
        long total = lines.stream().mapToLong(Pricing.PricedLine::total).sum();
        assertEquals(
                total - 777,
                allocated.stream().mapToLong(Pricing.Allocated::paid).sum());
        allocated.forEach(a -> assertTrue(a.paid() >= 0, a.toString()));
    }

    @Test
    void noLineIsPaidBelowZeroEvenWhenPointsAreWorthMoreThanACent() {
        // 100 minor units a point: each 1.50 line absorbs one point; three points cannot be spent.
        List<Pricing.PricedLine> lines = List.of(line("l1", 1, 150), line("l2", 1, 150));
        Pricing.Refused refused = assertThrows(Pricing.Refused.class, () -> Pricing.allocate(lines, 3, 100));
        assertEquals("pointsToRedeem", refused.field());
        List<Pricing.Allocated> two = Pricing.allocate(lines, 2, 100);
        assertEquals(
                List.of(50L, 50L), two.stream().map(Pricing.Allocated::paid).toList());
        // Everything paid in points: every line at zero, none below.
        List<Pricing.Allocated> all = Pricing.allocate(List.of(line("l1", 2, 999), line("l2", 1, 2)), 2_000, 1);
        assertEquals(List.of(0L, 0L), all.stream().map(Pricing.Allocated::paid).toList());
    }

    @Test
    void tendersMustCoverWhatIsLeftExactly() {
        Pricing.coverExactly(1_000, List.of(600L, 400L));
        Pricing.coverExactly(0, List.of());
        assertEquals(
                "tenders",
                assertThrows(Pricing.Refused.class, () -> Pricing.coverExactly(1_000, List.of(999L)))
                        .field());
        assertThrows(Pricing.Refused.class, () -> Pricing.coverExactly(1_000, List.of(1_000L, 1L)));
        assertThrows(Pricing.Refused.class, () -> Pricing.allocate(List.of(line("l1", 1, 100)), -1, 1));
    }

    @Test
    void thePickupCodeIsDerivedNotStoredAndCheckedCaseInsensitively() {
        byte[] secret = "test-secret".getBytes(StandardCharsets.UTF_8);
        Instant issued = Instant.parse("2026-11-23T10:00:00Z");
        String code = PickupCode.derive(secret, "ord-1", issued);
        assertEquals(8, code.length());
        assertTrue(code.matches("[2-9A-HJ-NP-Z]{8}"), code);
        assertEquals(code, PickupCode.derive(secret, "ord-1", issued));
        assertNotEquals(code, PickupCode.derive(secret, "ord-2", issued));
        assertNotEquals(code, PickupCode.derive(secret, "ord-1", issued.plusMillis(1)));
        assertNotEquals(code, PickupCode.derive("other".getBytes(StandardCharsets.UTF_8), "ord-1", issued));
        String stored = PickupCode.hash("ord-1", code);
        assertFalse(stored.contains(code));
        assertTrue(PickupCode.matches(stored, "ord-1", code.toLowerCase()));
        assertTrue(PickupCode.matches(stored, "ord-1", code.substring(0, 4) + "-" + code.substring(4)));
        assertFalse(PickupCode.matches(stored, "ord-2", code));
        assertFalse(PickupCode.matches(stored, "ord-1", "22222222"));
        assertFalse(PickupCode.matches(null, "ord-1", code));
    }
}
