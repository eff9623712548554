package org.metrodispatch.contract.network;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;

/** A place where spare trains wait and from where an empty train can be sent: depot or siding. */
public final class SparePool implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What kind of place holds the spare trains. */
    public enum Kind {
        DEPOT,
        TURNBACK_SIDING
    }

    private final String id;
    private final String name;
    private final Kind kind;
    private final int stationIndex;
    private final int spareTrains;
    private final int preparationSeconds;
    private final Set<Direction> directions;

    SparePool(
            String id,
            String name,
            Kind kind,
            int stationIndex,
            int spareTrains,
            int preparationSeconds,
            Set<Direction> directions) {
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.stationIndex = stationIndex;
        this.spareTrains = spareTrains;
        this.preparationSeconds = preparationSeconds;
        this.directions = EnumSet.copyOf(directions);
    }

    /** The same pool under another id and name (a copy of its line). */
    SparePool renamed(String newId, String newName) {
        return new SparePool(
                newId, newName, kind, stationIndex, spareTrains, preparationSeconds, directions);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The station where trains from this pool join the line. */
    public int stationIndex() {
        return stationIndex;
    }

    public int spareTrains() {
        return spareTrains;
    }

    /** Time from the order until the train can leave, seconds (crew, checks, route setting). */
    public int preparationSeconds() {
        return preparationSeconds;
    }

    /** The directions in which a train from this pool can enter the line. */
    public boolean serves(Direction direction) {
        return directions.contains(direction);
    }

    @Override
    public String toString() {
        return id;
    }
}
