package org.metrodispatch.contract.truth;

/** One direction's side of a station's platform: where crowding happens. */
public record Platform(String stationId, String direction) implements Comparable<Platform> {

    @Override
    public int compareTo(Platform other) {
        int byStation = stationId.compareTo(other.stationId);
        return byStation != 0 ? byStation : direction.compareTo(other.direction);
    }

    @Override
    public String toString() {
        return stationId + " " + direction;
    }
}
