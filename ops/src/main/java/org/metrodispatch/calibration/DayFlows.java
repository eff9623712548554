package org.metrodispatch.calibration;

import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.TrainEvent;
import org.metrodispatch.contract.event.TrainEventType;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.Service;
import org.metrodispatch.contract.time.DayClock;
import org.metrodispatch.dispatch.ServiceGroups;

import java.time.LocalDate;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one day of the feeds says about its riders, counted per station, direction and slot of the
 * day: taps, the trips that card ids pair (entry, then exit of the same card), and the loads trains
 * arrive and leave with. Plain counts, so days can be pooled and one left out; {@link
 * ProfileLearner} turns them into shares.
 */
public final class DayFlows {

    /** An entry and an exit of one card further apart than this are not one trip. */
    static final long MAX_TRIP_MILLIS = 3 * 3_600_000L;

    private static final int CARD_BITS = 23;
    private static final int TIME_BITS = 23;
    private static final int STATION_BITS = 16;

    final Network network;

    /** Where the day came from: the command that made its folder, or the folder. */
    final String source;

    final LocalDate date;
    final int slotSeconds;
    final int slots;
    private final ZoneRules zone;
    private final Map<String, Service> services = new HashMap<>();

    // Per station and slot.
    final double[] entries;
    final double[] exits;
    final double[] tripsFrom;
    final double[] forwardTripsFrom;
    // Per station, direction and slot.
    final double[] passing;
    final double[] alighting;
    final double[] arrivalLoad;
    final double[] loadChange;
    final double[] departureLoad;
    final double[] trainStops;
    // Per service group of every side (ServiceGroups.offset) and slot: trips by where they can go.
    final ServiceGroups groups;
    final double[] groupTrips;

    long gateTaps;
    long tapsWithCard;
    long trainReports;
    long trainStopsCounted;
    long trips;
    long unpairedTaps;
    long unpairedTrainReports;

    private final Map<String, Integer> cardNumbers = new HashMap<>();
    private long[] cardTaps = new long[1024];
    private int cardTapCount;
    private long firstCardTapMillis = Long.MIN_VALUE;
    private final Map<String, long[]> lastArrival = new HashMap<>();

    DayFlows(Network network, String source, LocalDate date, int slotSeconds) {
        this.network = network;
        this.source = source;
        this.date = date;
        this.slotSeconds = slotSeconds;
        this.slots = (86_400 + slotSeconds - 1) / slotSeconds;
        this.zone = network.timeZone().getRules();
        for (Service service : network.services()) {
            services.put(service.id(), service);
        }
        int n = network.stationCount();
        entries = new double[n * slots];
        exits = new double[n * slots];
        tripsFrom = new double[n * slots];
        forwardTripsFrom = new double[n * slots];
        passing = new double[n * 2 * slots];
        alighting = new double[n * 2 * slots];
        arrivalLoad = new double[n * 2 * slots];
        loadChange = new double[n * 2 * slots];
        departureLoad = new double[n * 2 * slots];
        trainStops = new double[n * 2 * slots];
        groups = new ServiceGroups(network);
        groupTrips = new double[groups.total() * slots];
    }

    /** One line for the profile's {@code learnedFrom}: where, which day, how much. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "%s, %s: %d taps (%d with a card id), %d train reports, %d trips paired",
                source,
                date,
                gateTaps,
                tapsWithCard,
                trainReports,
                trips);
    }

    int slot(long epochMillis) {
        return DayClock.secondOfDay(Math.floorDiv(epochMillis, 1000), zone) / slotSeconds;
    }

    int at(int station, int slot) {
        return station * slots + slot;
    }

    int at(int station, Direction direction, int slot) {
        return (station * 2 + direction.index()) * slots + slot;
    }

    /** Counts a tap; one with a card id is kept until {@link #pairCards} pairs it. */
    void add(GateEvent tap, int station) {
        gateTaps++;
        int slot = slot(tap.eventTime);
        boolean entry = tap.direction == GateDirection.ENTRY;
        (entry ? entries : exits)[at(station, slot)]++;
        if (tap.cardId == null) {
            return;
        }
        tapsWithCard++;
        if (firstCardTapMillis == Long.MIN_VALUE) {
            // A day's taps lie within two days of its first: the offset fits the key's time bits.
            firstCardTapMillis = tap.eventTime - 86_400_000L;
        }
        int card = cardNumbers.computeIfAbsent(tap.cardId, id -> cardNumbers.size());
        long seconds = Math.floorDiv(tap.eventTime - firstCardTapMillis, 1000);
        if (card >= 1 << CARD_BITS || seconds < 0 || seconds >= 1L << TIME_BITS) {
            unpairedTaps++;
            return;
        }
        if (cardTapCount == cardTaps.length) {
            cardTaps = Arrays.copyOf(cardTaps, cardTaps.length * 2);
        }
        // One sortable key: card, then time, then station and entry or exit.
        cardTaps[cardTapCount++] =
                ((long) card << (TIME_BITS + STATION_BITS + 1))
                        | (seconds << (STATION_BITS + 1))
                        | ((long) station << 1)
                        | (entry ? 1 : 0);
    }

