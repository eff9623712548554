package org.metrodispatch.simulator.engine;

import java.util.Arrays;

/**
 * The passengers waiting on one direction's side of a platform, first come first served.
 *
 * <p>Where services split (a trunk and a branch), a passenger can only take the trains of the
 * services that reach their destination. Passengers are therefore kept in one queue per set of
 * usable services; boarding a train merges the queues it can serve by arrival time, so the order is
 * first come first served among those who can take that train.
 *
 * <p>A waiting passenger is a long: arrival second (relative to the simulation start) in the high
 * bits, destination station in the low 20 bits. Beside it each queue keeps the passenger's number
 * of the day (for the card id), which plays no part in the order.
 */
final class Platform {

    static final int DESTINATION_BITS = 20;
    private static final long DESTINATION_MASK = (1L << DESTINATION_BITS) - 1;

    private int[] serviceMasks = new int[0];
    private LongQueue[] queues = new LongQueue[0];
    private LongQueue[] numbers = new LongQueue[0];
    private int waiting;

    static long passenger(long arrivalSecond, int destination) {
        return (arrivalSecond << DESTINATION_BITS) | destination;
    }

    static int destination(long passenger) {
        return (int) (passenger & DESTINATION_MASK);
    }

    void add(int serviceMask, long passenger) {
        add(serviceMask, passenger, 0);
    }

    /** Adds a passenger with their number of the day. */
    void add(int serviceMask, long passenger, long number) {
        int queue = queueFor(serviceMask);
        queues[queue].add(passenger);
        numbers[queue].add(number);
        waiting++;
    }

    /** Everyone waiting on this side, whatever train they wait for. */
    int waiting() {
        return waiting;
    }

    /** Passengers who could take a train of the service with bit {@code serviceBit}. */
    int waitingFor(int serviceBit) {
        int count = 0;
        for (int i = 0; i < queues.length; i++) {
            if ((serviceMasks[i] & serviceBit) != 0) {
                count += queues[i].size();
            }
        }
        return count;
    }

    /**
     * Boards up to {@code room} passengers onto a train of the service with bit {@code serviceBit},
     * first come first served, counting each in {@code destinations}; returns how many boarded.
     */
    int board(int serviceBit, int room, int[] destinations) {
        return board(serviceBit, room, destinations, null);
    }

    /**
     * Boards like {@link #board(int, int, int[])}, adding each passenger's number to {@code riders}
     * by destination instead of counting them.
     */
    int board(int serviceBit, int room, LongList[] riders) {
        return board(serviceBit, room, null, riders);
    }

    private int board(int serviceBit, int room, int[] destinations, LongList[] riders) {
        int boarded = 0;
        while (boarded < room) {
            int best = -1;
            long bestHead = Long.MAX_VALUE;
            for (int i = 0; i < queues.length; i++) {
                if ((serviceMasks[i] & serviceBit) != 0 && !queues[i].isEmpty()) {
                    long head = queues[i].peek();
                    if (head < bestHead) {
                        bestHead = head;
                        best = i;
                    }
                }
            }
            if (best < 0) {
                break;
            }
            // Drain the chosen queue while it stays ahead of the others: usually one queue only.
            long limit = nextHeadAfter(best, serviceBit);
            LongQueue queue = queues[best];
            LongQueue queueNumbers = numbers[best];
            while (boarded < room && !queue.isEmpty() && queue.peek() <= limit) {
                int destination = destination(queue.poll());
                long number = queueNumbers.poll();
                if (riders != null) {
                    riders[destination].add(number);
                } else {
                    destinations[destination]++;
                }
                boarded++;
            }
        }
        waiting -= boarded;
        return boarded;
    }

    private long nextHeadAfter(int chosen, int serviceBit) {
        long limit = Long.MAX_VALUE;
        for (int i = 0; i < queues.length; i++) {
            if (i != chosen && (serviceMasks[i] & serviceBit) != 0 && !queues[i].isEmpty()) {
                limit = Math.min(limit, queues[i].peek());
            }
        }
        return limit;
    }

    private int queueFor(int serviceMask) {
        for (int i = 0; i < serviceMasks.length; i++) {
            if (serviceMasks[i] == serviceMask) {
                return i;
            }
        }
        serviceMasks = Arrays.copyOf(serviceMasks, serviceMasks.length + 1);
        queues = Arrays.copyOf(queues, queues.length + 1);
        numbers = Arrays.copyOf(numbers, numbers.length + 1);
        serviceMasks[serviceMasks.length - 1] = serviceMask;
        queues[queues.length - 1] = new LongQueue();
        numbers[numbers.length - 1] = new LongQueue();
        return queues.length - 1;
    }
}
