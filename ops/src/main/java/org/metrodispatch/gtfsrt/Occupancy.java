package org.metrodispatch.gtfsrt;

import com.google.transit.realtime.GtfsRealtime.VehiclePosition.OccupancyStatus;

/**
 * A train's reported load as GTFS-Realtime occupancy. The reference is the train's rated load
 * (standing at 6 persons per m², DOMAIN), or its crush load when the report gives no rated one.
 */
public final class Occupancy {

    /**
     * Up to this share of the rated load, many seats are free (est.: a type B car seats about 40 of
     * its 240 rated).
     */
    static final double MANY_SEATS_SHARE = 0.15;

    /** Up to this share, a few seats are free; beyond it people stand. */
    static final double FEW_SEATS_SHARE = 0.30;

    private Occupancy() {}

    public static OccupancyStatus status(int load, int capacity, int ratedCapacity) {
        int reference = reference(capacity, ratedCapacity);
        if (load <= 0) {
            return OccupancyStatus.EMPTY;
        }
        if (capacity > 0 && load >= capacity) {
            return OccupancyStatus.FULL;
        }
        if (load > reference) {
            return OccupancyStatus.CRUSHED_STANDING_ROOM_ONLY;
        }
        if (load > FEW_SEATS_SHARE * reference) {
            return OccupancyStatus.STANDING_ROOM_ONLY;
        }
        return load > MANY_SEATS_SHARE * reference
                ? OccupancyStatus.FEW_SEATS_AVAILABLE
                : OccupancyStatus.MANY_SEATS_AVAILABLE;
    }

    /** The load as a percentage of the rated load (above 100 in a crush). */
    public static int percentage(int load, int capacity, int ratedCapacity) {
        int reference = reference(capacity, ratedCapacity);
        return reference <= 0 ? 0 : (int) Math.round(100.0 * Math.max(0, load) / reference);
    }

    private static int reference(int capacity, int ratedCapacity) {
        return ratedCapacity > 0 ? ratedCapacity : capacity;
    }
}
