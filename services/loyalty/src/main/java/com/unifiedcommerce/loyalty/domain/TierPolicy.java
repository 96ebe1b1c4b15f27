package com.unifiedcommerce.loyalty.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The tiers in order of threshold; the lowest must start at zero. Which tier a spend reaches,
 * and how far it is from the next one.
 */
public final class TierPolicy {

    private final List<Tier> tiers;

    public TierPolicy(List<Tier> tiers) {
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("at least one tier");
        }
        List<Tier> sorted = tiers.stream()
                .sorted(Comparator.comparingLong(Tier::thresholdMinor))
                .toList();
        if (sorted.getFirst().thresholdMinor() != 0) {
            throw new IllegalArgumentException("the lowest tier must start at 0");
        }
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).thresholdMinor() == sorted.get(i - 1).thresholdMinor()) {
                throw new IllegalArgumentException(
                        "two tiers start at " + sorted.get(i).thresholdMinor());
            }
        }
        this.tiers = sorted;
    }

    /** The highest tier whose threshold the qualifying spend reaches (a negative spend counts as 0). */
    public Tier tierFor(long qualifyingSpendMinor) {
        Tier reached = tiers.getFirst();
        for (Tier tier : tiers) {
            if (qualifyingSpendMinor >= tier.thresholdMinor()) {
                reached = tier;
            }
        }
        return reached;
    }

    /** The next tier above the one reached, if any. */
    public Optional<Tier> next(long qualifyingSpendMinor) {
        return tiers.stream()
                .filter(tier -> tier.thresholdMinor() > qualifyingSpendMinor)
                .findFirst();
    }

    /** What is still to spend for the next tier; 0 at the top. */
    public long toNext(long qualifyingSpendMinor) {
        return next(qualifyingSpendMinor)
                .map(tier -> tier.thresholdMinor() - Math.max(0, qualifyingSpendMinor))
                .orElse(0L);
    }
}
