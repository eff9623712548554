package org.metrodispatch.dispatch;

import org.metrodispatch.contract.decision.CrowdingEvidence;
import org.metrodispatch.contract.decision.PlatformEstimate;
import org.metrodispatch.contract.decision.StationLoad;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.Service;
import org.metrodispatch.contract.network.Station;
import org.metrodispatch.contract.network.Timetable;
import org.metrodispatch.contract.time.DayClock;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One station's flow, second by second: the passengers counted in and out in sliding windows, the
 * passengers waiting on each side of the platform, and the crowding signals that drive dispatch.
 *
 * <p>Each call to {@link #processSecond} handles one completed second of event time at one station:
 * time passes for the estimators and the windows, the second's gate counts and train reports apply
 * (trains in a fixed order, whatever order they came in), a departure is judged by the detector at
 * once, and at the end of each window slide the station load is produced and every platform is
 * judged again. The caller keeps the state between seconds and decides when a second is complete.
 * Plain Java: no Flink here.
 */
public final class StationFlow {

    /** Where the outputs of a second go. */
    public interface Output {

        /** A platform became crowded, is still crowded, or cleared: what the planner acts on. */
        void signal(CrowdingSignal signal);

        /** The station's sliding-window counts and platform estimates, at a window end. */
        void load(StationLoad load);
    }

    /**
     * A train's arrival or departure report, as the flow needs it.
     *
     * @param service the service's index in the network; -1 when unknown
     */
    public record TrainReport(
            boolean departure,
            String trainId,
            int direction,
            long eventTime,
            int load,
            int capacity,
            int service) {

        /** A report that names no service. */
        public TrainReport(
                boolean departure,
                String trainId,
                int direction,
                long eventTime,
                int load,
                int capacity) {
            this(departure, trainId, direction, eventTime, load, capacity, -1);
        }

        public TrainReport {
            Objects.requireNonNull(trainId, "trainId");
            if (direction != 0 && direction != 1) {
                throw new IllegalArgumentException("direction index " + direction);
            }
        }
    }

    /** The de-duplicated events of one station in one completed second. */
    public record SecondEvents(int entries, int exits, int heartbeats, List<TrainReport> trains) {

        public SecondEvents {
            if (entries < 0 || exits < 0 || heartbeats < 0) {
                throw new IllegalArgumentException("negative counts");
            }
            Objects.requireNonNull(trains, "trains");
        }
    }

    // Arrivals before departures of the same millisecond, so a train leaves after it came.
    private static final Comparator<TrainReport> TRAIN_ORDER =
            Comparator.comparingLong(TrainReport::eventTime)
                    .thenComparing(TrainReport::departure)
                    .thenComparing(TrainReport::trainId);

    private final Network network;
    private final FlowShares shares;
    private final SlidingCounts windows;
    private final CrowdingDetector detector;
    private final int forecastDepartures;
    private final PlatformEstimator[] estimators;
    private final EstimationSettings estimation;

    /** Per station and direction, the part of the line's trains that leave it that way. */
    private final double[] leavingShare;

    public StationFlow(
            Network network,
            FlowShares shares,
            SlidingCounts windows,
            EstimationSettings estimation,
            DetectionSettings detection) {
        this.network = Objects.requireNonNull(network, "network");
        this.shares = Objects.requireNonNull(shares, "shares");
        this.windows = Objects.requireNonNull(windows, "windows");
        this.detector = new CrowdingDetector(Objects.requireNonNull(detection, "detection"));
        this.forecastDepartures = detection.forecastDepartures();
        this.estimation = Objects.requireNonNull(estimation, "estimation").forShares(this.shares);
        this.leavingShare = leavingShares(network);
        this.estimators = new PlatformEstimator[network.stationCount()];
        for (Station station : network.stations()) {
            // Entries reach the platform after the station's mean walk from the gates.
            estimators[station.index()] =
                    new PlatformEstimator(
                            this.estimation, (int) Math.round(station.walkMeanSeconds()));
        }
    }

    /** Service shares are weights: the part of the line's trains leaving each station each way. */
    private static double[] leavingShares(Network network) {
        double all = 0;
        for (Service service : network.services()) {
            all += service.share();
        }
        double[] shares = new double[network.stationCount() * 2];
        for (Station station : network.stations()) {
            for (Direction direction : Direction.values()) {
                double leaving = 0;
                for (Service service : network.servicesLeaving(station.index(), direction)) {
                    leaving += service.share();
                }
                shares[station.index() * 2 + direction.index()] = all > 0 ? leaving / all : 0;
            }
        }
        return shares;
    }

    /**
     * Processes one completed second at a station. Seconds must come in order, each once, with no
     * second skipped since the station's first.
     *
     * @param window the station's sliding counts, updated in place
     * @param platforms the station's platforms by {@code Direction.index()}, updated in place
     * @param second the epoch second
     * @param events the second's events, or null when it had none
     */
    public void processSecond(
            Station station,
            WindowState window,
            PlatformState[] platforms,
            long second,
            SecondEvents events,
            Output out) {
        PlatformEstimator estimator = estimators[station.index()];
        for (PlatformState platform : platforms) {
            estimator.advanceTo(platform, second);
        }
        windows.advanceTo(window, second);
        if (events != null) {
            apply(station, window, platforms, second, events, out);
        }
        for (Direction direction : Direction.values()) {
            scheduledDeparture(station, window, platforms, direction, second, out);
        }
        if (windows.windowEndsAfter(second)) {
            endOfWindow(station, window, platforms, second + 1, out);
        }
    }

    private void apply(
            Station station,
            WindowState window,
            PlatformState[] platforms,
            long second,
            SecondEvents events,
            Output out) {
        PlatformEstimator estimator = estimators[station.index()];
        windows.add(window, second, events.entries(), events.exits(), events.heartbeats());
        if (events.entries() > 0) {
            int secondOfDay = DayClock.secondOfDay(second, network.timeZone().getRules());
            double forward = forwardPart(station, platforms, secondOfDay);
            for (Direction direction : Direction.values()) {
                double part = direction == Direction.FORWARD ? forward : 1 - forward;
                PlatformState platform = platforms[direction.index()];
                updateGroupShares(station, platform, direction, secondOfDay);
                estimator.addEntries(platform, second, events.entries() * part);
            }
        }
        if (events.trains().isEmpty()) {
            return;
        }
        TrainReport[] trains = events.trains().toArray(new TrainReport[0]);
        Arrays.sort(trains, TRAIN_ORDER);
        for (TrainReport train : trains) {
            PlatformState platform = platforms[train.direction()];
            // Reports again: the departures are the trains', not the timetable's.
            platform.trainHeardSecond = second;
            platform.gatesOnly = false;
            platform.nextScheduledDeparture = 0;
            if (!train.departure()) {
                PlatformEstimator.rememberArrivals(platform, network.services().size());
                estimator.onArrival(platform, train.trainId(), train.load());
                continue;
            }
            Direction direction = Direction.ofIndex(train.direction());
            int secondOfDay = DayClock.secondOfDay(second, network.timeZone().getRules());
            ServiceGroups groups = shares.groups();
            int serviceBit =
                    groups == null || train.service() < 0
                            ? 0
                            : groups.serviceBit(station.index(), direction, train.service());
            estimator.onDeparture(
                    platform,
                    train.trainId(),
                    train.eventTime(),
                    train.load(),
                    train.capacity(),
                    shares.alightingShare(station.index(), direction, secondOfDay),
                    serviceBit);
            // A departure is news at once: who was left behind decides.
            judge(station, window, platforms, direction, second * 1000, out);
        }
    }

    /**
     * The part of the station's entries that rides FORWARD: the profile's shares, as each side's
     * departures corrected them.
     */
    private double forwardPart(Station station, PlatformState[] platforms, int secondOfDay) {
        double forward =
                shares.directionShare(station.index(), Direction.FORWARD, secondOfDay)
                        * PlatformEstimator.correction(platforms[Direction.FORWARD.index()]);
        double reverse =
                shares.directionShare(station.index(), Direction.REVERSE, secondOfDay)
                        * PlatformEstimator.correction(platforms[Direction.REVERSE.index()]);
        double total = forward + reverse;
        return total > 0 ? forward / total : 0.5;
    }

    /**
     * At a side several services leave (branches): the profile's service groups for this time of
     * day, for the passengers now walking to the platform.
     */
    private void updateGroupShares(
            Station station, PlatformState platform, Direction direction, int secondOfDay) {
        ServiceGroups groups = shares.groups();
        int count = groups == null ? 0 : groups.groups(station.index(), direction);
        if (count == 0) {
            return;
        }
        double[] share =
                platform.groupShare.length == count ? platform.groupShare : new double[count];
        for (int g = 0; g < count; g++) {
            share[g] = shares.groupShare(station.index(), direction, g, secondOfDay);
        }
        PlatformEstimator.setGroupShares(platform, share);
    }

    /** The time between departures leaving a station one way; 0 outside service hours. */
    private long headwaySeconds(Station station, Direction direction, int secondOfDay) {
        Timetable timetable = network.timetable();
        double share = leavingShare[station.index() * 2 + direction.index()];
        if (share <= 0
                || secondOfDay < timetable.serviceStartSecond()
                || secondOfDay >= timetable.serviceEndSecond()) {
            return 0;
        }
        return Math.max(1, Math.round(timetable.headwayAt(secondOfDay) / share));
    }

    /**
     * Forecasts the next departures of one side: entries at the window's rate, split as the
     * estimator splits them, against the room the lightest of the last trains brought (one per
     * service: where branches merge, their trains bring different loads), or, on gates only, the
     * room trains typically bring.
     */
    private void forecast(
            Station station,
            WindowState window,
            PlatformState[] platforms,
            Direction direction,
            long second) {
        PlatformState platform = platforms[direction.index()];
        platform.forecastLeftBehind = -1;
        platform.forecastRun = 0;
        int secondOfDay = DayClock.secondOfDay(second, network.timeZone().getRules());
        long headway = headwaySeconds(station, direction, secondOfDay);
        if (headway <= 0) {
            return;
        }
        double forward = forwardPart(station, platforms, secondOfDay);
        double perSecond =
                windows.entries(window)
                        / (double) windows.sizeSeconds()
                        * (direction == Direction.FORWARD ? forward : 1 - forward);
        long next;
        if (platform.gatesOnly && platform.nextScheduledDeparture > 0) {
            next = platform.nextScheduledDeparture - second;
        } else if (platform.lastDepartureTime > 0) {
            next = platform.lastDepartureTime / 1000 + headway - second;
        } else {
            next = headway;
        }
        int lightest = PlatformEstimator.lightestRecentArrival(platform);
        double arriving =
                !platform.gatesOnly && lightest >= 0
                        ? lightest
                        : shares.typicalArrivingLoad(station.index(), direction, secondOfDay);
        int capacity =
                platform.lastTrainCapacity > 0
                        ? platform.lastTrainCapacity
                        : network.crushCapacity();
        double stayOn =
                Math.min(capacity, arriving)
                        * (1 - shares.alightingShare(station.index(), direction, secondOfDay));
        PlatformEstimator estimator = estimators[station.index()];
        int[] leftBehind =
                estimator.forecast(
                        platform,
                        perSecond,
                        Math.max(0, next),
                        headway,
                        capacity - stayOn,
                        Math.max(1, forecastDepartures));
        platform.forecastLeftBehind = leftBehind[0];
        // Without forecast mode the forecast is evidence (the planner weighs it), not a trigger.
        platform.forecastRun =
                forecastDepartures > 0 ? estimator.forecastRun(leftBehind, capacity) : 0;
    }

    /**
     * Gate-only mode: a side that heard no train report for {@code gatesOnlyAfterSeconds} (or
     * never, since it started) takes its departures from the timetable, one per headway of the
     * services leaving it that way, within service hours.
     */
    private void scheduledDeparture(
            Station station,
            WindowState window,
            PlatformState[] platforms,
            Direction direction,
            long second,
            Output out) {
        PlatformState platform = platforms[direction.index()];
        if (platform.firstSecond == 0) {
            platform.firstSecond = second;
        }
        int after = estimation.gatesOnlyAfterSeconds();
        long heard =
                platform.trainHeardSecond > 0 ? platform.trainHeardSecond : platform.firstSecond;
        if (after <= 0 || second - heard < after) {
            return;
        }
        int secondOfDay = DayClock.secondOfDay(second, network.timeZone().getRules());
        long headway = headwaySeconds(station, direction, secondOfDay);
        if (headway <= 0) {
            platform.nextScheduledDeparture = 0;
            return;
        }
        platform.gatesOnly = true;
        if (platform.nextScheduledDeparture == 0) {
            platform.nextScheduledDeparture = second + headway;
        }
        if (second < platform.nextScheduledDeparture) {
            return;
        }
        platform.nextScheduledDeparture = second + headway;
        estimators[station.index()].onScheduledDeparture(
                platform,
                second * 1000,
                shares.typicalArrivingLoad(station.index(), direction, secondOfDay),
                network.crushCapacity(),
                shares.alightingShare(station.index(), direction, secondOfDay));
        judge(station, window, platforms, direction, second * 1000, out);
    }

    private void endOfWindow(
            Station station,
            WindowState window,
            PlatformState[] platforms,
            long windowEnd,
            Output out) {
        StationLoad load = new StationLoad();
        load.stationId = station.id();
        load.windowEnd = windowEnd * 1000;
        load.windowStart = load.windowEnd - windows.sizeSeconds() * 1000L;
        load.entries = windows.entries(window);
        load.exits = windows.exits(window);
        load.heartbeats = windows.heartbeats(window);
        load.platforms = new PlatformEstimate[2];
        for (Direction direction : Direction.values()) {
            PlatformState platform = platforms[direction.index()];
            judge(station, window, platforms, direction, windowEnd * 1000, out);
            PlatformEstimate estimate = new PlatformEstimate();
            estimate.direction = network.directionName(direction);
            estimate.waitingEstimate = platform.waiting;
            estimate.densityM2PerPerson =
                    CrowdingDetector.density(platform, station.waitingAreaM2());
            estimate.levelOfService =
                    CrowdingDetector.levelOf(platform, station.waitingAreaM2()).name();
            estimate.leftBehind = platform.leftBehind;
            estimate.consecutiveLeftBehind = platform.consecutiveLeftBehind;
            estimate.crowded = platform.crowded;
            load.platforms[direction.index()] = estimate;
        }
        out.load(load);
    }

    /** Lets the detector judge a platform; passes on the signal it gives, if any. */
    private void judge(
            Station station,
            WindowState window,
            PlatformState[] platforms,
            Direction direction,
            long time,
            Output out) {
        PlatformState platform = platforms[direction.index()];
        forecast(station, window, platforms, direction, time / 1000);
        double area = station.waitingAreaM2();
        // Asked before the detector changes the platform: why it is raised, in its words then.
        String raiseReason = platform.crowded ? null : detector.raiseReason(platform, area);
        SignalType type = detector.evaluate(platform, time, area);
        if (type == null) {
            return;
        }
        CrowdingSignal signal = new CrowdingSignal();
        signal.type = type;
        signal.stationId = station.id();
        signal.direction = network.directionName(direction);
        signal.time = time;
        signal.severity = platform.waiting / area;
        signal.reason = reason(type, raiseReason, platform, area);
        signal.evidence = evidence(station, window, platform);
        out.signal(signal);
    }

    private String reason(
            SignalType type, String raiseReason, PlatformState platform, double area) {
        switch (type) {
            case RAISED:
                return raiseReason;
            case CLEARED:
                return detector.clearReason(platform, area);
            default:
                return detector.raiseReason(platform, area);
        }
    }

    private CrowdingEvidence evidence(Station station, WindowState window, PlatformState platform) {
        CrowdingEvidence e = new CrowdingEvidence();
        long windowEnd = (window.currentPane + 1) * windows.slideSeconds() * 1000L;
        e.windowEnd = windowEnd;
        e.windowStart = windowEnd - windows.sizeSeconds() * 1000L;
        e.windowEntries = windows.entries(window);
        e.windowExits = windows.exits(window);
        e.waitingEstimate = platform.waiting;
        e.leftBehind = platform.leftBehind;
        e.consecutiveLeftBehind = platform.consecutiveLeftBehind;
        e.densityM2PerPerson = CrowdingDetector.density(platform, station.waitingAreaM2());
        e.levelOfService = CrowdingDetector.levelOf(platform, station.waitingAreaM2()).name();
        e.lastTrainId = platform.lastTrainId;
        e.lastDepartureTime = platform.lastDepartureTime;
        e.lastTrainLoad = platform.lastTrainLoad;
        e.lastTrainCapacity = platform.lastTrainCapacity;
        e.forecastLeftBehind = platform.forecastLeftBehind;
        e.basis = platform.gatesOnly ? CrowdingEvidence.GATES_ONLY : CrowdingEvidence.TRAIN_REPORTS;
        return e;
    }
}
