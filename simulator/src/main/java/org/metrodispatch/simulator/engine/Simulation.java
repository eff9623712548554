package org.metrodispatch.simulator.engine;

import org.metrodispatch.contract.demand.DemandModel;
import org.metrodispatch.contract.demand.FeedFaults;
import org.metrodispatch.contract.demand.FeedSettings;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.GateHeartbeat;
import org.metrodispatch.contract.event.SignallingHeartbeat;
import org.metrodispatch.contract.event.TrainEvent;
import org.metrodispatch.contract.event.TrainEventType;
import org.metrodispatch.contract.json.EventJson;
import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.Station;
import org.metrodispatch.contract.time.DayClock;
import org.metrodispatch.contract.time.TimeFormatter;
import org.metrodispatch.contract.truth.TruthJson;
import org.metrodispatch.simulator.feed.DeliveryQueue;
import org.metrodispatch.simulator.feed.FeedChannel;
import org.metrodispatch.simulator.feed.FeedFaultPlan;
import org.metrodispatch.simulator.feed.MalformedRecords;
import org.metrodispatch.simulator.output.EventSink;

import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The rush-hour simulator: passengers and trains of a network, second by second.
 *
 * <p>Passengers enter each station as a non-homogeneous Poisson process shaped by the demand model,
 * each with a destination and so a direction; they walk from the gate to the platform, wait, board
 * trains first come first served up to the train's capacity or are left behind, ride, alight and
 * walk out through an exit gate. Trains run the timetable and report arrivals and departures with
 * their load. Gate taps, heartbeats and train reports go through imperfect feeds to the sink; the
 * ground truth of every platform goes to the sink untouched. Feed faults that a scenario turns on
 * ({@link FeedFaultPlan}: skewed gate clocks, silent gates or train feed, lost taps), the noise of
 * the trains' load sensors and lost train reports change only what the feeds deliver, never the
 * passengers, trains, gate counters or ground truth.
 *
 * <p>Each passenger is numbered in the order they enter; both their taps carry the card id of that
 * number ({@link CardIds}). The demand is the scenario's, varied for the seed's day ({@link
 * DayDemand}) when the scenario has a {@code variation} block.
 *
 * <p>The simulation always starts at the start of service, so that trains and platforms are in a
 * realistic state when the requested window opens; only records inside the window are written.
 */
public final class Simulation {

    private static final int DESTINATION_SLOT_SECONDS = 900;

    private final Network network;
    private final DemandModel demand;
    private final SimulationOptions options;
    private final EventSink sink;
    private final TimeFormatter time;
    private final int stationCount;
    private final DayClock clock;

    /** Epoch second the simulation starts at; platform arrival times count from it. */
    private final long firstSecond;

    private final long fromMillis;
    private final long toMillis;
    private final String[] stationIds;
    private final String[][] gateIds;
    private final long[][] gateSequence;
    private final long[][] gateEntries;
    private final long[][] gateExits;
    private final int[][] serviceMasks;
    private final Platform[][] platforms;
    private final SplittableRandom[] entryRandom;
    private final SplittableRandom exitRandom;
    private final SplittableRandom loadNoiseRandom;
    private final SplittableRandom lostReportRandom;
    private final double loadNoise;
    private final double lostReportShare;
    private final CardIds cardIds;
    private final double dayDemandFactor;
    private long passengers;
    private final DestinationSampler sampler;
    private final LongList[] walkCalendar;
    private final LongList[] exitCalendar;
    private final List<IntList> heartbeatPhases = new ArrayList<>();
    private final List<IntList> signallingPhases = new ArrayList<>();
    private final List<TripPlan> plans;
    private final List<Trip> active = new ArrayList<>();
    private final Fleet fleet = new Fleet();
    private final FeedChannel gateFeed;
    private final FeedChannel trainFeed;
    private final FeedFaultPlan faults;
    private final JsonBytes json = new JsonBytes(512);
    private final GateEvent gateEvent = new GateEvent();
    private final GateHeartbeat heartbeat = new GateHeartbeat();
    private final SignallingHeartbeat signalling = new SignallingHeartbeat();
    private final TrainEvent trainEvent = new TrainEvent();
    private final SimulationSummary summary = new SimulationSummary();
    private final int heartbeatSeconds;
    private final int signallingSeconds;
    private int nextPlan;
    private ProgressListener progress = ProgressListener.NONE;
    private SimulationObserver observer = SimulationObserver.NONE;
    private SimulationController controller = SimulationController.NONE;

