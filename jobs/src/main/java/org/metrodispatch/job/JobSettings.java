package org.metrodispatch.job;

import org.metrodispatch.contract.config.ConfigNode;
import org.metrodispatch.contract.config.YamlFiles;
import org.metrodispatch.contract.truth.LevelOfService;
import org.metrodispatch.dispatch.DetectionSettings;
import org.metrodispatch.dispatch.DispatchSettings;
import org.metrodispatch.dispatch.EstimationSettings;
import org.metrodispatch.dispatch.FeedHealthSettings;
import org.metrodispatch.dispatch.SlidingCounts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The job's settings from {@code config/job.yaml}, with command-line overrides applied on top. */
public final class JobSettings {

    /** The file these settings were read from (a run record hashes it). */
    public Path configFile;

    public Path networkFile;

    /**
     * The flow profile learned by {@code calibrate} from past days of the feeds; null: derive the
     * shares from the network alone.
     */
    public Path profileFile;

    public int parallelism;
    public int maxParallelism;

    /**
     * How late a gate record, and a train record, may come and still count ({@code
     * eventTime.lateness}); event time waits for the larger, {@link #outOfOrderness}.
     */
    public Duration gateLateness;

    public Duration trainLateness;

    public Duration outOfOrderness;
    public Duration idleness;

    /**
     * On Kafka, how far (event time) a partition may be read ahead of the slowest before the source
     * pauses it ({@link PartitionPace}); zero reads every partition as fast as it comes.
     */
    public Duration partitionDrift;

    /**
     * How often each partition's pace is taken and the readers' paces compared: at most what a
     * reader reads in this time runs ahead of the allowed drift.
     */
    public Duration partitionPace;

    /** How event time follows the healthy feeds ({@code eventTime} in the job file). */
    public EventTimeRules eventTime;

    public int windowSizeSeconds;
    public int windowSlideSeconds;
    public EstimationSettings estimation;
    public DetectionSettings detection;
    public DispatchSettings dispatch;

    /** How often the job publishes its progress with the recommendations, in event time. */
    public Duration progressInterval;

    public String bootstrapServers;
    public Path topicsFile;
    public String groupId;
    public String startFrom;
    public String transactionalIdPrefix;
    public Duration transactionTimeout;

    /**
     * Further Kafka client properties, as the client names them (kafka.consumer, kafka.producer).
     */
    public Map<String, String> consumerProperties = Map.of();

    public Map<String, String> producerProperties = Map.of();
    public Duration checkpointInterval;
    public Duration checkpointTimeout;
    public Duration checkpointMinPause;
    public String checkpointDirectory;
    public Duration restartInitialBackoff;
    public Duration restartMaxBackoff;
    public int restartAttempts;

    /** How long, in event time, an event id is remembered to recognise resends and reuse. */
    public Duration deduplicationWindow;

    /** How much of a rejected record its dead letter or late event keeps, in bytes. */
    public int rejectedPrefixBytes;

    /** When a feed is called degraded. */
    public FeedHealthSettings feedHealth;

    /**
     * Points the job at another network. The configured profile was learned on the configured
     * network, so with another one the direction and alighting shares come from the network alone
     * (until a profile for it is given).
     *
     * @return a notice for the user when the configured profile was set aside, else null
     */
    public String useNetwork(Path network) {
        Path configured = networkFile;
        if (network.toAbsolutePath().normalize().equals(configured.toAbsolutePath().normalize())) {
            return null;
        }
        networkFile = network;
        if (profileFile == null) {
            return null;
        }
        Path setAside = profileFile;
        profileFile = null;
        return "the configured profile "
                + setAside
                + " describes "
                + configured
                + ", not "
                + network
                + ": direction and alighting shares come from the network alone"
                + " (--profile FILE gives a profile learned for it by 'metro-dispatch calibrate')";
    }

