package org.metrodispatch.dispatch;

import org.metrodispatch.contract.decision.FeedAlert;
import org.metrodispatch.contract.decision.FeedAlertKind;
import org.metrodispatch.contract.decision.FeedAlertState;
import org.metrodispatch.contract.network.Network;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The health of a line's feeds, judged from {@link FeedObservation}s at the end of each report
 * period (event time): a station whose train feed or gates fell silent while the rest of the line
 * is heard, a gate whose heartbeat counters count taps the job never received, a clock found off;
 * and the recovery from each. Plain Java; the caller keeps the {@link FeedHealthState}.
 * Deterministic: the observations of a period are applied in a fixed order.
 */
public final class FeedHealth {

    private static final Comparator<FeedObservation> ORDER =
            Comparator.comparingLong((FeedObservation o) -> o.time)
                    .thenComparing(o -> o.kind)
                    .thenComparingInt(o -> o.station)
                    .thenComparing(o -> o.feed, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** The train feed's name in alerts and observations. */
    public static final String TRAIN_FEED = "train feed";

    /** The gate feed's name in alerts and observations. */
    public static final String GATES = "gates";

    private static final String[] FEEDS = {GATES, TRAIN_FEED};
    private static final String[] LATENESS_KEYS = {"gatesSeconds", "trainsSeconds"};
    private static final long ADVICE_STEP_SECONDS = 30;

    private final Network network;
    private final FeedHealthSettings settings;
    private final DateTimeFormatter clock;

    public FeedHealth(Network network, FeedHealthSettings settings) {
        this.network = Objects.requireNonNull(network, "network");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock =
                DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(network.timeZone());
    }

    /**
     * Applies a period's observations and judges the feeds at its end, {@code now}.
     *
     * @return the alerts raised and cleared, in a fixed order
     */
    public List<FeedAlert> onPeriod(
            FeedHealthState state, long now, List<FeedObservation> observations) {
        size(state);
        List<FeedAlert> alerts = new ArrayList<>();
        List<FeedObservation> ordered = new ArrayList<>(observations);
        ordered.sort(ORDER);
        for (FeedObservation o : ordered) {
            apply(state, o, now, alerts);
        }
        judgeSilence(state, now, alerts);
        judgeSilentGates(state, now, alerts);
        judgeTapLoss(state, now, alerts);
        judgeLateness(state, now, alerts);
        return alerts;
    }

    private void apply(FeedHealthState s, FeedObservation o, long now, List<FeedAlert> alerts) {
        switch (o.kind) {
            case HEARD:
                s.lastGate[o.station] = Math.max(s.lastGate[o.station], o.lastGate);
                s.lastTrain[o.station] = Math.max(s.lastTrain[o.station], o.lastTrain);
                long first = Math.min(known(o.lastGate), known(o.lastTrain));
                if (first != Long.MAX_VALUE) {
                    s.firstHeard[o.station] =
                            s.firstHeard[o.station] == FeedObservation.UNKNOWN
                                    ? first
                                    : Math.min(s.firstHeard[o.station], first);
                }
                break;
            case GATE_INTERVAL:
                int gate = gateIndex(s, o.feed, o.station);
                s.gateExpected[gate] += o.expected;
                s.gateReceived[gate] += o.received;
                s.gateLastBeat[gate] = Math.max(s.gateLastBeat[gate], o.time);
                break;
            case CLOCK_OFF:
                if (indexOf(s.clockOff, o.feed) < 0) {
                    s.clockOff = append(s.clockOff, o.feed);
                    s.clockOffSince = append(s.clockOffSince, o.time);
                    alerts.add(
                            alert(
                                    FeedAlertKind.CLOCK_SKEWED,
                                    FeedAlertState.RAISED,
                                    o.station,
                                    o.feed,
                                    now,
                                    o.time,
                                    o.reason + "; its records are dead letters"));
                }
                break;
            case ARRIVALS:
                int feed = TRAIN_FEED.equals(o.feed) ? 1 : 0;
                s.arrivals[feed] += o.records;
                s.late[feed] += o.late;
                s.lateBy[feed] = Math.max(s.lateBy[feed], o.lateByMillis);
                break;
            case CLOCK_ON:
                int off = indexOf(s.clockOff, o.feed);
                if (off >= 0) {
                    long since = s.clockOffSince[off];
                    s.clockOff = remove(s.clockOff, off);
                    s.clockOffSince = remove(s.clockOffSince, off);
                    alerts.add(
                            alert(
                                    FeedAlertKind.CLOCK_SKEWED,
                                    FeedAlertState.CLEARED,
                                    o.station,
                                    o.feed,
                                    now,
                                    since,
                                    "the clock of " + o.feed + " is right again"));
                }
                break;
            default:
                throw new IllegalStateException("unknown observation " + o.kind);
        }
    }

    private void judgeSilence(FeedHealthState s, long now, List<FeedAlert> alerts) {
        int known = 0;
        int live = 0;
        for (long last : s.lastGate) {
            if (last != FeedObservation.UNKNOWN) {
                known++;
                if (now - last < settings.gatesSilentMillis()) {
                    live++;
                }
            }
        }
        // Silence means something only while most of the line is heard (not at night).
        boolean lineHeard = live > 0 && 2 * live > known;
        for (int st = 0; st < s.lastGate.length; st++) {
            long lastGate = s.lastGate[st];
            if (lastGate != FeedObservation.UNKNOWN) {
                boolean heard = now - lastGate < settings.gatesSilentMillis();
                if (!s.gatesSilent[st] && !heard && lineHeard) {
                    s.gatesSilent[st] = true;
                    alerts.add(
                            alert(
                                    FeedAlertKind.GATES_SILENT,
                                    FeedAlertState.RAISED,
                                    st,
                                    GATES,
                                    now,
                                    lastGate,
                                    "no tap and no heartbeat from any gate of "
                                            + network.station(st).id()
                                            + " since "
                                            + clock.format(Instant.ofEpochMilli(lastGate))));
                } else if (s.gatesSilent[st] && heard) {
                    s.gatesSilent[st] = false;
                    alerts.add(
                            alert(
                                    FeedAlertKind.GATES_SILENT,
                                    FeedAlertState.CLEARED,
                                    st,
                                    GATES,
                                    now,
                                    lastGate,
                                    "the gates of "
                                            + network.station(st).id()
                                            + " are heard again"));
                }
            }
            long lastTrain = s.lastTrain[st];
            long trainSince = lastTrain != FeedObservation.UNKNOWN ? lastTrain : s.firstHeard[st];
            if (trainSince == FeedObservation.UNKNOWN) {
                continue;
            }
            boolean trainHeard =
                    lastTrain != FeedObservation.UNKNOWN
                            && now - lastTrain < settings.trainFeedSilentMillis();
            if (!s.trainSilent[st]
                    && lineHeard
                    && now - trainSince >= settings.trainFeedSilentMillis()) {
                s.trainSilent[st] = true;
                alerts.add(
                        alert(
                                FeedAlertKind.TRAIN_FEED_SILENT,
                                FeedAlertState.RAISED,
                                st,
                                TRAIN_FEED,
                                now,
                                trainSince,
                                (lastTrain == FeedObservation.UNKNOWN
                                                ? "no train report and no signalling heartbeat from "
                                                        + network.station(st).id()
                                                        + " since its gates were first heard at "
                                                : "no train report and no signalling heartbeat from "
                                                        + network.station(st).id()
                                                        + " since ")
                                        + clock.format(Instant.ofEpochMilli(trainSince))));
            } else if (s.trainSilent[st] && trainHeard) {
                s.trainSilent[st] = false;
                alerts.add(
                        alert(
                                FeedAlertKind.TRAIN_FEED_SILENT,
                                FeedAlertState.CLEARED,
                                st,
                                TRAIN_FEED,
                                now,
                                lastTrain,
                                "the train feed of "
                                        + network.station(st).id()
                                        + " is heard again"));
            }
        }
    }

    /**
     * A gate whose heartbeats stopped while its station's other gates are heard (when all of them
     * stop, the station's alert says so).
     */
    private void judgeSilentGates(FeedHealthState s, long now, List<FeedAlert> alerts) {
        long bound = settings.gatesSilentMillis();
        for (int g = 0; g < s.gates.length; g++) {
            long last = s.gateLastBeat[g];
            int st = s.gateStation[g];
            boolean heard = now - last < bound;
            if (!s.gateSilent[g]
                    && !heard
                    && !s.gatesSilent[st]
                    && s.lastGate[st] != FeedObservation.UNKNOWN
                    && now - s.lastGate[st] < bound) {
                s.gateSilent[g] = true;
                alerts.add(
                        alert(
                                FeedAlertKind.GATES_SILENT,
                                FeedAlertState.RAISED,
                                st,
                                s.gates[g],
                                now,
                                last,
                                "no heartbeat from gate "
                                        + s.gates[g]
                                        + " since "
                                        + clock.format(Instant.ofEpochMilli(last))
                                        + " while the station's other gates are heard"));
            } else if (s.gateSilent[g] && heard) {
                s.gateSilent[g] = false;
                alerts.add(
                        alert(
                                FeedAlertKind.GATES_SILENT,
                                FeedAlertState.CLEARED,
                                st,
                                s.gates[g],
                                now,
                                last,
                                "gate " + s.gates[g] + " is heard again"));
            }
        }
    }

    private void judgeTapLoss(FeedHealthState s, long now, List<FeedAlert> alerts) {
        long window = settings.tapLossWindowMillis();
        if (s.lossWindowEnd == FeedObservation.UNKNOWN) {
            s.lossWindowEnd = (Math.floorDiv(now, window) + 1) * window;
            return;
        }
        if (now < s.lossWindowEnd) {
            return;
        }
        for (int g = 0; g < s.gates.length; g++) {
            long expected = s.gateExpected[g];
            long lost = expected - s.gateReceived[g];
            boolean losing =
                    lost >= settings.tapLossMinTaps() && lost >= settings.tapLossShare() * expected;
            if (losing && s.gateLossSince[g] == FeedObservation.UNKNOWN) {
                s.gateLossSince[g] = s.lossWindowEnd - window;
                FeedAlert a =
                        alert(
                                FeedAlertKind.TAPS_LOST,
                                FeedAlertState.RAISED,
                                s.gateStation[g],
                                s.gates[g],
                                now,
                                s.gateLossSince[g],
                                "gate "
                                        + s.gates[g]
                                        + " counted "
                                        + expected
                                        + " taps from "
                                        + clock.format(
                                                Instant.ofEpochMilli(s.lossWindowEnd - window))
                                        + " to "
                                        + clock.format(Instant.ofEpochMilli(s.lossWindowEnd))
                                        + "; the job received "
                                        + s.gateReceived[g]
                                        + " ("
                                        + lost
                                        + " lost)");
                a.expected = expected;
                a.received = s.gateReceived[g];
                alerts.add(a);
            } else if (!losing && expected > 0 && s.gateLossSince[g] != FeedObservation.UNKNOWN) {
                FeedAlert a =
                        alert(
                                FeedAlertKind.TAPS_LOST,
                                FeedAlertState.CLEARED,
                                s.gateStation[g],
                                s.gates[g],
                                now,
                                s.gateLossSince[g],
                                "gate "
                                        + s.gates[g]
                                        + ": losses below the bound again ("
                                        + s.gateReceived[g]
                                        + " of "
                                        + expected
                                        + ")");
                a.expected = expected;
                a.received = s.gateReceived[g];
                alerts.add(a);
                s.gateLossSince[g] = FeedObservation.UNKNOWN;
            }
            s.gateExpected[g] = 0;
            s.gateReceived[g] = 0;
        }
        s.lossWindowEnd = (Math.floorDiv(now, window) + 1) * window;
    }

    /**
     * A feed with a large share of its records late in a window: a lateness bound too tight for how
     * it delivers (batched uploads). The advice is the bound that would have taken them all.
     */
    private void judgeLateness(FeedHealthState s, long now, List<FeedAlert> alerts) {
        long window = settings.lateWindowMillis();
        if (s.lateWindowEnd == FeedObservation.UNKNOWN) {
            s.lateWindowEnd = (Math.floorDiv(now, window) + 1) * window;
            return;
        }
        if (now < s.lateWindowEnd) {
            return;
        }
        long from = s.lateWindowEnd - window;
        for (int f = 0; f < FEEDS.length; f++) {
            long records = s.arrivals[f];
            long late = s.late[f];
            boolean tooLate =
                    late >= settings.lateMinRecords() && late >= settings.lateShare() * records;
            String period =
                    " from "
                            + clock.format(Instant.ofEpochMilli(from))
                            + " to "
                            + clock.format(Instant.ofEpochMilli(s.lateWindowEnd));
            if (tooLate && s.lateSince[f] == FeedObservation.UNKNOWN) {
                s.lateSince[f] = from;
                long bound =
                        (f == 0 ? settings.gateLatenessMillis() : settings.trainLatenessMillis())
                                / 1000;
                long advice =
                        (Math.floorDiv(s.lateBy[f] / 1000, ADVICE_STEP_SECONDS) + 1)
                                * ADVICE_STEP_SECONDS;
                FeedAlert a =
                        alert(
                                FeedAlertKind.LATE_ARRIVALS,
                                FeedAlertState.RAISED,
                                -1,
                                FEEDS[f],
                                now,
                                from,
                                String.format(
                                        Locale.ROOT,
                                        "%d of %d %s records (%.0f %%)%s came later than the"
                                                + " %d s bound, up to %d s late: they are late"
                                                + " events, left out of the decisions; if the"
                                                + " feed uploads in batches, set"
                                                + " eventTime.lateness.%s to %d or more",
                                        late,
                                        records,
                                        f == 0 ? "gate" : "train",
                                        100.0 * late / Math.max(1, records),
                                        period,
                                        bound,
                                        s.lateBy[f] / 1000,
                                        LATENESS_KEYS[f],
                                        advice));
                a.expected = records;
                a.received = records - late;
                alerts.add(a);
            } else if (!tooLate && records > 0 && s.lateSince[f] != FeedObservation.UNKNOWN) {
                FeedAlert a =
                        alert(
                                FeedAlertKind.LATE_ARRIVALS,
                                FeedAlertState.CLEARED,
                                -1,
                                FEEDS[f],
                                now,
                                s.lateSince[f],
                                String.format(
                                        Locale.ROOT,
                                        "%d of %d %s records came late%s: below the bound again",
                                        late,
                                        records,
                                        f == 0 ? "gate" : "train",
                                        period));
                a.expected = records;
                a.received = records - late;
                alerts.add(a);
                s.lateSince[f] = FeedObservation.UNKNOWN;
            }
            s.arrivals[f] = 0;
            s.late[f] = 0;
            s.lateBy[f] = 0;
        }
        s.lateWindowEnd = (Math.floorDiv(now, window) + 1) * window;
    }

    private FeedAlert alert(
            FeedAlertKind kind,
            FeedAlertState state,
            int station,
            String feed,
            long now,
            long since,
            String reason) {
        FeedAlert a = new FeedAlert();
        a.kind = kind;
        a.state = state;
        a.lineId = network.lineId();
        a.stationId = station < 0 ? null : network.station(station).id();
        a.feed = feed;
        a.eventTime = now;
        a.since = since;
        a.reason = reason;
        return a;
    }

    private void size(FeedHealthState s) {
        int n = network.stationCount();
        if (s.lastGate.length == n) {
            return;
        }
        s.lastGate = filled(n);
        s.lastTrain = filled(n);
        s.firstHeard = filled(n);
        s.gatesSilent = new boolean[n];
        s.trainSilent = new boolean[n];
    }

    private static long[] filled(int n) {
        long[] a = new long[n];
        Arrays.fill(a, FeedObservation.UNKNOWN);
        return a;
    }

    private static int gateIndex(FeedHealthState s, String gate, int station) {
        int i = indexOf(s.gates, gate);
        if (i >= 0) {
            return i;
        }
        s.gates = append(s.gates, gate);
        s.gateStation = append(s.gateStation, station);
        s.gateExpected = append(s.gateExpected, 0);
        s.gateReceived = append(s.gateReceived, 0);
        s.gateLossSince = append(s.gateLossSince, FeedObservation.UNKNOWN);
        s.gateLastBeat = append(s.gateLastBeat, FeedObservation.UNKNOWN);
        s.gateSilent = Arrays.copyOf(s.gateSilent, s.gateSilent.length + 1);
        return s.gates.length - 1;
    }

    private static long known(long time) {
        return time == FeedObservation.UNKNOWN ? Long.MAX_VALUE : time;
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String[] append(String[] a, String v) {
        String[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    private static int[] append(int[] a, int v) {
        int[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    private static long[] append(long[] a, long v) {
        long[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    private static String[] remove(String[] a, int i) {
        String[] b = new String[a.length - 1];
        System.arraycopy(a, 0, b, 0, i);
        System.arraycopy(a, i + 1, b, i, a.length - i - 1);
        return b;
    }

    private static long[] remove(long[] a, int i) {
        long[] b = new long[a.length - 1];
        System.arraycopy(a, 0, b, 0, i);
        System.arraycopy(a, i + 1, b, i, a.length - i - 1);
        return b;
    }
}
