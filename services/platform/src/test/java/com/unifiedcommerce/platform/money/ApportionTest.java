package com.unifiedcommerce.platform.money;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ApportionTest {

    @Test
    void partialReturnsInAnyOrderSumToTheWhole() {
        Random random = new Random(42);
        for (int round = 0; round < 10_000; round++) {
            long total = random.nextInt(1_000_000);
            int units = 1 + random.nextInt(50);
            List<Integer> returns = new ArrayList<>();
            for (int left = units; left > 0; ) {
                int now = 1 + random.nextInt(left);
                returns.add(now);
                left -= now;
            }
            Collections.shuffle(returns, random);
            long given = 0;
            int before = 0;
            for (int now : returns) {
                long part = Apportion.part(total, before, now, units);
                assertTrue(part >= 0);
                given += part;
                before += now;
            }
            assertEquals(total, given, "total " + total + " over " + units + " units in parts " + returns);
        }
    }

    @Test
    void aPartIsTheUnitsShareRoundedDown() {
        assertEquals(33, Apportion.part(100, 0, 1, 3));
        assertEquals(33, Apportion.part(100, 1, 1, 3));
        assertEquals(34, Apportion.part(100, 2, 1, 3), "the last unit takes what rounding kept back");
    }

    @Test
    void sharesByWeightSumExactlyAndFavourTheLargestRemainders() {
        assertArrayEquals(new long[] {34, 33, 33}, Apportion.byWeights(100, new long[] {1, 1, 1}));
        assertArrayEquals(new long[] {0, 100}, Apportion.byWeights(100, new long[] {0, 5}));
        assertArrayEquals(new long[] {7, 0}, Apportion.byWeights(7, new long[] {0, 0}));
        Random random = new Random(7);
        for (int round = 0; round < 10_000; round++) {
            long[] weights = new long[1 + random.nextInt(10)];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = random.nextInt(100_000);
            }
            long total = random.nextInt(1_000_000);
            long sum = 0;
            for (long share : Apportion.byWeights(total, weights)) {
                assertTrue(share >= 0);
                sum += share;
            }
            assertEquals(total, sum);
        }
    }

    @Test
    void nonsenseIsRefusedAndOverflowFails() {
        assertThrows(IllegalArgumentException.class, () -> Apportion.part(100, 2, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Apportion.cumulative(-1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Apportion.byWeights(10, new long[] {-1}));
        assertThrows(ArithmeticException.class, () -> Apportion.cumulative(Long.MAX_VALUE, 2, 2));
    }
}