    /** Reads a job file; every error names the file, the key and the problem. */
    public static JobSettings load(Path file) {
        ConfigNode root = YamlFiles.load(file);
        root.allowOnly(
                Set.of(
                        "network",
                        "profile",
                        "demandModel",
                        "parallelism",
                        "maxParallelism",
                        "eventTime",
                        "windows",
                        "estimation",
                        "detection",
                        "dispatch",
                        "kafka",
                        "checkpointing",
                        "restart",
                        "deduplication",
                        "deadLetters",
                        "feedHealth"));
        JobSettings s = new JobSettings();
        s.configFile = file;
        s.networkFile = root.filePath("network");
        if (root.has("demandModel")) {
            // The job decides from what an operations centre has: its feeds' history, not the
            // simulator's demand model.
            throw root.error(
                    "demandModel",
                    "the job no longer reads a scenario's demand model; learn a profile from past"
                            + " days with 'metro-dispatch calibrate' and name it under 'profile:'");
        }
        s.profileFile = root.has("profile") ? root.filePath("profile") : null;
        s.parallelism = root.integer("parallelism", 1, 1024, 2);
        s.maxParallelism = root.integer("maxParallelism", 1, 32_768, 128);
        if (s.parallelism > s.maxParallelism) {
            throw root.error(
                    "parallelism", "must not exceed maxParallelism (" + s.maxParallelism + ")");
        }

        readEventTime(root, s);
        readWindows(root, s);
        readEstimation(root, s);
        readDetection(root, s);
        readDispatch(root, s);
        readKafka(root, s, file);
        readCheckpointing(root, s);
        readRestart(root, s);
        readDeduplication(root, s);
        readDeadLetters(root, s);
        readFeedHealth(root, s);
        return s;
    }

    /** The event-time section: out-of-orderness, idleness and clock skew. */
    private static void readEventTime(ConfigNode root, JobSettings s) {
        ConfigNode time = root.childOrEmpty("eventTime");
        time.allowOnly(
                Set.of(
                        "outOfOrdernessSeconds",
                        "lateness",
                        "idlenessSeconds",
                        "partitionDriftSeconds",
                        "partitionPaceMillis",
                        "healthyQuantile",
                        "frontQuantile",
                        "quorumFeeds",
                        "startBufferRecords",
                        "startWaitSeconds",
                        "maxLeadSeconds",
                        "maxAheadSeconds",
                        "maxBehindMinutes",
                        "skewConfirmations",
                        "staleFeedMinutes",
                        "maxWalkMinutes",
                        "replayIdleRecords"));
        if (time.has("outOfOrdernessSeconds")) {
            throw time.error(
                    "outOfOrdernessSeconds",
                    "is now set per feed: lateness.gatesSeconds and lateness.trainsSeconds");
        }
        ConfigNode lateness =
                time.childOrEmpty("lateness").allowOnly(Set.of("gatesSeconds", "trainsSeconds"));
        s.gateLateness = Duration.ofSeconds(lateness.integer("gatesSeconds", 0, 3_600, 90));
        s.trainLateness = Duration.ofSeconds(lateness.integer("trainsSeconds", 0, 3_600, 90));
        // One event time for both feeds: it waits for the later of them.
        s.outOfOrderness =
                s.gateLateness.compareTo(s.trainLateness) >= 0 ? s.gateLateness : s.trainLateness;
        s.idleness = Duration.ofSeconds(time.integer("idlenessSeconds", 0, 86_400, 60));
        s.partitionDrift = Duration.ofSeconds(time.integer("partitionDriftSeconds", 0, 86_400, 0));
        s.partitionPace = Duration.ofMillis(time.integer("partitionPaceMillis", 10, 60_000, 200));
        s.eventTime =
                new EventTimeRules(
                        s.outOfOrderness.toMillis(),
                        time.number("healthyQuantile", 0.05, 0.95, 0.5),
                        time.number("frontQuantile", 0.5, 1.0, 0.9),
                        time.integer("quorumFeeds", 1, 10_000, 5),
                        time.integer("startBufferRecords", 1, 10_000_000, 10_000),
                        time.integer("startWaitSeconds", 1, 3_600, 3) * 1000L,
                        time.integer("maxLeadSeconds", 0, 86_400, 60) * 1000L,
                        time.integer("maxAheadSeconds", 1, 86_400, 120) * 1000L,
                        time.integer("maxBehindMinutes", 1, 100_000, 10) * 60_000L,
                        time.integer("skewConfirmations", 1, 1_000, 3),
                        time.integer("staleFeedMinutes", 1, 100_000, 10) * 60_000L,
                        time.integer("maxWalkMinutes", 1, 100_000, 10) * 60L,
                        time.integer("replayIdleRecords", 1, 100_000_000, 2_000));
        if (s.eventTime.maxLeadMillis() > s.eventTime.maxAheadMillis()) {
            throw time.error("maxLeadSeconds", "must not exceed maxAheadSeconds");
        }
    }

