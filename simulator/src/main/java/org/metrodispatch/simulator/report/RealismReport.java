package org.metrodispatch.simulator.report;

import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.simulator.engine.SimulationObserver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures a simulated day against the figures a real line shows: daily entries, the morning peak
 * hour's share, the load on the busiest section between 08:00 and 09:00, and where passengers were
 * left behind on consecutive departures.
 */
public final class RealismReport implements SimulationObserver {

    private static final int MINUTES = 1440;
    private static final int PEAK_FROM_MINUTE = 8 * 60;
    private static final int PEAK_TO_MINUTE = 9 * 60;

    private final Network network;
    private final long dayStartMillis;
    private final long[] entriesByMinute = new long[MINUTES];
    private final Map<String, Section> sections = new HashMap<>();
    private final Map<String, LeftBehindRuns> runs = new HashMap<>();

    public RealismReport(Network network, long dayStartMillis) {
        this.network = network;
        this.dayStartMillis = dayStartMillis;
    }

    @Override
    public void onEntry(int station, long epochMillis) {
        int minute = minuteOfDay(epochMillis);
        if (minute >= 0 && minute < MINUTES) {
            entriesByMinute[minute]++;
        }
    }

    @Override
    public void onDeparture(
            int station,
            int nextStation,
            int directionIndex,
            String trainId,
            long epochMillis,
            int alighted,
            int boarded,
            int leftBehind,
            int load) {
        int minute = minuteOfDay(epochMillis);
        if (minute >= PEAK_FROM_MINUTE && minute < PEAK_TO_MINUTE) {
            String key = network.station(station).id() + " -> " + network.station(nextStation).id();
            sections.computeIfAbsent(key, k -> new Section(k, directionIndex)).add(load);
        }
        String platform =
                network.station(station).id()
                        + " "
                        + network.directionName(Direction.ofIndex(directionIndex));
        runs.computeIfAbsent(platform, k -> new LeftBehindRuns(k)).add(minute, leftBehind);
    }

    private int minuteOfDay(long epochMillis) {
        return (int) Math.floorDiv(epochMillis - dayStartMillis, 60_000L);
    }

    /** Entries written in the window. */
    public long totalEntries() {
        long total = 0;
        for (long e : entriesByMinute) {
            total += e;
        }
        return total;
    }

    /** The largest share of the day's entries in an hour starting between 06:00 and 10:00. */
    public double morningPeakHourShare() {
        return peakHour(6 * 60, 10 * 60)[1];
    }

    /** Start minute and share of the busiest hour starting within [fromMinute, toMinute]. */
    private double[] peakHour(int fromMinute, int toMinute) {
        long total = totalEntries();
        double best = 0;
        int bestStart = fromMinute;
        for (int start = fromMinute; start <= toMinute; start += 10) {
            long hour = 0;
            for (int m = start; m < start + 60 && m < MINUTES; m++) {
                hour += entriesByMinute[m];
            }
            if (total > 0 && (double) hour / total > best) {
                best = (double) hour / total;
                bestStart = start;
            }
        }
        return new double[] {bestStart, best};
    }

    /** The section that carried the most passengers between 08:00 and 09:00. */
    public Section busiestSection() {
        Section busiest = null;
        for (Section section : sections.values()) {
            if (busiest == null || section.passengers > busiest.passengers) {
                busiest = section;
            }
        }
        return busiest;
    }

    /**
     * Longest run of consecutive departures leaving passengers behind, per station and direction.
     */
    public LeftBehindRuns leftBehind(String stationId, Direction direction) {
        return runs.get(stationId + " " + network.directionName(direction));
    }

    /** Passengers left behind at departures in the given minutes of the day, all stations. */
    public long leftBehindBetween(int fromMinute, int toMinute) {
        long total = 0;
        for (LeftBehindRuns run : runs.values()) {
            total += run.between(fromMinute, toMinute);
        }
        return total;
    }

