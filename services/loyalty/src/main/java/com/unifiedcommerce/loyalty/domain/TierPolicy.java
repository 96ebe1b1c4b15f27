package com.unifiedcommerce.loyalty.domain;

import java.util.ArrayList;
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
        if (sorted.stream().map(Tier::name).distinct().count() != sorted.size()) {
            throw new IllegalArgumentException("two tiers share a name");
        }
        this.tiers = sorted;
    }

    /**
     * Reads tiers written as {@code NAME:threshold:multiplierPercent} separated by commas, e.g.
     * {@code BASE:0:100,SILVER:50000:125,GOLD:150000:150}.
     */
    public static TierPolicy parse(String text) {
        List<Tier> tiers = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] fields = part.strip().split(":");
            if (fields.length != 3) {
                throw new IllegalArgumentException("a tier is NAME:threshold:multiplierPercent, not '" + part + "'");
            }
            try {
                tiers.add(new Tier(
                        fields[0].strip(), Long.parseLong(fields[1].strip()), Integer.parseInt(fields[2].strip())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "tier '" + part + "' has a threshold or multiplier that is not a number", e);
            }
        }
        return new TierPolicy(tiers);
    }

    public Tier lowest() {
        return tiers.getFirst();
    }

    public Optional<Tier> named(String name) {
        return tiers.stream().filter(tier -> tier.name().equals(name)).findFirst();
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
