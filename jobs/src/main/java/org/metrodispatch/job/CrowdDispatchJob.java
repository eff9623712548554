package org.metrodispatch.job;

import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.FeedAlert;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.City;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.dispatch.CrowdingSignal;
import org.metrodispatch.dispatch.FeedObservation;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.job.io.KafkaIO;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.List;

/**
 * The crowd-dispatch job graph. Its source and sinks come from outside, so the same graph runs on
 * Kafka in production and on files in replays and tests:
 *
 * <pre>
 * source (raw records, no watermarks)
 *   -> parse and validate             -> dead letters
 *   -> event time from the healthy feeds (watermarks) -> dead letters (clocks off), late events
 *   -> feed probe                     -> observations -> keyBy line: feed health -> feed alerts
 *   -> keyBy station: station flow    -> station load (sliding windows, platform estimates),
 *                                        dead letters (ids reused), late events (after a restore)
 *   -> crowding signals, keyBy line: dispatch planner (knows the line's feed alerts)
 *   -> recommendations, decision log
 * </pre>
 *
 * <p>It serves a {@link City}: one line, or several, each with its own feed health and dispatch
 * planner (keyed by line id), its stations keyed by their index in the city.
 */
public final class CrowdDispatchJob {

    private final JobSettings settings;
    private final City city;
    private final List<FlowShares> shares;

    /** The job for one line. */
    public CrowdDispatchJob(JobSettings settings, Network network, FlowShares shares) {
        this(settings, City.of(network), List.of(shares));
    }

    /**
     * The job for the lines of a city.
     *
     * @param shares per line, in the city's order
     */
    public CrowdDispatchJob(JobSettings settings, City city, List<FlowShares> shares) {
        if (shares.size() != city.lineCount()) {
            throw new IllegalArgumentException(
                    "flow shares for " + shares.size() + " of " + city.lineCount() + " lines");
        }
        this.settings = settings;
        this.city = city;
        this.shares = List.copyOf(shares);
    }

