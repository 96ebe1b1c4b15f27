package com.unifiedcommerce.inventory.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class AdjustmentReasonTest {

    @Test
    void eachReasonAcceptsOnlyItsDirection() {
        assertNull(AdjustmentReason.RECEIVED.refusal(5));
        assertNotNull(AdjustmentReason.RECEIVED.refusal(-5));
        assertNull(AdjustmentReason.DAMAGED.refusal(-1));
        assertNotNull(AdjustmentReason.DAMAGED.refusal(1));
        assertNull(AdjustmentReason.SHRINK.refusal(-1));
        assertNotNull(AdjustmentReason.SHRINK.refusal(1));
        assertNull(AdjustmentReason.COUNT.refusal(-7));
        assertNull(AdjustmentReason.COUNT.refusal(7));
    }

    @Test
    void zeroAndHugeDeltasAreRefused() {
        for (AdjustmentReason reason : AdjustmentReason.values()) {
            assertNotNull(reason.refusal(0), reason.name());
            assertNotNull(reason.refusal(Integer.MIN_VALUE), reason.name());
            assertNotNull(reason.refusal(AdjustmentReason.MAX_UNITS + 1), reason.name());
        }
    }

    @Test
    void damagedUnitsMoveToTheDamagedQuantity() {
        assertEquals(3, AdjustmentReason.DAMAGED.damagedDelta(-3));
        assertEquals(0, AdjustmentReason.SHRINK.damagedDelta(-3));
    }

    @Test
    void availableIsNeverBelowZero() {
        assertEquals(3, StockLevel.available(10, 5, 2));
        assertEquals(0, StockLevel.available(4, 5, 0));
    }
}
