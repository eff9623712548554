package org.metrodispatch.job;

import org.metrodispatch.dispatch.StationFlow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The events of one station in one second of event time, held until the watermark passes that
 * second. Whether an event is new, a resend or a reused id is decided by the station before it is
 * counted here. A Flink POJO.
 */
public class PendingSecond {

    public int entries;

    public int exits;

    public int heartbeats;

    public StationEvent[] trainEvents = new StationEvent[0];

    /**
     * Hashes of the event ids first seen in this second (see {@link StationEvent#eventKey}); the
     * station remembers them for a while after the second is processed, to recognise resends.
     */
    public long[] eventKeys = new long[2];

    public int eventCount;

    /** Latest wall-clock ingestion among the events, for latency measurements. */
    public long maxIngestMillis;

    public PendingSecond() {}

    /**
     * Counts a tap or heartbeat ({@link StationSecond#ENTRY}, {@link StationSecond#EXIT} or {@link
     * StationSecond#HEARTBEAT}) that the station has not seen before.
     */
    public void count(byte type, long eventKey) {
        if (type == StationSecond.ENTRY) {
            entries++;
        } else if (type == StationSecond.EXIT) {
            exits++;
        } else {
            heartbeats++;
        }
        remember(eventKey);
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
                            train.capacity,
                            train.serviceNumber - 1));
        }
        return new StationFlow.SecondEvents(entries, exits, heartbeats, trains);
    }

    /** Tells the station's id memory that these ids were first seen in {@code second}. */
    public void firstSeenIn(long second, EventIdMemory memory) {
        for (int i = 0; i < eventCount; i++) {
            memory.firstSeenIn(second, eventKeys[i]);
        }
    }

    private void remember(long eventKey) {
        if (eventCount == eventKeys.length) {
            eventKeys = Arrays.copyOf(eventKeys, Math.max(2, eventCount * 2));
        }
        eventKeys[eventCount++] = eventKey;
    }

    /** Keeps a train event until its second is processed. */
    public void addTrainEvent(StationEvent event) {
        remember(event.eventKey);
        trainEvents = Arrays.copyOf(trainEvents, trainEvents.length + 1);
        trainEvents[trainEvents.length - 1] = event;
    }

    /** A copy of an event, for keeping it beyond the call that received it. */
    static StationEvent copy(StationEvent event) {
        StationEvent copy = new StationEvent();
        copy.type = event.type;
        copy.eventKey = event.eventKey;
        copy.contentKey = event.contentKey;
        copy.source = event.source;
        copy.sourceOrder = event.sourceOrder;
        copy.station = event.station;
        copy.eventTime = event.eventTime;
        copy.trainId = event.trainId;
        copy.direction = event.direction;
        copy.load = event.load;
        copy.serviceNumber = event.serviceNumber;
        copy.capacity = event.capacity;
        copy.ingestMillis = event.ingestMillis;
        return copy;
    }
}