    /**
     * Counts a train report. An arrival is kept until the same train leaves the same station; a
     * departure from a service's first station counts as arriving empty. A report whose partner is
     * missing (lost on the way) counts nothing but is counted as unpaired.
     */
    void add(TrainEvent report, int station) {
        trainReports++;
        Direction direction = network.direction(report.direction);
        if (direction == null) {
            unpairedTrainReports++;
            return;
        }
        if (report.type == TrainEventType.ARRIVAL) {
            lastArrival.put(report.trainId, new long[] {station, report.load, direction.index()});
            return;
        }
        long[] arrival = lastArrival.remove(report.trainId);
        int arrived;
        // A train that turns at its terminus arrives in one direction and leaves in the other.
        if (arrival != null && arrival[0] == station && arrival[2] == direction.index()) {
            arrived = (int) arrival[1];
        } else {
            Service service = services.get(report.serviceId);
            if (service == null || service.origin(direction) != station) {
                unpairedTrainReports++;
                return;
            }
            arrived = 0;
        }
        int i = at(station, direction, slot(report.eventTime));
        arrivalLoad[i] += arrived;
        loadChange[i] += report.load - arrived;
        departureLoad[i] += report.load;
        trainStops[i]++;
        trainStopsCounted++;
    }

    /** Pairs each card's entry with its next tap when that is an exit within a trip's time. */
    void pairCards() {
        long[] keys = Arrays.copyOf(cardTaps, cardTapCount);
        Arrays.sort(keys);
        int i = 0;
        while (i < keys.length) {
            long key = keys[i];
            boolean paired = false;
            if ((key & 1) == 1 && i + 1 < keys.length) {
                long next = keys[i + 1];
                if (card(next) == card(key)
                        && (next & 1) == 0
                        && (seconds(next) - seconds(key)) * 1000 <= MAX_TRIP_MILLIS) {
                    paired = trip(station(key), seconds(key), station(next), seconds(next));
                }
            }
            if (paired) {
                i += 2;
            } else {
                unpairedTaps++;
                i++;
            }
        }
        cardTaps = new long[0];
        cardTapCount = 0;
        cardNumbers.clear();
    }

    private boolean trip(int origin, long inSeconds, int destination, long outSeconds) {
        Direction direction = network.direction(origin, destination);
        if (direction == null || origin == destination) {
            return false;
        }
        trips++;
        long inMillis = firstCardTapMillis + inSeconds * 1000;
        long outMillis = firstCardTapMillis + outSeconds * 1000;
        int from = at(origin, slot(inMillis));
        tripsFrom[from]++;
        if (direction == Direction.FORWARD) {
            forwardTripsFrom[from]++;
        }
        int group = groups.group(origin, destination);
        if (group >= 0) {
            groupTrips[(groups.offset(origin, direction) + group) * slots + slot(inMillis)]++;
        }
        int[] path = network.path(origin, destination);
        int last = path.length - 1;
        for (int k = 1; k <= last; k++) {
            // The rider passes the k-th station about k/last of the way from tap-in to tap-out.
            long passMillis = inMillis + (outMillis - inMillis) * k / last;
            int i = at(path[k], direction, slot(passMillis));
            passing[i]++;
            if (k == last) {
                alighting[i]++;
            }
        }
        return true;
    }

    private static long card(long key) {
        return key >>> (TIME_BITS + STATION_BITS + 1);
    }

    private static long seconds(long key) {
        return (key >>> (STATION_BITS + 1)) & ((1L << TIME_BITS) - 1);
    }

    private static int station(long key) {
        return (int) ((key >>> 1) & ((1L << STATION_BITS) - 1));
    }
}
