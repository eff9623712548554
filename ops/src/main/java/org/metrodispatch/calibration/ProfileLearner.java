package org.metrodispatch.calibration;

import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.dispatch.FlowProfile;
import org.metrodispatch.dispatch.FlowProfile.StationProfile;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.dispatch.ServiceGroups;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns a {@link FlowProfile} from days of the feeds. Two ways to learn where riders go:
 *
 * <ul>
 *   <li><b>card pairs</b>: each card's entry and next exit is a trip; the share of trips from a
 *       station that ride FORWARD, and of the trips passing a station that end there, are counted
 *       directly;
 *   <li><b>train loads</b>, without card ids: at each stop a train's load changes by boarders minus
 *       alighters. The station's exits are split between the two directions in proportion to the
 *       load each brings in times the network's prior alighting share; what is left of the load
 *       change is who boarded each way.
 * </ul>
 *
 * Every share is a ratio of sums over the days, pulled towards the network's own prior (every
 * reachable station equally likely) by {@link #PRIOR_WEIGHT} riders, so that a quiet slot keeps a
 * sane value. Accuracy is measured by leaving each day out in turn: learned from the other days,
 * how far is each slot's share from that day's own (mean absolute error, weighted by riders).
 */
public final class ProfileLearner {

    /** Riders' worth of weight the network prior has in every share. */
    static final double PRIOR_WEIGHT = 10;

    /** A day's slot counts in the held-out error only with at least this many riders. */
    static final double MIN_HELD_OUT_RIDERS = 20;

    /** Below this share of taps with a card id, directions are learned from train loads. */
    static final double MIN_CARD_COVERAGE = 0.5;

    private final Network network;
    private final int slotSeconds;
    private final int slots;
    private final FlowShares prior;
    private final ServiceGroups groups;

    public ProfileLearner(Network network, int slotSeconds) {
        this.network = network;
        this.slotSeconds = slotSeconds;
        this.slots = FlowProfile.slotsPerDay(slotSeconds);
        this.prior = FlowShares.fromNetwork(network, slotSeconds);
        this.groups = prior.groups();
    }

    /** Numerators and denominators of the shares, summed over days. */
    static final class Sums {
        final double[] forward;
        final double[] riders;
        final double[] alighting;
        final double[] passing;
        final double[] groupTrips;

        Sums(int stations, int slots, int groups) {
            forward = new double[stations * slots];
            riders = new double[stations * slots];
            alighting = new double[stations * 2 * slots];
            passing = new double[stations * 2 * slots];
            groupTrips = new double[groups * slots];
        }

        void add(Sums other, double sign) {
            addTo(groupTrips, other.groupTrips, sign);
            addTo(forward, other.forward, sign);
            addTo(riders, other.riders, sign);
            addTo(alighting, other.alighting, sign);
            addTo(passing, other.passing, sign);
        }

        private static void addTo(double[] into, double[] from, double sign) {
            for (int i = 0; i < into.length; i++) {
                into[i] += sign * from[i];
            }
        }
    }

    /** Whether these days carry enough card ids to pair taps into trips. */
    public static boolean cardsCover(List<DayFlows> days) {
        long taps = 0;
        long withCard = 0;
        for (DayFlows day : days) {
            taps += day.gateTaps;
            withCard += day.tapsWithCard;
        }
        return taps > 0 && withCard >= MIN_CARD_COVERAGE * taps;
    }

    /** Whether these days carry train reports to learn from. */
    public static boolean trainsCover(List<DayFlows> days) {
        return days.stream().anyMatch(d -> d.trainStopsCounted > 0);
    }

    /** Learns a profile; {@code method} is {@link FlowProfile#CARD_PAIRS} or TRAIN_LOADS. */
    public FlowProfile learn(List<DayFlows> days, String method, List<String> learnedFrom) {
        boolean cards = FlowProfile.CARD_PAIRS.equals(method);
        List<Sums> perDay = cards ? days.stream().map(this::cardSums).toList() : loadSums(days);
        Sums pooled = pool(perDay);
        Map<String, Double> accuracy = new LinkedHashMap<>();
        if (days.size() >= 2) {
            double[] direction = new double[2];
            double[] alight = new double[2];
            for (Sums held : perDay) {
                Sums rest = sums();
                rest.add(pooled, 1);
                rest.add(held, -1);
                accumulateError(rest, held, direction, alight);
            }
            accuracy.put("heldOutDirectionShareError", direction[0] / direction[1]);
            accuracy.put("heldOutAlightingShareError", alight[0] / alight[1]);
        }
        if (cards && trainsCover(days)) {
            Sums loads = pool(loadSums(days));
            double[] direction = new double[2];
            double[] alight = new double[2];
            accumulateError(loads, pooled, direction, alight);
            accuracy.put("trainLoadsDirectionShareError", direction[0] / direction[1]);
            accuracy.put("trainLoadsAlightingShareError", alight[0] / alight[1]);
        }
        accuracy.put("cardCoverage", cardCoverage(days));
        return new FlowProfile(
                network.id(),
                slotSeconds,
                method,
                learnedFrom,
                accuracy,
                tables(days, pooled, cards));
    }

    private static double cardCoverage(List<DayFlows> days) {
        long taps = days.stream().mapToLong(d -> d.gateTaps).sum();
        long withCard = days.stream().mapToLong(d -> d.tapsWithCard).sum();
        return taps == 0 ? 0 : (double) withCard / taps;
    }

    private Sums sums() {
        return new Sums(network.stationCount(), slots, groups.total());
    }

    private List<StationProfile> tables(List<DayFlows> days, Sums pooled, boolean cards) {
        List<StationProfile> stations = new ArrayList<>();
        int n = days.size();
        for (int s = 0; s < network.stationCount(); s++) {
            double[] entries = new double[slots];
            double[] forward = new double[slots];
            double[][] alight = new double[2][slots];
            double[][] load = new double[2][slots];
            for (int k = 0; k < slots; k++) {
                int i = s * slots + k;
                for (DayFlows day : days) {
                    entries[k] += day.entries[i] / n;
                }
                forward[k] = forwardShare(pooled, s, k);
                for (Direction d : Direction.values()) {
                    alight[d.index()][k] = alightingShare(pooled, s, d, k);
                    double carried = 0;
                    double stops = 0;
                    for (DayFlows day : days) {
                        carried += day.departureLoad[day.at(s, d, k)];
                        stops += day.trainStops[day.at(s, d, k)];
                    }
                    load[d.index()][k] = stops == 0 ? 0 : carried / stops;
                }
            }
            stations.add(
                    new StationProfile(
                            network.station(s).id(),
                            entries,
                            forward,
                            alight[Direction.FORWARD.index()],
                            alight[Direction.REVERSE.index()],
                            load[Direction.FORWARD.index()],
                            load[Direction.REVERSE.index()],
                            cards ? groupShares(pooled, s, Direction.FORWARD) : Map.of(),
                            cards ? groupShares(pooled, s, Direction.REVERSE) : Map.of()));
        }
        return stations;
    }

    /**
     * The service groups' shares of a side's riders (card pairs only: train loads do not say where
     * riders go), each pulled towards the network's prior like every other share.
     */
    private Map<String, double[]> groupShares(Sums sums, int station, Direction direction) {
        Map<String, double[]> shares = new LinkedHashMap<>();
        int count = groups.groups(station, direction);
        if (count == 0) {
            return shares;
        }
        int offset = groups.offset(station, direction);
        double[] prior = groups.networkShares(station, direction);
        double[][] rows = new double[count][slots];
        for (int k = 0; k < slots; k++) {
            double all = 0;
            for (int g = 0; g < count; g++) {
                all += sums.groupTrips[(offset + g) * slots + k];
            }
            for (int g = 0; g < count; g++) {
                rows[g][k] =
                        (sums.groupTrips[(offset + g) * slots + k] + PRIOR_WEIGHT * prior[g])
                                / (all + PRIOR_WEIGHT);
            }
        }
        for (int g = 0; g < count; g++) {
            shares.put(groups.name(station, direction, g), rows[g]);
        }
        return shares;
    }

    private long second(int slot) {
        return (long) slot * slotSeconds + slotSeconds / 2;
    }

    double forwardShare(Sums sums, int station, int slot) {
        int i = station * slots + slot;
        double p = prior.directionShare(station, Direction.FORWARD, second(slot));
        return (sums.forward[i] + PRIOR_WEIGHT * p) / (sums.riders[i] + PRIOR_WEIGHT);
    }

    double alightingShare(Sums sums, int station, Direction direction, int slot) {
        int i = (station * 2 + direction.index()) * slots + slot;
        double p = prior.alightingShare(station, direction, second(slot));
        return (sums.alighting[i] + PRIOR_WEIGHT * p) / (sums.passing[i] + PRIOR_WEIGHT);
    }

    /**
     * Adds, over the slots where {@code observed} has enough riders, the rider-weighted absolute
     * difference between the shares learned from {@code learned} and the observed ones.
     */
    private void accumulateError(Sums learned, Sums observed, double[] direction, double[] alight) {
        for (int s = 0; s < network.stationCount(); s++) {
            for (int k = 0; k < slots; k++) {
                int i = s * slots + k;
                double riders = observed.riders[i];
                if (riders >= MIN_HELD_OUT_RIDERS) {
                    double seen = observed.forward[i] / riders;
                    direction[0] += riders * Math.abs(forwardShare(learned, s, k) - seen);
                    direction[1] += riders;
                }
                for (Direction d : Direction.values()) {
                    int j = (s * 2 + d.index()) * slots + k;
                    double passing = observed.passing[j];
                    if (passing >= MIN_HELD_OUT_RIDERS) {
                        double seen = observed.alighting[j] / passing;
                        alight[0] += passing * Math.abs(alightingShare(learned, s, d, k) - seen);
                        alight[1] += passing;
                    }
                }
            }
        }
        // No slot busy enough: no error to report, rather than a division by zero.
        direction[1] = Math.max(direction[1], Double.MIN_VALUE);
        alight[1] = Math.max(alight[1], Double.MIN_VALUE);
    }

    Sums cardSums(DayFlows day) {
        Sums sums = sums();
        System.arraycopy(day.groupTrips, 0, sums.groupTrips, 0, sums.groupTrips.length);
        System.arraycopy(day.forwardTripsFrom, 0, sums.forward, 0, sums.forward.length);
        System.arraycopy(day.tripsFrom, 0, sums.riders, 0, sums.riders.length);
        System.arraycopy(day.alighting, 0, sums.alighting, 0, sums.alighting.length);
        System.arraycopy(day.passing, 0, sums.passing, 0, sums.passing.length);
        return sums;
    }

    private Sums pool(List<Sums> perDay) {
        Sums pooled = sums();
        for (Sums sums : perDay) {
            pooled.add(sums, 1);
        }
        return pooled;
    }

    /** Per day, from train loads. */
    List<Sums> loadSums(List<DayFlows> days) {
        return days.stream().map(this::loadSums).toList();
    }

    private Sums loadSums(DayFlows day) {
        Sums sums = sums();
        for (int s = 0; s < network.stationCount(); s++) {
            for (int k = 0; k < slots; k++) {
                double[] brought = new double[2];
                double[] weight = new double[2];
                for (Direction d : Direction.values()) {
                    brought[d.index()] = day.arrivalLoad[day.at(s, d, k)];
                    weight[d.index()] = brought[d.index()] * prior.alightingShare(s, d, second(k));
                }
                double total = weight[0] + weight[1];
                double exits = day.exits[day.at(s, k)];
                double[] boarded = new double[2];
                for (Direction d : Direction.values()) {
                    int j = day.at(s, d, k);
                    double alighted =
                            total > 0
                                    ? Math.min(
                                            brought[d.index()], exits * weight[d.index()] / total)
                                    : 0;
                    boarded[d.index()] = Math.max(0, day.loadChange[j] + alighted);
                    sums.alighting[j] = alighted;
                    sums.passing[j] = brought[d.index()];
                }
                int i = s * slots + k;
                sums.forward[i] = boarded[Direction.FORWARD.index()];
                sums.riders[i] = boarded[0] + boarded[1];
            }
        }
        return sums;
    }
}