    /** A person-readable summary. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        long total = totalEntries();
        double[] peak = peakHour(6 * 60, 10 * 60);
        out.append(String.format(Locale.ROOT, "Entries in the window: %,d%n", total));
        out.append(
                String.format(
                        Locale.ROOT,
                        "Morning peak hour: %s-%s, %.1f %% of the entries%n",
                        clock((int) peak[0]),
                        clock((int) peak[0] + 60),
                        peak[1] * 100));
        Section busiest = busiestSection();
        if (busiest != null) {
            double[] factors = busiest.loadFactors(network.ratedCapacity());
            out.append(
                    String.format(
                            Locale.ROOT,
                            "Busiest section 08:00-09:00: %s (%s), %,d passengers, %d trains,"
                                    + " load %.0f-%.0f %% of rated (median %.0f %%)%n",
                            busiest.name,
                            network.directionName(Direction.ofIndex(busiest.directionIndex)),
                            busiest.passengers,
                            busiest.loads.size(),
                            factors[0] * 100,
                            factors[2] * 100,
                            factors[1] * 100));
        }
        List<LeftBehindRuns> crowded = new ArrayList<>();
        for (LeftBehindRuns run : runs.values()) {
            if (run.longestRun >= 2) {
                crowded.add(run);
            }
        }
        crowded.sort((a, b) -> Integer.compare(b.longestRun, a.longestRun));
        out.append("Platforms with passengers left behind on consecutive departures:\n");
        if (crowded.isEmpty()) {
            out.append("  none\n");
        }
        for (LeftBehindRuns run : crowded) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "  %-34s %2d in a row from %s, %,d left behind at most, %,d in all%n",
                            run.platform,
                            run.longestRun,
                            clock(run.longestRunStartMinute),
                            run.maxLeftBehind,
                            run.total));
        }
        out.append(
                String.format(
                        Locale.ROOT,
                        "Left behind off-peak (before 07:00, 10:00-16:30, after 20:30): %,d%n",
                        leftBehindBetween(0, 7 * 60)
                                + leftBehindBetween(10 * 60, 16 * 60 + 30)
                                + leftBehindBetween(20 * 60 + 30, MINUTES)));
        return out.toString();
    }

    private static String clock(int minuteOfDay) {
        return String.format(Locale.ROOT, "%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
    }

    /** Passengers carried over one section in one hour, train by train. */
    public static final class Section {
        final String name;
        final int directionIndex;
        final List<Integer> loads = new ArrayList<>();
        long passengers;

        Section(String name, int directionIndex) {
            this.name = name;
            this.directionIndex = directionIndex;
        }

        void add(int load) {
            loads.add(load);
            passengers += load;
        }

        public String name() {
            return name;
        }

        public long passengers() {
            return passengers;
        }

        /** Share of the trains whose load over rated capacity lies within [low, high]. */
        public double shareOfTrainsLoadedBetween(int ratedCapacity, double low, double high) {
            if (loads.isEmpty()) {
                return 0;
            }
            long within =
                    loads.stream()
                            .filter(l -> l >= low * ratedCapacity && l <= high * ratedCapacity)
                            .count();
            return (double) within / loads.size();
        }

        /** Minimum, median and maximum of load over rated capacity. */
        public double[] loadFactors(int ratedCapacity) {
            int[] sorted = loads.stream().mapToInt(Integer::intValue).sorted().toArray();
            if (sorted.length == 0) {
                return new double[3];
            }
            return new double[] {
                (double) sorted[0] / ratedCapacity,
                (double) sorted[sorted.length / 2] / ratedCapacity,
                (double) sorted[sorted.length - 1] / ratedCapacity
            };
        }
    }

    /** Departures from one platform that left passengers behind. */
    public static final class LeftBehindRuns {
        final String platform;
        final List<int[]> departures = new ArrayList<>();
        int currentRun;
        int currentRunStartMinute;
        int longestRun;
        int longestRunStartMinute;
        int maxLeftBehind;
        long total;

        LeftBehindRuns(String platform) {
            this.platform = platform;
        }

        void add(int minute, int leftBehind) {
            departures.add(new int[] {minute, leftBehind});
            if (leftBehind > 0) {
                if (currentRun == 0) {
                    currentRunStartMinute = minute;
                }
                currentRun++;
                total += leftBehind;
                maxLeftBehind = Math.max(maxLeftBehind, leftBehind);
                if (currentRun > longestRun) {
                    longestRun = currentRun;
                    longestRunStartMinute = currentRunStartMinute;
                }
            } else {
                currentRun = 0;
            }
        }

        long between(int fromMinute, int toMinute) {
            long sum = 0;
            for (int[] departure : departures) {
                if (departure[0] >= fromMinute && departure[0] < toMinute) {
                    sum += departure[1];
                }
            }
            return sum;
        }

        /** The longest run of consecutive departures leaving someone behind within the minutes. */
        public int longestRunBetween(int fromMinute, int toMinute) {
            int run = 0;
            int best = 0;
            for (int[] departure : departures) {
                if (departure[0] < fromMinute || departure[0] >= toMinute) {
                    continue;
                }
                run = departure[1] > 0 ? run + 1 : 0;
                best = Math.max(best, run);
            }
            return best;
        }

        public int longestRun() {
            return longestRun;
        }

        @Override
        public String toString() {
            return platform + Arrays.toString(new int[] {longestRun, maxLeftBehind});
        }
    }
}