    /** The sliding windows: size a multiple of the slide. */
    private static void readWindows(ConfigNode root, JobSettings s) {
        ConfigNode windows = root.childOrEmpty("windows");
        windows.allowOnly(Set.of("sizeSeconds", "slideSeconds"));
        s.windowSizeSeconds = windows.integer("sizeSeconds", 1, 86_400, 300);
        s.windowSlideSeconds = windows.integer("slideSeconds", 1, 86_400, 30);
        if (s.windowSizeSeconds % s.windowSlideSeconds != 0) {
            throw windows.error(
                    "sizeSeconds",
                    "must be a multiple of slideSeconds (" + s.windowSlideSeconds + ")");
        }
    }

    /** The estimation of who is left behind. */
    private static void readEstimation(ConfigNode root, JobSettings s) {
        ConfigNode estimation = root.childOrEmpty("estimation");
        estimation.allowOnly(
                Set.of(
                        "fullLoadFactor",
                        "minLeftBehind",
                        "loadError",
                        "correctionStep",
                        "maxCorrection",
                        "gatesOnlyAfterSeconds"));
        s.estimation =
                new EstimationSettings(
                        estimation.number("fullLoadFactor", 0.5, 1.5, 0.98),
                        estimation.integer("minLeftBehind", 1, 100_000, 20),
                        estimation.number("loadError", 0, 0.3, 0.03),
                        estimation.has("correctionStep")
                                ? estimation.number("correctionStep", 0, 1)
                                : EstimationSettings.AUTO,
                        estimation.number("maxCorrection", 1, 100, 8),
                        estimation.integer("gatesOnlyAfterSeconds", 0, 86_400, 300));
    }

    /** When crowding is raised and cleared; clearing needs a better level than raising. */
    private static void readDetection(ConfigNode root, JobSettings s) {
        ConfigNode detection = root.childOrEmpty("detection");
        detection.allowOnly(
                Set.of(
                        "raiseAfterConsecutiveLeftBehind",
                        "raiseAtLevelOfService",
                        "raiseAtOccupiedFraction",
                        "personAreaM2",
                        "clearAfterDeparturesWithoutLeftBehind",
                        "clearAtLevelOfService",
                        "clearHoldSeconds",
                        "forecastDepartures"));
        LevelOfService raiseLevel = level(detection, "raiseAtLevelOfService", LevelOfService.E);
        LevelOfService clearLevel = level(detection, "clearAtLevelOfService", LevelOfService.C);
        if (!raiseLevel.atLeastAsBadAs(clearLevel) || raiseLevel == clearLevel) {
            throw detection.error(
                    "clearAtLevelOfService",
                    "must be a better level than raiseAtLevelOfService (" + raiseLevel + ")");
        }
        s.detection =
                new DetectionSettings(
                        detection.integer("raiseAfterConsecutiveLeftBehind", 1, 100, 2),
                        raiseLevel,
                        detection.number("raiseAtOccupiedFraction", 0, 1, 0),
                        detection.number("personAreaM2", 0.05, 10, 0.5),
                        detection.integer("clearAfterDeparturesWithoutLeftBehind", 1, 100, 2),
                        clearLevel,
                        detection.integer("clearHoldSeconds", 0, 86_400, 180) * 1000L,
                        detection.integer("forecastDepartures", 0, 10, 0));
    }

