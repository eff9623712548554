package org.metrodispatch.simulator.engine;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The trains of the timetable. A train that ends a trip waits at that terminus for the turnaround
 * time and then takes the next trip leaving from there; when none is ready, a train comes out of
 * the depot with a new number. Train numbers are therefore stable and deterministic.
 */
final class Fleet {

    private final Map<Integer, ArrayDeque<ParkedTrain>> ready = new HashMap<>();
    private final Map<Long, Integer> tripsRun = new HashMap<>();
    private int nextNumber = 1;

    /** A train for a trip starting at a station at a time: {trainNumber, tripNumber}. */
    long[] take(int station, long second) {
        ArrayDeque<ParkedTrain> waiting = ready.get(station);
        long number;
        if (waiting != null && !waiting.isEmpty() && waiting.peekFirst().readySecond <= second) {
            number = waiting.pollFirst().number;
        } else {
            number = nextNumber++;
        }
        int trips = tripsRun.merge(number, 1, Integer::sum);
        return new long[] {number, trips};
    }

    /** A train that ended a trip at a terminus, ready again after the turnaround. */
    void release(long trainNumber, int terminus, long readySecond) {
        ready.computeIfAbsent(terminus, s -> new ArrayDeque<>())
                .addLast(new ParkedTrain(trainNumber, readySecond));
    }

    static String trainId(long number) {
        return String.format("T%03d", number);
    }

    /** Trains brought into service so far. */
    int size() {
        return nextNumber - 1;
    }

    /** A train waiting at a terminus for its next trip. */
    private static final class ParkedTrain {
        final long number;
        final long readySecond;

        ParkedTrain(long number, long readySecond) {
            this.number = number;
            this.readySecond = readySecond;
        }
    }
}