    public Simulation(Scenario scenario, SimulationOptions options, EventSink sink) {
        this.network = scenario.network();
        if (scenario.variation().isNone()) {
            this.demand = scenario.demand();
            this.dayDemandFactor = 1.0;
        } else {
            DayDemand day =
                    DayDemand.draw(scenario.variation(), network.stationCount(), options.seed());
            this.demand = day.apply(scenario.demand());
            this.dayDemandFactor = day.dayFactor() * day.weatherFactor();
        }
        this.options = options;
        this.sink = sink;
        ZoneId zone = network.timeZone();
        this.time = new TimeFormatter(zone);
        this.stationCount = network.stationCount();
        this.clock = new DayClock(options.date(), zone);
        this.fromMillis = clock.epochSecond(options.fromSecond()) * 1000;
        this.toMillis = clock.epochSecond(options.toSecond()) * 1000;
        RandomStreams streams = new RandomStreams(options.seed());

        stationIds = new String[stationCount];
        gateIds = new String[stationCount][];
        gateSequence = new long[stationCount][];
        gateEntries = new long[stationCount][];
        gateExits = new long[stationCount][];
        platforms = new Platform[stationCount][2];
        entryRandom = new SplittableRandom[stationCount];
        heartbeatSeconds = scenario.gateFeed().heartbeatSeconds();
        for (int i = 0; i < heartbeatSeconds; i++) {
            heartbeatPhases.add(new IntList());
        }
        SplittableRandom phaseRandom = streams.stream("heartbeat-phase", 0);
        signallingSeconds = scenario.trainFeed().heartbeatSeconds();
        for (int i = 0; i < signallingSeconds; i++) {
            signallingPhases.add(new IntList());
        }
        SplittableRandom signallingPhaseRandom = streams.stream("signalling-phase", 0);
        int maxWalk = 1;
        for (Station station : network.stations()) {
            int s = station.index();
            stationIds[s] = station.id();
            int gates = station.gates();
            gateIds[s] = new String[gates];
            gateSequence[s] = new long[gates];
            gateEntries[s] = new long[gates];
            gateExits[s] = new long[gates];
            for (int g = 0; g < gates; g++) {
                gateIds[s][g] = FeedFaults.gateId(station.id(), g);
                heartbeatPhases.get(phaseRandom.nextInt(heartbeatSeconds)).add(s << 16 | g);
            }
            signallingPhases.get(signallingPhaseRandom.nextInt(signallingSeconds)).add(s);
            platforms[s][0] = new Platform();
            platforms[s][1] = new Platform();
            entryRandom[s] = streams.stream("entries", s);
            maxWalk = Math.max(maxWalk, station.walkMaxSeconds());
        }
        exitRandom = streams.stream("exits", 0);
        loadNoiseRandom = streams.stream("train-load-noise", 0);
        lostReportRandom = streams.stream("lost-train-reports", 0);
        loadNoise = scenario.trainFeed().loadNoise();
        lostReportShare = scenario.trainFeed().lostReportShare();
        cardIds = new CardIds(options.seed());
        faults =
                new FeedFaultPlan(
                        scenario.feedFaults(),
                        stationIds,
                        gateIds,
                        clock,
                        streams.stream("lost-taps", 0));
        walkCalendar = ring(maxWalk + 2);
        exitCalendar = ring(maxWalk + 2);
        serviceMasks = new int[stationCount][stationCount];
        for (int o = 0; o < stationCount; o++) {
            for (int d = 0; d < stationCount; d++) {
                for (int k = 0; k < network.services().size(); k++) {
                    var service = network.services().get(k);
                    if (o != d && service.calls(o) && service.calls(d)) {
                        serviceMasks[o][d] |= 1 << k;
                    }
                }
            }
        }
        sampler = new DestinationSampler(demand, DESTINATION_SLOT_SECONDS);
        plans = new TripPlanner(network, clock).plan();

        firstSecond =
                Math.min(
                        clock.epochSecond(network.timetable().serviceStartSecond()),
                        fromMillis / 1000);
        int gateHorizon =
                horizon(
                        scenario.gateFeed().delayMaxSeconds(),
                        scenario.gateFeed().duplicateMaxDelaySeconds());
        int trainHorizon =
                horizon(
                        scenario.trainFeed().delayMaxSeconds(),
                        scenario.trainFeed().duplicateMaxDelaySeconds());
        MalformedRecords malformed = new MalformedRecords();
        gateFeed =
                new FeedChannel(
                        scenario.gateFeed(),
                        new DeliveryQueue(
                                sink,
                                EventSink.Stream.GATE_EVENTS,
                                stationIds,
                                gateHorizon,
                                firstSecond),
                        streams.stream("gate-feed", 0),
                        streams.stream("gate-resends", 0),
                        streams.stream("gate-junk", 0),
                        malformed);
        trainFeed =
                new FeedChannel(
                        scenario.trainFeed(),
                        new DeliveryQueue(
                                sink,
                                EventSink.Stream.TRAIN_EVENTS,
                                stationIds,
                                trainHorizon,
                                firstSecond),
                        streams.stream("train-feed", 0),
                        streams.stream("train-resends", 0),
                        streams.stream("train-junk", 0),
                        malformed);
    }