    /** The empty trains: follow-ups, limits and progress marks. */
    private static void readDispatch(ConfigNode root, JobSettings s) {
        ConfigNode dispatch = root.childOrEmpty("dispatch");
        dispatch.allowOnly(
                Set.of(
                        "followUpAfterSeconds",
                        "followUpAfterLeftBehindDepartures",
                        "maxTrainsPerEpisode",
                        "minUpdateIntervalSeconds",
                        "progressIntervalSeconds",
                        "reservedSpares",
                        "reserveAfterLeftBehindDepartures"));
        s.dispatch =
                new DispatchSettings(
                        dispatch.integer("followUpAfterSeconds", 0, 86_400, 300) * 1000L,
                        dispatch.integer("maxTrainsPerEpisode", 1, 100, 3),
                        dispatch.integer("minUpdateIntervalSeconds", 0, 86_400, 120) * 1000L,
                        dispatch.integer("followUpAfterLeftBehindDepartures", 0, 100, 3),
                        dispatch.integer("reservedSpares", 0, 100, 1),
                        dispatch.integer("reserveAfterLeftBehindDepartures", 0, 100, 3));
        s.progressInterval =
                Duration.ofSeconds(dispatch.integer("progressIntervalSeconds", 1, 3_600, 5));
    }

    /** The brokers, topics, transactions and client properties. */
    private static void readKafka(ConfigNode root, JobSettings s, Path file) {
        ConfigNode kafka = root.childOrEmpty("kafka");
        kafka.allowOnly(
                Set.of(
                        "bootstrapServers",
                        "topics",
                        "groupId",
                        "startFrom",
                        "transactionalIdPrefix",
                        "transactionTimeoutMinutes",
                        "consumer",
                        "producer"));
        s.bootstrapServers = kafka.string("bootstrapServers", "localhost:9092");
        s.topicsFile =
                kafka.has("topics")
                        ? kafka.filePath("topics")
                        : file.toAbsolutePath().resolveSibling("kafka.yaml");
        s.groupId = kafka.string("groupId", "metro-dispatch-job");
        s.startFrom =
                kafka.oneOf("startFrom", Set.of("committed", "earliest", "latest"), "committed");
        s.transactionalIdPrefix = kafka.string("transactionalIdPrefix", "metro-dispatch");
        s.transactionTimeout =
                Duration.ofMinutes(kafka.integer("transactionTimeoutMinutes", 1, 14, 10));
        s.consumerProperties = clientProperties(kafka.childOrEmpty("consumer"));
        s.producerProperties = clientProperties(kafka.childOrEmpty("producer"));
    }

    /** Checkpoints: interval, timeout, pause and directory. */
    private static void readCheckpointing(ConfigNode root, JobSettings s) {
        ConfigNode checkpointing = root.childOrEmpty("checkpointing");
        checkpointing.allowOnly(
                Set.of("intervalSeconds", "timeoutSeconds", "minPauseSeconds", "directory"));
        s.checkpointInterval =
                Duration.ofSeconds(checkpointing.integer("intervalSeconds", 1, 3_600, 10));
        s.checkpointTimeout =
                Duration.ofSeconds(checkpointing.integer("timeoutSeconds", 10, 86_400, 300));
        s.checkpointMinPause =
                Duration.ofSeconds(checkpointing.integer("minPauseSeconds", 0, 3_600, 2));
        s.checkpointDirectory =
                checkpointing.string("directory", "file:///tmp/metro-dispatch/checkpoints");
    }

    /** The restart strategy: exponential backoff. */
    private static void readRestart(ConfigNode root, JobSettings s) {
        ConfigNode restart = root.childOrEmpty("restart");
        restart.allowOnly(Set.of("initialBackoffSeconds", "maxBackoffSeconds", "attempts"));
        s.restartInitialBackoff =
                Duration.ofSeconds(restart.integer("initialBackoffSeconds", 1, 3_600, 1));
        s.restartMaxBackoff =
                Duration.ofSeconds(restart.integer("maxBackoffSeconds", 1, 86_400, 60));
        s.restartAttempts = restart.integer("attempts", 1, Integer.MAX_VALUE, 1000);
    }

