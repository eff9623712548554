package org.metrodispatch.job;

import org.metrodispatch.dispatch.StationFlow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The events of one station in one second of event time, held until the watermark passes that
 * second. A resend carries the same event id and event time, so it lands in the same second and is
 * recognised here. A Flink POJO.
 */
public class PendingSecond {

    public int entries;

    public int exits;

    public int heartbeats;

    public StationEvent[] trainEvents = new StationEvent[0];

    /** Hashes of the event ids seen in this second (see {@link StationEvent#eventKey}). */
    public long[] eventKeys = new long[8];

    public int eventCount;

    /** Latest wall-clock ingestion among the events, for latency measurements. */
    public long maxIngestMillis;

    public PendingSecond() {}

    /**
     * Adds a part of this second as the combiner shipped it, each event once.
     *
     * @return the number of resends dropped
     */
    public int add(StationSecond part) {
        int resends = 0;
        for (long key : part.entryKeys) {
            if (firstSighting(key)) {
                entries++;
            } else {
                resends++;
            }
        }
        for (long key : part.exitKeys) {
            if (firstSighting(key)) {
                exits++;
            } else {
                resends++;
            }
        }
        for (long key : part.heartbeatKeys) {
            if (firstSighting(key)) {
                heartbeats++;
            } else {
                resends++;
            }
        }
        for (StationEvent train : part.trainEvents) {
            if (firstSighting(train.eventKey)) {
                addTrainEvent(train);
            } else {
                resends++;
            }
        }
        maxIngestMillis = Math.max(maxIngestMillis, part.maxIngestMillis);
        return resends;
    }

    /** The second's events as the station flow takes them. */
    public StationFlow.SecondEvents events() {
        List<StationFlow.TrainReport> trains = new ArrayList<>(trainEvents.length);
        for (StationEvent train : trainEvents) {
            trains.add(
                    new StationFlow.TrainReport(
                            train.type == StationEventType.TRAIN_DEPARTURE,
                            train.trainId,
                            train.direction,
                            train.eventTime,
                            train.load,
                            train.capacity));
        }
        return new StationFlow.SecondEvents(entries, exits, heartbeats, trains);
    }

    /** Records an event; false when this second already had it (a resend). */
    public boolean firstSighting(long eventKey) {
        for (int i = 0; i < eventCount; i++) {
            if (eventKeys[i] == eventKey) {
                return false;
            }
        }
        if (eventCount == eventKeys.length) {
            eventKeys = Arrays.copyOf(eventKeys, eventCount * 2);
        }
        eventKeys[eventCount++] = eventKey;
        return true;
    }

    /** Keeps a train event until its second is processed. */
    public void addTrainEvent(StationEvent event) {
        trainEvents = Arrays.copyOf(trainEvents, trainEvents.length + 1);
        trainEvents[trainEvents.length - 1] = event;
    }

    /** A copy of an event, for keeping it beyond the call that received it. */
    static StationEvent copy(StationEvent event) {
        StationEvent copy = new StationEvent();
        copy.type = event.type;
        copy.eventKey = event.eventKey;
        copy.station = event.station;
        copy.eventTime = event.eventTime;
        copy.trainId = event.trainId;
        copy.direction = event.direction;
        copy.load = event.load;
        copy.capacity = event.capacity;
        copy.ingestMillis = event.ingestMillis;
        return copy;
    }
}
