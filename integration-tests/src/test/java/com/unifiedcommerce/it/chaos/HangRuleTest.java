package com.unifiedcommerce.it.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The checker's rule for a late answer, as a plain unit: time the machine stood still is not the system's. */
class HangRuleTest {

    private static final Instant END = Instant.parse("2026-11-30T08:35:49Z");

    private static Answers.Answer took(long millis) {
        return new Answers.Answer(
                "WEB_PICKUP", "checkout", "POST", "/api/orders", "k", 504, millis, END, false, Map.of());
    }

    private static Stalls.Stall stall(long fromBeforeEnd, long toBeforeEnd) {
        return new Stalls.Stall(END.minusMillis(fromBeforeEnd), END.minusMillis(toBeforeEnd));
    }

    @Test
    void anAnswerPastTheTimeoutIsAFindingWhenTheMachineRan() {
        String finding = Checker.hung(took(13_154), Stalls.of(List.of())).orElseThrow();
        assertTrue(finding.startsWith("an answer took 13154 ms (the machine stood still 0 ms of it)"), finding);
        assertTrue(Checker.hung(took(12_000), Stalls.of(List.of())).isEmpty());
    }

    @Test
    void timeTheMachineStoodStillDuringTheAnswerIsNotCounted() {
        // 3.2 s of stall inside the answer: 13.1 s less 3.2 s is within the time-out.
        assertTrue(Checker.hung(took(13_154), Stalls.of(List.of(stall(9_000, 5_800))))
                .isEmpty());
        // A stall before the request was sent does not excuse it.
        assertTrue(Checker.hung(took(13_154), Stalls.of(List.of(stall(20_000, 14_000))))
                .isPresent());
        // Only the part of a stall that overlaps the answer counts: 1 s of these 2 s.
        Stalls partly = Stalls.of(List.of(stall(14_154, 12_154)));
        assertEquals(1_000, partly.within(END.minusMillis(13_154), END));
        assertTrue(Checker.hung(took(13_154), partly).isPresent());
    }
}
