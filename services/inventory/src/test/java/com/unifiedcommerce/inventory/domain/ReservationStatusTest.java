package com.unifiedcommerce.inventory.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import com.unifiedcommerce.contracts.inventory.StockLine;
import org.junit.jupiter.api.Test;

class ReservationStatusTest {

    @Test
    void onlyWaitingAndCommittedHoldsKeepTheirUnits() {
        assertTrue(ReservationStatus.HELD.holdsStock());
        assertTrue(ReservationStatus.COMMITTED.holdsStock());
        for (ReservationStatus end :
                List.of(ReservationStatus.FULFILLED, ReservationStatus.RELEASED, ReservationStatus.EXPIRED)) {
            assertFalse(end.holdsStock(), end + " gave its units back or away");
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

    @Test
    void itemVersionsNameOnlyTheHoldsLines() {
        List<StockLine> lines = List.of(new StockLine("A", 1), new StockLine("B", 1));
        assertEquals(Optional.empty(), HoldRequestRules.versionWithoutLine(lines, List.of("B", "A")));
        assertEquals(Optional.of("C"), HoldRequestRules.versionWithoutLine(lines, List.of("A", "C")));
    }
}