    private static int horizon(double delaySeconds, double duplicateSeconds) {
        return (int) Math.ceil(delaySeconds + duplicateSeconds) + 2;
    }

    private static LongList[] ring(int minimumSize) {
        int size = Integer.highestOneBit(minimumSize * 2 - 1);
        LongList[] ring = new LongList[size];
        for (int i = 0; i < size; i++) {
            ring[i] = new LongList();
        }
        return ring;
    }

    public void setProgressListener(ProgressListener listener) {
        this.progress = listener;
    }

    public void setObserver(SimulationObserver observer) {
        this.observer = observer;
    }

    /** Runs the whole day up to the end of the window and returns what it produced. */
    public SimulationSummary run() throws IOException {
        return runTogether(List.of(this)).get(0);
    }

    /**
     * Runs the simulations of a city's lines together, second by second in a fixed order, so their
     * records interleave as they would on one feed (they share a sink). The first line's options
     * set the pace; its progress listener hears all lines' records.
     *
     * @return each line's summary, in the given order
     */
    public static List<SimulationSummary> runTogether(List<Simulation> lines) throws IOException {
        Simulation lead = lines.get(0);
        long wallStart = System.nanoTime();
        long first = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (Simulation line : lines) {
            first = Math.min(first, line.firstSecond);
            end = Math.max(end, line.toMillis / 1000);
        }
        long paceOrigin = lead.fromMillis / 1000;
        for (long second = first; second < end; second++) {
            long delivered = 0;
            for (Simulation line : lines) {
                line.advance(second);
                delivered += line.deliveredSoFar();
            }
            if (!lead.options.fast() && second >= paceOrigin) {
                lead.pace(wallStart, second - paceOrigin);
            }
            if ((second & 63) == 0) {
                lead.progress.onProgress(second * 1000, delivered, System.nanoTime() - wallStart);
            }
        }
        List<SimulationSummary> summaries = new ArrayList<>();
        for (Simulation line : lines) {
            summaries.add(line.finish(wallStart));
        }
        SimulationSummary all =
                summaries.size() == 1 ? summaries.get(0) : SimulationSummary.sum(summaries);
        lead.progress.onFinished(all);
        return summaries;
    }

