package com.unifiedcommerce.inventory.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.unifiedcommerce.contracts.inventory.StockLine;
import org.junit.jupiter.api.Test;

class ReservationStatusTest {

    @Test
    void aHoldMovesOnlyForward() {
        assertTrue(ReservationStatus.HELD.mayBecome(ReservationStatus.COMMITTED));
        assertTrue(ReservationStatus.HELD.mayBecome(ReservationStatus.EXPIRED));
        assertTrue(ReservationStatus.COMMITTED.mayBecome(ReservationStatus.FULFILLED));
        assertFalse(ReservationStatus.COMMITTED.mayBecome(ReservationStatus.EXPIRED), "committed holds do not expire");
        for (ReservationStatus end :
                List.of(ReservationStatus.FULFILLED, ReservationStatus.RELEASED, ReservationStatus.EXPIRED)) {
            for (ReservationStatus next : ReservationStatus.values()) {
                assertFalse(end.mayBecome(next), end + " is final");
            }
            assertFalse(end.holdsStock());
        }
    }

    @Test
    void linesAreCheckedForRepeatsAndLockedInSkuOrder() {
        List<StockLine> lines = List.of(new StockLine("B", 1), new StockLine("A", 2), new StockLine("B", 3));
        assertEquals(2, HoldRequestRules.firstDuplicate(lines));
        assertEquals(-1, HoldRequestRules.firstDuplicate(lines.subList(0, 2)));
        assertEquals(
                List.of(new StockLine("A", 2), new StockLine("B", 1)), HoldRequestRules.sorted(lines.subList(0, 2)));
    }
}
