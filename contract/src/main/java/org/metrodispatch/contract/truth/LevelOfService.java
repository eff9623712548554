package org.metrodispatch.contract.truth;

import java.util.Locale;

/**
 * Queuing level of service of a waiting area (HCM/TCQSM after Fruin), by square metres per waiting
 * person: A is free-flowing, F is packed with no room to move.
 */
public enum LevelOfService {
    A(1.21),
    B(0.90),
    C(0.70),
    D(0.30),
    E(0.20),
    F(0.0);

    private final double minimumM2PerPerson;

    LevelOfService(double minimumM2PerPerson) {
        this.minimumM2PerPerson = minimumM2PerPerson;
    }

    /** The least area per person at which this level still holds. */
    public double minimumM2PerPerson() {
        return minimumM2PerPerson;
    }

    /** The level for an area per waiting person. */
    public static LevelOfService of(double m2PerPerson) {
        for (LevelOfService level : values()) {
            if (m2PerPerson >= level.minimumM2PerPerson) {
                return level;
            }
        }
        return F;
    }

    /** True when this level is as bad as {@code other} or worse. */
    public boolean atLeastAsBadAs(LevelOfService other) {
        return ordinal() >= other.ordinal();
    }

    /**
     * Square metres per waiting person on an area; with fewer than one person waiting, the whole
     * area counts as one person's, so the value stays finite.
     */
    public static double densityM2PerPerson(double areaM2, double waiting) {
        return areaM2 / Math.max(1.0, waiting);
    }

    /** Parses a level letter, ignoring case. */
    public static LevelOfService parse(String letter) {
        return valueOf(letter.trim().toUpperCase(Locale.ROOT));
    }
}