    /** De-duplication: how long an event id is remembered, in event time. */
    private static void readDeduplication(ConfigNode root, JobSettings s) {
        ConfigNode deduplication = root.childOrEmpty("deduplication");
        deduplication.allowOnly(Set.of("windowMinutes"));
        s.deduplicationWindow =
                Duration.ofMinutes(deduplication.integer("windowMinutes", 0, 1_440, 10));
    }

    /** Feed health: when a feed is silent, loses taps, or the input is mostly rejected. */
    private static void readFeedHealth(ConfigNode root, JobSettings s) {
        ConfigNode health = root.childOrEmpty("feedHealth");
        health.allowOnly(
                Set.of(
                        "reportSeconds",
                        "trainFeedSilentSeconds",
                        "gatesSilentSeconds",
                        "tapLossWindowMinutes",
                        "tapLossMinTaps",
                        "tapLossShare",
                        "rejectedWindowRecords",
                        "rejectedShare",
                        "lateWindowMinutes",
                        "lateMinRecords",
                        "lateShare"));
        s.feedHealth =
                new FeedHealthSettings(
                        health.integer("reportSeconds", 1, 3_600, 30) * 1000L,
                        health.integer("trainFeedSilentSeconds", 1, 86_400, 180) * 1000L,
                        health.integer("gatesSilentSeconds", 1, 86_400, 180) * 1000L,
                        health.integer("tapLossWindowMinutes", 1, 1_440, 15) * 60_000L,
                        health.integer("tapLossMinTaps", 1, 1_000_000, 5),
                        health.number("tapLossShare", 0.0, 1.0, 0.01),
                        health.integer("rejectedWindowRecords", 1, 1_000_000, 1_000),
                        health.number("rejectedShare", 0.01, 1.0, 0.5),
                        health.integer("lateWindowMinutes", 1, 1_440, 15) * 60_000L,
                        health.integer("lateMinRecords", 1, 1_000_000, 20),
                        health.number("lateShare", 0.0, 1.0, 0.05),
                        s.gateLateness.toMillis(),
                        s.trainLateness.toMillis());
    }

    /** Dead letters: how much of a rejected record they keep. */
    private static void readDeadLetters(ConfigNode root, JobSettings s) {
        ConfigNode deadLetters = root.childOrEmpty("deadLetters");
        deadLetters.allowOnly(Set.of("rawPrefixBytes"));
        s.rejectedPrefixBytes = deadLetters.integer("rawPrefixBytes", 0, 65_536, 4_096);
    }

    /**
     * Kafka client settings the job owns: its exactly-once and ordering guarantees rest on them.
     */
    private static final Set<String> MANAGED_CLIENT_PROPERTIES =
            Set.of(
                    "bootstrap.servers",
                    "group.id",
                    "isolation.level",
                    "transactional.id",
                    "transaction.timeout.ms",
                    "enable.idempotence",
                    "enable.auto.commit",
                    "key.deserializer",
                    "value.deserializer",
                    "key.serializer",
                    "value.serializer");

    private static Map<String, String> clientProperties(ConfigNode node) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> entry : node.entries().entrySet()) {
            if (MANAGED_CLIENT_PROPERTIES.contains(entry.getKey())) {
                throw node.error(
                        entry.getKey(),
                        "is set by the job itself (or by another key of this file), not here");
            }
            properties.put(entry.getKey(), entry.getValue().text());
        }
        return Map.copyOf(properties);
    }

    private static LevelOfService level(ConfigNode node, String key, LevelOfService fallback) {
        return LevelOfService.parse(
                node.oneOf(key, Set.of("A", "B", "C", "D", "E", "F"), fallback.name()));
    }

    /** The sliding windows these settings describe. */
    public SlidingCounts windows() {
        return new SlidingCounts(windowSizeSeconds, windowSlideSeconds);
    }
}
