package org.metrodispatch.contract.event;

import java.util.Arrays;

/**
 * A train's arrival at or departure from a station, with the load its load-weigh sensors measure.
 * On ARRIVAL the load is what the train brings in (before anyone alights); on DEPARTURE it is what
 * the train takes away.
 */
public class TrainEvent implements FeedEvent {

    public String eventId;

    public String trainId;

    public String lineId;

    /** The service (route) the train runs on this trip, for example {@code science-city}. */
    public String serviceId;

    /** The network's name of the direction of travel, for example {@code southbound}. */
    public String direction;

    public String stationId;

    public TrainEventType type;

    public long eventTime;

    /** Passengers on board. */
    public int load;

    /** The most passengers the train can take: nobody boards beyond it (crush load). */
    public int capacity;

    /** The train's rated load, the reference for load factors; 0 when not reported. */
    public int ratedCapacity;

    public TrainEvent() {}

    public TrainEvent(
            String eventId,
            String trainId,
            String lineId,
            String serviceId,
            String direction,
            String stationId,
            TrainEventType type,
            long eventTime,
            int load,
            int capacity,
            int ratedCapacity) {
        this.eventId = eventId;
        this.trainId = trainId;
        this.lineId = lineId;
        this.serviceId = serviceId;
        this.direction = direction;
        this.stationId = stationId;
        this.type = type;
        this.eventTime = eventTime;
        this.load = load;
        this.capacity = capacity;
        this.ratedCapacity = ratedCapacity;
    }

    @Override
    public String eventId() {
        return eventId;
    }

    @Override
    public String stationId() {
        return stationId;
    }

    @Override
    public long eventTime() {
        return eventTime;
    }

    /** The values that make two events equal, in the order of the hash code. */
    private Object[] values() {
        return new Object[] {
            eventId,
            trainId,
            lineId,
            serviceId,
            direction,
            stationId,
            type,
            eventTime,
            load,
            capacity,
            ratedCapacity
        };
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof TrainEvent that && Arrays.equals(values(), that.values());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values());
    }

    @Override
    public String toString() {
        return "TrainEvent{"
                + trainId
                + ' '
                + type
                + ' '
                + stationId
                + ' '
                + direction
                + ", t="
                + eventTime
                + ", load="
                + load
                + '/'
                + capacity
                + '}';
    }
}