    /**
     * Adds the job to an environment.
     *
     * @param sourceParallelism parallelism of the source (a replay has one split, Kafka one per
     *     partition); the rest runs at the environment's parallelism
     * @param oneSplit whether the source is one split read in a fixed order (a replay), so its
     *     files are idle after a count of records without one of theirs, not after wall-clock time
     */
    public void define(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> source,
            int sourceParallelism,
            boolean oneSplit,
            JobSinks sinks) {
        // The job's watermarks come from validated events with a robust clock
        // (EventTimeOperator). On Kafka with a drift set, the source's own, per partition, only
        // pace the reading, so no partition runs far ahead of the others; a replay reads one split
        // in order. Where the source sniffed a record's time, it is the record's timestamp, which
        // the parser checks against the time it reads.
        WatermarkStrategy<RawRecord> pacing =
                oneSplit || settings.partitionDrift.isZero()
                        ? PartitionPace.unpaced()
                        : PartitionPace.aligned(
                                settings.partitionDrift, settings.partitionPace, settings.idleness);
        DataStream<RawRecord> raw =
                env.fromSource(source, pacing, "Input records", Types.POJO(RawRecord.class))
                        .uid("input-source")
                        .setParallelism(sourceParallelism);

        SingleOutputStreamOperator<StationEvent> parsed =
                raw.process(
                                new ParseFunction(
                                        city,
                                        settings.rejectedPrefixBytes,
                                        settings.feedHealth.rejectedWindowRecords(),
                                        settings.feedHealth.rejectedShare()))
                        .returns(Types.POJO(StationEvent.class))
                        .uid("parse")
                        .name("Parse and validate")
                        // Chained to the source: raw records are never shipped between threads.
                        .setParallelism(sourceParallelism);
        SingleOutputStreamOperator<StationEvent> events =
                parsed.transform(
                                "Event time from the healthy feeds",
                                Types.POJO(StationEvent.class),
                                new EventTimeOperator(
                                        city,
                                        settings.eventTime,
                                        oneSplit,
                                        oneSplit ? 0 : settings.idleness.toMillis(),
                                        settings.rejectedPrefixBytes,
                                        settings.feedHealth.reportMillis()))
                        .uid("event-time")
                        .setParallelism(sourceParallelism);

        // The feeds' health is watched as the accepted events go by.
        SingleOutputStreamOperator<StationEvent> probed =
                events.transform(
                                "Feed probe",
                                Types.POJO(StationEvent.class),
                                new FeedProbe(
                                        city.stationCount(),
                                        settings.feedHealth.reportMillis(),
                                        settings.outOfOrderness.toMillis()))
                        .uid("feed-probe")
                        .setParallelism(sourceParallelism);
        SingleOutputStreamOperator<FeedAlert> feedAlerts =
                probed.getSideOutput(FeedProbe.OBSERVATIONS)
                        .union(events.getSideOutput(FeedProbe.OBSERVATIONS))
                        .flatMap(new ObservationsByLine(city))
                        .returns(Types.POJO(FeedObservation.class))
                        .uid("observations-by-line")
                        .name("Feed observations to their line")
                        .setParallelism(sourceParallelism)
                        .keyBy(observation -> observation.lineId, Types.STRING)
                        .process(new FeedHealthFunction(city, settings.feedHealth))
                        .returns(Types.POJO(FeedAlert.class))
                        .uid("feed-health")
                        .name("Feed health");

        // The decisions' path: station flow -> crowding signals -> dispatch planner.
        SingleOutputStreamOperator<CrowdingSignal> signals =
                probed.transform(
                                "Combine each station's second",
                                Types.POJO(StationSecond.class),
                                new StationSecondCombiner())
                        .uid("combine-station-seconds")
                        .setParallelism(sourceParallelism)
                        .keyBy(combined -> combined.station, Types.INT)
                        .process(
                                new StationFlowFunction(
                                        city,
                                        shares,
                                        settings.windows(),
                                        settings.estimation,
                                        settings.detection,
                                        settings.deduplicationWindow.toSeconds(),
                                        settings.eventTime.maxWalkSeconds()))
                        .returns(Types.POJO(CrowdingSignal.class))
                        .uid("station-flow")
                        .name("Station flow: windows, platform estimates, crowding");
        // Rejected records come from the parser, from the event-time judge (clocks off, late) and
        // from the stations (reused ids, seconds already processed): one output each.
        attach(
                parsed.getSideOutput(ParseFunction.DEAD_LETTERS)
                        .union(
                                events.getSideOutput(ParseFunction.DEAD_LETTERS),
                                signals.getSideOutput(StationFlowFunction.DEAD_LETTERS)),
                sinks.deadLetters,
                "dead-letters",
                "Dead letters");
        attach(
                events.getSideOutput(ParseFunction.LATE_EVENTS)
                        .union(signals.getSideOutput(StationFlowFunction.LATE_EVENTS)),
                sinks.lateEvents,
                "late-events",
                "Late events");
        attach(
                signals.getSideOutput(StationFlowFunction.STATION_LOAD),
                sinks.stationLoad,
                "station-load",
                "Station load");

        // Alerts about the input as a whole (mostly rejected) come straight from the parser: they
        // must be heard even when no valid record ever moves event time.
        DataStream<FeedAlert> allAlerts =
                feedAlerts.union(parsed.getSideOutput(ParseFunction.FEED_ALERTS));
        attachSingle(allAlerts, sinks.feedHealth, "feed-health", "Feed health");
        attachSingle(allAlerts, sinks.feedHealthLog, "feed-health-log", "Feed health log");

        // One planner per line: it holds the line's spare trains, and knows its feed alerts.
        SingleOutputStreamOperator<DispatchDecision> decisions =
                signals.keyBy(signal -> signal.lineId, Types.STRING)
                        .connect(feedAlerts.keyBy(alert -> alert.lineId, Types.STRING))
                        .process(new DispatchPlanFunction(city, settings.dispatch))
                        .returns(Types.POJO(DispatchDecision.class))
                        .uid("dispatch-planner")
                        .name("Dispatch planner");
        // Recommendations are what the operations centre acts on; the rest is for the log.
        if (sinks.recommendations != null) {
            attachSingle(
                    decisions
                            .filter(CrowdDispatchJob::isRecommendation)
                            .uid("recommendations-filter")
                            .name("Actionable decisions")
                            .setParallelism(1)
                            .transform(
                                    "Progress marks",
                                    Types.POJO(Outgoing.class),
                                    new ProgressOperator(settings.progressInterval.toMillis()))
                            .uid("progress-marks")
                            .setParallelism(1),
                    sinks.recommendations,
                    "recommendations",
                    "Recommendations");
        }
        attachSingle(decisions, sinks.decisionLog, "decision-log", "Decision log");
    }

    /**
     * Adds the job as production runs it: the gate and train topics as its source, at one reader
     * per partition (event time from the healthy feeds); the sinks still come from outside.
     *
     * @param bounded stop at the offsets that were the latest at start (tests, benchmarks)
     */
    public void defineOnKafka(
            StreamExecutionEnvironment env, KafkaTopics topics, boolean bounded, JobSinks sinks) {
        define(env, KafkaIO.source(settings, topics, bounded), settings.parallelism, false, sinks);
    }

    private static <T> void attach(DataStream<T> stream, Sink<T> sink, String uid, String name) {
        if (sink != null) {
            stream.sinkTo(sink).uid(uid + "-sink").name(name);
        }
    }

    /** Decisions stay in one ordered stream: their sinks run at parallelism 1. */
    private static <T> void attachSingle(
            DataStream<T> stream, Sink<T> sink, String uid, String name) {
        if (sink != null) {
            stream.sinkTo(sink).uid(uid + "-sink").name(name).setParallelism(1);
        }
    }

    /**
     * Whether a decision goes to the recommendations topic: the decisions about episodes that got
     * an empty train (RAISED, UPDATED, CLEARED). SUPPRESSED decisions, and updates of an episode no
     * train was sent for, are for the decision log only.
     */
    public static boolean isRecommendation(DispatchDecision decision) {
        return decision.decision != DecisionType.SUPPRESSED && decision.trainsSent > 0;
    }
}