    /** One second, when it is within this line's day, and the records due by its end. */
    private void advance(long second) throws IOException {
        if (second < firstSecond || second >= toMillis / 1000) {
            return;
        }
        step(second);
        gateFeed.queue().deliverUntil(second);
        trainFeed.queue().deliverUntil(second);
    }

    private SimulationSummary finish(long wallStart) throws IOException {
        gateFeed.queue().deliverAll();
        trainFeed.queue().deliverAll();
        sink.flush();
        summary.wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        summary.gateRecordsDelivered = gateFeed.queue().delivered();
        summary.trainRecordsDelivered = trainFeed.queue().delivered();
        summary.duplicates = gateFeed.duplicates() + trainFeed.duplicates();
        summary.veryLate = gateFeed.veryLate() + trainFeed.veryLate();
        summary.malformed = gateFeed.malformed() + trainFeed.malformed();
        summary.lostTaps = faults.lostTaps();
        summary.silencedRecords = faults.silencedRecords();
        summary.skewedRecords = faults.skewedRecords();
        summary.dayDemandFactor = dayDemandFactor;
        summary.trainsUsed = fleet.size();
        return summary;
    }

    private long deliveredSoFar() {
        return gateFeed.queue().delivered() + trainFeed.queue().delivered();
    }

    private void pace(long wallStart, long simulatedSeconds) {
        long target = wallStart + (long) (simulatedSeconds * 1e9 / options.speed());
        long wait = target - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** One second of the simulation, in a fixed order so runs are repeatable. */
    private void step(long second) throws IOException {
        controller.beforeSecond(second, this);
        int secondOfDay = clock.secondOfDay(second);
        if (second % 60 == 0) {
            writePlatformTruth(second);
        }
        // Heartbeats first: their counters cover the taps before them, not those of this second.
        gatesBeat(second);
        signallingBeats(second);
        sampler.advanceTo(secondOfDay);
        startTrips(second);
        passengersEnter(second, secondOfDay);
        passengersReachPlatforms(second);
        trainsMove(second);
        passengersLeave(second);
    }

    private void startTrips(long second) {
        while (nextPlan < plans.size() && plans.get(nextPlan).start() <= second) {
            TripPlan plan = plans.get(nextPlan++);
            Trip trip;
            if (plan.trainId != null) {
                // An inserted train: not one of the timetable's fleet.
                trip = new Trip(plan, plan.trainId, 1, network.crushCapacity(), stationCount);
                trip.fleetNumber = -1;
            } else {
                long[] train = fleet.take(plan.origin(), second);
                trip =
                        new Trip(
                                plan,
                                Fleet.trainId(train[0]),
                                (int) train[1],
                                network.crushCapacity(),
                                stationCount);
                trip.fleetNumber = train[0];
            }
            active.add(trip);
        }
    }

    /**
     * Adds a trip to the day, for an inserted train: it must start at or after the second being
     * simulated. Call it from {@link SimulationController#beforeSecond}.
     */
    public void addTrip(TripPlan plan) {
        int at = nextPlan;
        while (at < plans.size() && plans.get(at).start() <= plan.start()) {
            at++;
        }
        plans.add(at, plan);
    }

    /** Takes back a trip added with {@link #addTrip} that has not started; false if it has. */
    public boolean cancelTrip(TripPlan plan) {
        int at = plans.indexOf(plan);
        if (at < nextPlan) {
            return false;
        }
        plans.remove(at);
        return true;
    }

    /** All trips of the day, timetabled and inserted, in order of their start. */
    public List<TripPlan> trips() {
        return Collections.unmodifiableList(plans);
    }

    public void setController(SimulationController controller) {
        this.controller = controller;
    }

    private void passengersEnter(long second, int secondOfDay) {
        for (int s = 0; s < stationCount; s++) {
            double rate = demand.entryRate(s, secondOfDay);
            if (rate <= 0 || !sampler.hasDestinations(s)) {
                continue;
            }
            SplittableRandom random = entryRandom[s];
            int arrivals = RandomStreams.poisson(random, rate);
            Station station = network.station(s);
            for (int i = 0; i < arrivals; i++) {
                int destination = sampler.sample(s, random);
                int walk = uniform(random, station.walkMinSeconds(), station.walkMaxSeconds());
                int gate = random.nextInt(gateIds[s].length);
                long tapMillis = second * 1000 + random.nextInt(1000);
                long passenger = passengers++;
                walkCalendar[(int) ((second + walk) & (walkCalendar.length - 1))].add(
                        passenger << 32 | s << 16 | destination);
                gateEntries[s][gate]++;
                if (inWindow(tapMillis)) {
                    summary.entries++;
                    observer.onEntry(s, tapMillis);
                }
                emitTap(s, gate, GateDirection.ENTRY, tapMillis, passenger);
            }
        }
    }

    private void passengersReachPlatforms(long second) {
        LongList due = walkCalendar[(int) (second & (walkCalendar.length - 1))];
        long relative = second - firstSecond;
        for (int i = 0; i < due.size(); i++) {
            long packed = due.get(i);
            int origin = (int) (packed >>> 16) & 0xFFFF;
            int destination = (int) packed & 0xFFFF;
            Direction direction = network.direction(origin, destination);
            platforms[origin][direction.index()].add(
                    serviceMasks[origin][destination],
                    Platform.passenger(relative, destination),
                    packed >>> 32);
        }
        due.clear();
    }

    private void passengersLeave(long second) {
        LongList due = exitCalendar[(int) (second & (exitCalendar.length - 1))];
        for (int i = 0; i < due.size(); i++) {
            long packed = due.get(i);
            int s = (int) packed & 0xFFFF;
            int gate = exitRandom.nextInt(gateIds[s].length);
            gateExits[s][gate]++;
            emitTap(
                    s,
                    gate,
                    GateDirection.EXIT,
                    second * 1000 + exitRandom.nextInt(1000),
                    packed >>> 32);
        }
        due.clear();
    }

    private void trainsMove(long second) throws IOException {
        for (int i = 0; i < active.size(); i++) {
            Trip trip = active.get(i);
            if (trip.nextEventSecond() != second) {
                continue;
            }
            if (!trip.atStop) {
                arrive(trip, second);
            } else {
                depart(trip, second);
            }
        }
        active.removeIf(trip -> trip.stop >= trip.plan.stations.length);
    }

    private void arrive(Trip trip, long second) {
        int s = trip.station();
        int loadOnArrival = trip.load;
        Station station = network.station(s);
        int alighting = 0;
        // At the terminus everyone alights, in order of their destinations.
        int first = trip.atTerminus() ? 0 : s;
        int last = trip.atTerminus() ? stationCount - 1 : s;
        for (int d = first; d <= last; d++) {
            LongList riders = trip.riders[d];
            for (int k = 0; k < riders.size(); k++) {
                int walk = uniform(exitRandom, station.walkMinSeconds(), station.walkMaxSeconds());
                exitCalendar[(int) ((second + walk) & (exitCalendar.length - 1))].add(
                        riders.get(k) << 32 | s);
            }
            alighting += riders.size();
            riders.clear();
        }
        trip.load -= alighting;
        emitTrain(trip, TrainEventType.ARRIVAL, second, loadOnArrival);
        trip.atStop = true;
        trip.alightedHere = alighting;
        if (trip.atTerminus()) {
            if (trip.fleetNumber >= 0) {
                fleet.release(
                        trip.fleetNumber, s, second + network.timetable().turnaroundSeconds());
            }
            trip.stop++;
        }
    }

    private void depart(Trip trip, long second) throws IOException {
        int s = trip.station();
        Direction direction = trip.plan.direction;
        Platform platform = platforms[s][direction.index()];
        int room = Math.max(0, trip.capacity - trip.load);
        int boarded = platform.board(trip.serviceBit, room, trip.riders);
        trip.load += boarded;
        int leftBehind = platform.waitingFor(trip.serviceBit);
        long millis = second * 1000;
        if (inWindow(millis)) {
            summary.leftBehind += leftBehind;
            observer.onDeparture(
                    s,
                    trip.plan.stations[trip.stop + 1],
                    direction.index(),
                    trip.trainId,
                    millis,
                    trip.alightedHere,
                    boarded,
                    leftBehind,
                    trip.load);
            json.reset();
            TruthJson.departure(
                    json,
                    time,
                    stationIds[s],
                    network.directionName(direction),
                    trip.trainId,
                    millis,
                    trip.alightedHere,
                    boarded,
                    leftBehind,
                    trip.load,
                    trip.capacity);
            writeTruth(s);
        }
        emitTrain(trip, TrainEventType.DEPARTURE, second, trip.load);
        trip.atStop = false;
        trip.stop++;
    }

    private void writePlatformTruth(long second) throws IOException {
        long millis = second * 1000;
        if (!inWindow(millis)) {
            return;
        }
        for (int s = 0; s < stationCount; s++) {
            Station station = network.station(s);
            for (Direction direction : Direction.values()) {
                int waiting = platforms[s][direction.index()].waiting();
                observer.onPlatformMinute(s, direction.index(), millis, waiting);
                json.reset();
                TruthJson.platform(
                        json,
                        time,
                        stationIds[s],
                        network.directionName(direction),
                        millis,
                        waiting,
                        station.waitingAreaM2());
                writeTruth(s);
            }
        }
    }

    private void writeTruth(int station) throws IOException {
        sink.write(
                EventSink.Stream.GROUND_TRUTH,
                stationIds[station],
                json.buffer(),
                0,
                json.length());
        summary.truthLines++;
    }

    private void gatesBeat(long second) {
        if (heartbeatSeconds <= 0) {
            return;
        }
        IntList due = heartbeatPhases.get((int) Math.floorMod(second, (long) heartbeatSeconds));
        long millis = second * 1000;
        boolean deliver = inWindow(millis);
        for (int i = 0; i < due.size(); i++) {
            int s = due.get(i) >>> 16;
            int g = due.get(i) & 0xFFFF;
            // A silent gate still beats (and draws its feed's randomness); nothing arrives.
            boolean arrives = deliver && !faults.gateSilent(s, g, millis, deliver);
            heartbeat.eventId = gateIds[s][g] + "-hb-" + second;
            heartbeat.stationId = stationIds[s];
            heartbeat.gateId = gateIds[s][g];
            heartbeat.eventTime = faults.gateEventTime(s, g, millis, arrives);
            heartbeat.entriesTotal = gateEntries[s][g];
            heartbeat.exitsTotal = gateExits[s][g];
            json.reset();
            EventJson.write(json, heartbeat, time);
            gateFeed.send(millis, s, json.buffer(), 0, json.length(), arrives);
            if (arrives) {
                summary.heartbeats++;
            }
        }
    }

    private void signallingBeats(long second) {
        IntList due = signallingPhases.get((int) Math.floorMod(second, (long) signallingSeconds));
        long millis = second * 1000;
        boolean deliver = inWindow(millis);
        for (int i = 0; i < due.size(); i++) {
            int s = due.get(i);
            boolean arrives = deliver && !faults.trainSilent(s, millis, deliver);
            signalling.eventId = stationIds[s] + "-sig-" + second;
            signalling.stationId = stationIds[s];
            signalling.eventTime = millis;
            json.reset();
            EventJson.write(json, signalling, time);
            trainFeed.send(millis, s, json.buffer(), 0, json.length(), arrives);
            if (arrives) {
                summary.signallingHeartbeats++;
            }
        }
    }

    private void emitTap(int s, int gate, GateDirection direction, long tapMillis, long passenger) {
        long sequence = ++gateSequence[s][gate];
        boolean deliver = inWindow(tapMillis);
        // The counters above and in the heartbeats count every tap; a lost or silenced tap only
        // never arrives, which is how a consumer can notice it.
        boolean silent = faults.gateSilent(s, gate, tapMillis, deliver);
        boolean lost = faults.tapLost(s, gate, tapMillis, deliver && !silent);
        boolean arrives = deliver && !silent && !lost;
        gateEvent.eventId = gateIds[s][gate] + "-" + sequence;
        gateEvent.stationId = stationIds[s];
        gateEvent.gateId = gateIds[s][gate];
        gateEvent.direction = direction;
        gateEvent.eventTime = faults.gateEventTime(s, gate, tapMillis, arrives);
        gateEvent.cardId = cardIds.of(passenger);
        json.reset();
        EventJson.write(json, gateEvent, time);
        gateFeed.send(tapMillis, s, json.buffer(), 0, json.length(), arrives);
        if (arrives) {
            summary.gateTaps++;
        }
    }

    private void emitTrain(Trip trip, TrainEventType type, long second, int load) {
        long millis = second * 1000;
        int s = trip.station();
        boolean written = inWindow(millis);
        boolean silent = faults.trainSilent(s, millis, written);
        // Both draws are made for every report, in the window or not, from streams of their own:
        // a narrower run reports the same, and the passengers never notice.
        boolean lost = lostReportShare > 0 && lostReportRandom.nextDouble() < lostReportShare;
        int reported = reportedLoad(load, trip.capacity);
        boolean deliver = written && !silent && !lost;
        if (written && !silent && lost) {
            summary.lostTrainReports++;
        }
        trainEvent.eventId =
                trip.trainId
                        + "-"
                        + trip.tripNumber
                        + "-"
                        + stationIds[s]
                        + (type == TrainEventType.ARRIVAL ? "-arr" : "-dep");
        trainEvent.trainId = trip.trainId;
        trainEvent.lineId = network.lineId();
        trainEvent.serviceId = trip.plan.serviceId;
        trainEvent.direction = network.directionName(trip.plan.direction);
        trainEvent.stationId = stationIds[s];
        trainEvent.type = type;
        trainEvent.eventTime = millis;
        trainEvent.load = reported;
        trainEvent.capacity = trip.capacity;
        trainEvent.ratedCapacity = network.ratedCapacity();
        json.reset();
        EventJson.write(json, trainEvent, time);
        trainFeed.send(millis, s, json.buffer(), 0, json.length(), deliver);
        if (deliver) {
            summary.trainEvents++;
        }
    }

    /**
     * The load a train's sensors report for a true load: off by a normal error of {@code loadNoise}
     * relative standard deviation, rounded, and kept from 0 to {@link
     * FeedSettings#MAX_REPORTED_LOAD_FACTOR} times the capacity.
     */
    private int reportedLoad(int load, int capacity) {
        if (loadNoise <= 0) {
            return load;
        }
        double reading = load * (1 + loadNoise * RandomStreams.gaussian(loadNoiseRandom));
        long most = (long) Math.floor(capacity * FeedSettings.MAX_REPORTED_LOAD_FACTOR);
        return (int) Math.max(0, Math.min(most, Math.round(reading)));
    }

    private boolean inWindow(long millis) {
        return millis >= fromMillis && millis < toMillis;
    }

    private static int uniform(SplittableRandom random, int min, int max) {
        return max <= min ? min : min + random.nextInt(max - min + 1);
    }
}
