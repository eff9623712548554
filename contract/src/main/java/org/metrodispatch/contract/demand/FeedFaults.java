package org.metrodispatch.contract.demand;

import org.metrodispatch.contract.config.ConfigNode;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.Station;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Faults of the feeds that a scenario can turn on on purpose, to test a consumer against hostile
 * input: gate clocks that are wrong over a time window, gates that stop reporting, a silent train
 * feed, and taps that are lost while the gates' heartbeat counters still count them. They change
 * only what the feeds deliver; passengers, trains and the ground truth stay as they are. Read from
 * the scenario's {@code feeds} block (keys {@code skewedClocks}, {@code silentGates}, {@code
 * silentTrainFeed}, {@code lostTaps}); without them there are no faults.
 *
 * @param skewedClocks gates whose clock is wrong over a window
 * @param silentGates gates that deliver nothing over a window
 * @param silentTrainFeed windows in which the train feed delivers nothing (some or all stations)
 * @param lostTaps shares of taps never delivered
 */
public record FeedFaults(
        List<ClockSkew> skewedClocks,
        List<GateSilence> silentGates,
        List<TrainFeedSilence> silentTrainFeed,
        List<TapLoss> lostTaps) {

    /** The keys of the {@code feeds} block that this class reads. */
    static final Set<String> KEYS =
            Set.of("skewedClocks", "silentGates", "silentTrainFeed", "lostTaps");

    /** A wrong time zone is at most a day off; anything beyond is not a clock fault but junk. */
    static final int MAX_OFFSET_SECONDS = 86_400;

    /** A drift of one hour per hour is a stopped (or doubled) clock; beyond that is junk. */
    static final double MAX_DRIFT_SECONDS_PER_HOUR = 3_600;

    private static final int SECONDS_PER_HOUR = 3_600;
    private static final int SECONDS_PER_MINUTE = 60;
    private static final int DAY_END_SECOND = 86_400;
    private static final Pattern OFFSET =
            Pattern.compile("([+-]?)(?:(\\d{1,5})h)?(?:(\\d{1,7})min)?(?:(\\d{1,9})s)?");
    private static final Pattern GATE_NUMBER = Pattern.compile("-g(\\d{2,})$");

    /** Copies the lists, so that a fault plan cannot change after it is read. */
    public FeedFaults {
        skewedClocks = List.copyOf(skewedClocks);
        silentGates = List.copyOf(silentGates);
        silentTrainFeed = List.copyOf(silentTrainFeed);
        lostTaps = List.copyOf(lostTaps);
    }

    /** No faults: the feeds behave as their {@link FeedSettings} say, nothing more. */
    public static FeedFaults none() {
        return new FeedFaults(List.of(), List.of(), List.of(), List.of());
    }

    /** True when no fault is configured. */
    public boolean isEmpty() {
        return skewedClocks.isEmpty()
                && silentGates.isEmpty()
                && silentTrainFeed.isEmpty()
                && lostTaps.isEmpty();
    }

    /**
     * The id of gate {@code gateIndex} (from 0) of a station, as the simulator names its gates:
     * {@code <station>-g01}, {@code <station>-g02}...
     */
    public static String gateId(String stationId, int gateIndex) {
        return String.format(Locale.ROOT, "%s-g%02d", stationId, gateIndex + 1);
    }

    /**
     * Reads the faults from a scenario's {@code feeds} block, checking names against the network.
     */
    static FeedFaults read(ConfigNode feeds, Network network) {
        List<ClockSkew> skews = new ArrayList<>();
        for (ConfigNode item : feeds.optionalList("skewedClocks")) {
            item.allowOnly(
                    Set.of("gates", "stations", "from", "to", "offset", "driftSecondsPerHour"));
            if (!item.has("offset") && !item.has("driftSecondsPerHour")) {
                throw item.error("needs an offset, a driftSecondsPerHour, or both");
            }
            int offset = item.has("offset") ? offsetSeconds(item) : 0;
            double drift =
                    item.number(
                            "driftSecondsPerHour",
                            -MAX_DRIFT_SECONDS_PER_HOUR,
                            MAX_DRIFT_SECONDS_PER_HOUR,
                            0);
            skews.add(new ClockSkew(gates(item, network, true), window(item), offset, drift));
        }
        List<GateSilence> silences = new ArrayList<>();
        for (ConfigNode item : feeds.optionalList("silentGates")) {
            item.allowOnly(Set.of("gates", "stations", "from", "to"));
            silences.add(new GateSilence(gates(item, network, true), window(item)));
        }
        List<TrainFeedSilence> trainSilences = new ArrayList<>();
        for (ConfigNode item : feeds.optionalList("silentTrainFeed")) {
            item.allowOnly(Set.of("stations", "from", "to"));
            trainSilences.add(new TrainFeedSilence(stations(item, network), window(item)));
        }
        List<TapLoss> losses = new ArrayList<>();
        for (ConfigNode item : feeds.optionalList("lostTaps")) {
            item.allowOnly(Set.of("share", "gates", "stations", "from", "to"));
            double share = item.number("share", 0, 1);
            losses.add(new TapLoss(gates(item, network, false), window(item), share));
        }
        return new FeedFaults(skews, silences, trainSilences, losses);
    }

    private static FaultWindow window(ConfigNode item) {
        int from = item.has("from") ? item.secondOfDay("from") : 0;
        int to = item.has("to") ? item.secondOfDay("to") : DAY_END_SECOND;
        if (to <= from) {
            throw item.error("to", "must be after from");
        }
        return new FaultWindow(from, to);
    }

    private static int offsetSeconds(ConfigNode item) {
        String text = item.string("offset");
        Matcher m = OFFSET.matcher(text.replace(" ", ""));
        if (!m.matches() || (m.group(2) == null && m.group(3) == null && m.group(4) == null)) {
            throw item.error(
                    "offset", "must be like +1h, -30min, +90s or -1h30min, got '" + text + "'");
        }
        long seconds =
                part(m.group(2)) * SECONDS_PER_HOUR
                        + part(m.group(3)) * SECONDS_PER_MINUTE
                        + part(m.group(4));
        if (seconds > MAX_OFFSET_SECONDS) {
            throw item.error("offset", "must be at most 24h either way, got '" + text + "'");
        }
        return (int) ("-".equals(m.group(1)) ? -seconds : seconds);
    }

    private static long part(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    private static GateSet gates(ConfigNode item, Network network, boolean required) {
        if (required && !item.has("gates") && !item.has("stations")) {
            throw item.error("needs gates, stations, or both");
        }
        Set<String> gates = new LinkedHashSet<>();
        for (ConfigNode gate : item.optionalList("gates")) {
            String id = gate.text();
            checkGate(gate, id, network);
            gates.add(id);
        }
        return new GateSet(stations(item, network), Set.copyOf(gates));
    }

    private static void checkGate(ConfigNode where, String gateId, Network network) {
        Matcher m = GATE_NUMBER.matcher(gateId);
        if (m.find()) {
            String stationId = gateId.substring(0, m.start());
            int number = Integer.parseInt(m.group(1));
            if (network.indexOf(stationId) >= 0) {
                Station station = network.station(stationId);
                if (number >= 1
                        && number <= station.gates()
                        && gateId.equals(gateId(stationId, number - 1))) {
                    return;
                }
                throw where.error(
                        "unknown gate '"
                                + gateId
                                + "'; "
                                + stationId
                                + " has gates "
                                + gateId(stationId, 0)
                                + " to "
                                + gateId(stationId, station.gates() - 1));
            }
        }
        throw where.error(
                "unknown gate '"
                        + gateId
                        + "'; a gate id is a station id and a gate number, like "
                        + gateId(network.station(0).id(), 0));
    }

    private static Set<String> stations(ConfigNode item, Network network) {
        Set<String> stations = new LinkedHashSet<>();
        for (ConfigNode station : item.optionalList("stations")) {
            String id = station.text();
            if (network.indexOf(id) < 0) {
                throw station.error("unknown station '" + id + "'");
            }
            stations.add(id);
        }
        return Set.copyOf(stations);
    }

    /**
     * A time window of the day, local time: {@code [fromSecond, toSecond)}.
     *
     * @param fromSecond first second of the day in the window
     * @param toSecond first second of the day after the window
     */
    public record FaultWindow(int fromSecond, int toSecond) {

        /** True when the second of the day lies in the window. */
        public boolean contains(int secondOfDay) {
            return secondOfDay >= fromSecond && secondOfDay < toSecond;
        }
    }

    /**
     * Which gates a fault hits: every gate of the named stations, and the named gates. Both empty
     * means every gate (allowed only where the format says so).
     *
     * @param stations station ids whose gates all match
     * @param gates gate ids that match
     */
    public record GateSet(Set<String> stations, Set<String> gates) {

        /** True when the gate of the station is one of this set. */
        public boolean matches(String stationId, String gateId) {
            return (stations.isEmpty() && gates.isEmpty())
                    || stations.contains(stationId)
                    || gates.contains(gateId);
        }
    }

    /**
     * Gates whose clock is wrong over a window: the records they emit in it carry an event time
     * {@code offset + drift × (hours since the window's start)} away from the true time.
     *
     * @param gates the gates hit
     * @param window when, in true local time
     * @param offsetSeconds constant error of the clock, seconds (negative: behind)
     * @param driftSecondsPerHour how fast the error grows from the window's start, s per hour
     */
    public record ClockSkew(
            GateSet gates, FaultWindow window, int offsetSeconds, double driftSecondsPerHour) {

        /**
         * The clock's error, ms, at {@code secondsIntoWindow} (may have a fraction) after its
         * start.
         */
        public long errorMillis(double secondsIntoWindow) {
            return Math.round(
                    (offsetSeconds + driftSecondsPerHour * secondsIntoWindow / SECONDS_PER_HOUR)
                            * 1000);
        }
    }

    /**
     * Gates that deliver nothing over a window: no taps, no heartbeats. Passengers pass them all
     * the same, and their counters keep counting.
     *
     * @param gates the gates hit
     * @param window when, in true local time
     */
    public record GateSilence(GateSet gates, FaultWindow window) {}

    /**
     * A train feed that delivers nothing over a window: no arrivals, departures or signalling
     * heartbeats. Trains run all the same.
     *
     * @param stations the stations whose train records are lost; empty means all
     * @param window when, in true local time
     */
    public record TrainFeedSilence(Set<String> stations, FaultWindow window) {

        /** True when the station's train records are lost in the window. */
        public boolean matches(String stationId) {
            return stations.isEmpty() || stations.contains(stationId);
        }
    }

    /**
     * A share of taps, of some or all gates over a window, that is never delivered, while the
     * gates' heartbeat counters still count them.
     *
     * @param gates the gates hit; both sets empty means every gate
     * @param window when, in true local time
     * @param share the probability that one such tap is lost
     */
    public record TapLoss(GateSet gates, FaultWindow window, double share) {}
}
