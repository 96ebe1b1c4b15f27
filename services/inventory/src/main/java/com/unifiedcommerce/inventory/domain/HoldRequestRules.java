package com.unifiedcommerce.inventory.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.unifiedcommerce.contracts.inventory.StockLine;

/** What a hold request must be, beyond each field's own shape. */
public final class HoldRequestRules {

    public static final int MAX_LINES = 100;
    public static final int MAX_QUANTITY = 1_000;
    public static final int MIN_TTL_SECONDS = 30;
    public static final int MAX_TTL_SECONDS = 86_400;
    public static final int DEFAULT_TTL_SECONDS = 900;

    private HoldRequestRules() {}

    /** The index of the first line that repeats an earlier line's SKU, or -1. */
    public static int firstDuplicate(List<StockLine> lines) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!seen.add(lines.get(i).sku())) {
                return i;
            }
        }
        return -1;
    }

    /** The first SKU that is given a version but is not one of the lines, if any. */
    public static Optional<String> versionWithoutLine(List<StockLine> lines, Collection<String> versioned) {
        Set<String> held = new HashSet<>();
        lines.forEach(line -> held.add(line.sku()));
        return versioned.stream().filter(sku -> !held.contains(sku)).findFirst();
    }

    /** The lines in SKU order: the order stock rows are locked in, so holds never deadlock. */
    public static List<StockLine> sorted(List<StockLine> lines) {
        List<StockLine> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparing(StockLine::sku));
        return List.copyOf(sorted);
    }
}
