package com.unifiedcommerce.platform.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RelayPacingTest {

    private static final long POLL = 1_000_000_000L;
    private static final long FIRST = RelayPacing.FIRST_RETRY_NANOS;

    private final RelayPacing pacing = new RelayPacing(POLL);

    @Test
    void withNothingWrittenTheRelayWaitsForAWriterOrItsPoll() {
        assertEquals(POLL, pacing.afterRound(0, false, 0));
    }

    @Test
    void aRoundThatMayHaveLeftRowsIsFollowedAtOnce() {
        assertEquals(0, pacing.afterRound(500, true, 0));
    }

    @Test
    void eventsWrittenButNotYetCommittedAreLookedForAgainSoonerThanThePoll() {
        assertEquals(FIRST, pacing.afterRound(0, false, 2));
        assertEquals(2 * FIRST, pacing.afterRound(0, false, 2));
        assertEquals(4 * FIRST, pacing.afterRound(0, false, 2));
    }

    @Test
    void aRoundThatFoundSomeStartsTheShortWaitsAgain() {
        pacing.afterRound(0, false, 3);
        pacing.afterRound(0, false, 3);
        assertEquals(FIRST, pacing.afterRound(1, false, 3));
    }

    @Test
    void onceEverythingWrittenIsPublishedTheRelayWaitsForTheNextWriter() {
        assertEquals(FIRST, pacing.afterRound(0, false, 2));
        assertEquals(POLL, pacing.afterRound(2, false, 2));
    }

    @Test
    void eventsThatNeverCommitAreGivenUpAtThePollInterval() {
        int rounds = 0;
        long wait;
        do {
            wait = pacing.afterRound(0, false, 1);
            rounds++;
        } while (wait < POLL);
        assertEquals(10, rounds, "2 ms doubled up to the second, then the poll");
        // Given up: the next round that finds nothing waits for the poll, not for them.
        assertEquals(POLL, pacing.afterRound(0, false, 1));
        assertEquals(FIRST, pacing.afterRound(0, false, 2), "a new writer is looked for again");
    }

    @Test
    void eventsAnotherProcessWroteDoNotCountForThisOnesWriters() {
        assertEquals(POLL, pacing.afterRound(5, false, 1));
        assertEquals(FIRST, pacing.afterRound(0, false, 2));
    }
}
