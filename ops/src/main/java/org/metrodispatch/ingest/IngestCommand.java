package org.metrodispatch.ingest;

import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.contract.cli.KafkaPropertiesOption;
import org.metrodispatch.contract.cli.ProjectPaths;
import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.config.YamlFiles;
import org.metrodispatch.contract.event.FeedEvent;
import org.metrodispatch.contract.json.EventJson;
import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.contract.run.RunRecord;
import org.metrodispatch.contract.time.TimeFormatter;
import org.metrodispatch.simulator.kafka.TopicAdmin;
import org.metrodispatch.simulator.output.EventSink;
import org.metrodispatch.simulator.output.FileEventSink;
import org.metrodispatch.simulator.output.KafkaEventSink;
import org.metrodispatch.simulator.output.SimulationRecords;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code metro-dispatch ingest}: real fare-gate data (tap records, or counts per station and
 * interval) to the event contract, into a run folder the job replays or onto the gate topic.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Turn real fare-gate data into the job's events: tap records (one row per tap, e.g. an"
                    + " AFC export) or counts per station and interval (published open data), in"
                    + " CSV with a column layout from config/ingest/.",
            "Writes DIR/gate-events.jsonl (time order) and DIR/rejected-rows.jsonl, or the gate"
                    + " topic; prints a summary. On 2 cores a day of 2.5 million rows (170 MB)"
                    + " takes about 20 s and 1.5 GB of memory; progress is shown on a terminal."
        })
public final class IngestCommand implements Callable<Integer> {

    public static final String REJECTED_ROWS_FILE = "rejected-rows.jsonl";

    private static final DateTimeFormatter LOCAL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The source's CSV files.")
    List<Path> files;

    @Option(
            names = "--layout",
            required = true,
            paramLabel = "NAME|FILE",
            description =
                    "The files' column layout: a preset of config/ingest/ (tianchi-2019,"
                            + " tianchi-2019-counts) or a layout file.")
    String layoutName;

    @Option(
            names = "--network",
            paramLabel = "FILE",
            description = "The network the data is from (default: the network of config/job.yaml).")
    Path networkFile;

    @Option(
            names = "--stations",
            paramLabel = "FILE",
            description =
                    "CSV mapping the source's station ids to the network's (sourceStationId,"
                            + "stationId). Default: <network>.<source>-stations.csv next to the"
                            + " network file when there is one, else the source uses the network's"
                            + " ids.")
    Path stationsFile;

    @Option(
            names = "--time-zone",
            paramLabel = "ZONE",
            description =
                    "The time zone of the source's local times, e.g. Asia/Shanghai (default: the"
                            + " network's).")
    String timeZone;

    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Option(
                names = "--out",
                paramLabel = "DIR",
                description = "Write a run folder the job replays (job --input DIR).")
        Path out;

        @Option(
                names = "--kafka",
                paramLabel = "HOST:PORT",
                description = "Write to the gate topic of this Kafka broker.")
        String kafka;
    }

    @Option(
            names = "--force",
            description =
                    "Write into DIR even when it holds a run (an earlier ingest or simulation): its"
                            + " event files and ground truth are replaced.")
    boolean force;

    @Option(
            names = "--rejects",
            paramLabel = "FILE",
            description =
                    "Where rejected rows go with --kafka (default: ./"
                            + REJECTED_ROWS_FILE
                            + "; with --out: DIR/"
                            + REJECTED_ROWS_FILE
                            + ").")
    Path rejectsFile;

    @Option(
            names = "--max-rejected-share",
            paramLabel = "SHARE",
            defaultValue = "0.5",
            description =
                    "Fail (exit 1) when more than this share of the rows is rejected: a wrong layout"
                            + " (default: ${DEFAULT-VALUE}).")
    double maxRejectedShare;

    @Mixin KafkaPropertiesOption kafkaProperties = new KafkaPropertiesOption();

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description = "Topic names and partitions (default: config/kafka.yaml).")
    Path kafkaConfig;

    @Option(names = "--gate-topic", paramLabel = "TOPIC", description = "Gate topic name.")
    String gateTopic;

    @Option(names = "--quiet", description = "No progress on standard error.")
    boolean quiet;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(maxRejectedShare >= 0 && maxRejectedShare <= 1)) {
            throw new UserError("--max-rejected-share must be between 0 and 1");
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new UserError("no file " + file);
            }
        }
        SourceLayout layout = SourceLayout.load(layoutName, ProjectPaths.config("ingest"));
        Path network = networkFile != null ? networkFile : configuredNetwork();
        Network net = NetworkLoader.load(network);
        ZoneId zone = zone(net);
        StationMapping mapping = mapping(layout, network, net);
        Path rejects =
                target.out != null
                        ? target.out.resolve(REJECTED_ROWS_FILE)
                        : rejectsFile != null ? rejectsFile : Path.of(REJECTED_ROWS_FILE);
        if (target.out == null) {
            return ingest(layout, network, net, zone, mapping, rejects, null);
        }
        RunRecord.refuseExistingRun(target.out, force, "--force", SimulationRecords.OUTPUTS);
        createFolder(target.out);
        // A forced run replaces the old one whole: no train feed or ground truth of another run.
        for (String old : SimulationRecords.OUTPUTS) {
            Files.deleteIfExists(target.out.resolve(old));
        }
        RunRecord record =
                RunRecord.begin(target.out, "ingest", CommandLines.typedWords(spec))
                        .source(
                                "ingest of "
                                        + files.size()
                                        + " file(s) in layout "
                                        + layout.name()
                                        + (layout.kind() == SourceLayout.Kind.COUNTS
                                                ? " (counts spread evenly over each interval)"
                                                : " (one row per tap)"))
                        .network(net.id(), network)
                        .config("layout", layout.file())
                        .parameter("timeZone", zone.getId());
        if (mapping.file() != null) {
            record.config("stations", mapping.file());
        }
        for (Path file : files) {
            record.file("source", file);
        }
        return record.track(() -> ingest(layout, network, net, zone, mapping, rejects, record));
    }

    private int ingest(
            SourceLayout layout,
            Path network,
            Network net,
            ZoneId zone,
            StationMapping mapping,
            Path rejects,
            RunRecord record)
            throws IOException {
        long totalChars = files.stream().mapToLong(IngestCommand::size).sum();
        ReadProgress progress =
                new ReadProgress(System.err, totalChars, !quiet && CommandLines.stderrIsTerminal());
        long started = System.nanoTime();
        IngestResult result;
        try (RejectWriter rejectWriter = new RejectWriter(rejects)) {
            result = new Ingest(layout, mapping, zone).read(files, rejectWriter, progress);
        }
        progress.done();
        String failure = failure(result);
        if (failure == null) {
            write(result, zone);
        }
        if (record != null) {
            record.outcome("rowsRead", result.rowsRead())
                    .outcome("rowsOffNetwork", result.rowsOffNetwork())
                    .outcome("rowsRejected", result.rowsRejected())
                    .outcome("entries", result.entries())
                    .outcome("exits", result.exits())
                    .outcome("gateHeartbeats", result.heartbeats())
                    .outcome("tapsWithCard", result.withCard())
                    .outcome("stations", result.stations());
            if (failure != null) {
                record.error(failure);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        out.print(summary(result, layout, mapping, net, zone, rejects, seconds));
        if (failure == null) {
            out.printf(
                    Locale.ROOT,
                    "Wrote %,d events to %s%n",
                    result.events().size(),
                    target.out != null
                            ? target.out.resolve(FileEventSink.GATE_EVENTS_FILE)
                            : "topic " + gateTopicName() + " at " + target.kafka);
            if (target.out != null) {
                out.printf(
                        "Replay it: metro-dispatch job --network %s --input %s --out %s%n",
                        network, target.out, target.out.resolve("job"));
            }
        }
        out.flush();
        if (failure != null) {
            spec.commandLine().getErr().println("metro-dispatch ingest: " + failure);
            return CommandLines.FAILURE;
        }
        return 0;
    }

    private static Path configuredNetwork() {
        return YamlFiles.load(ProjectPaths.config("job.yaml")).filePath("network");
    }

    private ZoneId zone(Network net) {
        if (timeZone == null) {
            return net.timeZone();
        }
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new UserError(
                    "--time-zone '" + timeZone + "' is not a time zone (e.g. Asia/Shanghai)");
        }
    }

    private StationMapping mapping(SourceLayout layout, Path network, Network net) {
        if (stationsFile != null) {
            if (!Files.isRegularFile(stationsFile)) {
                throw new UserError("no station mapping " + stationsFile);
            }
            return StationMapping.load(stationsFile, net);
        }
        Path conventional = StationMapping.conventionalFile(network, layout.source());
        return Files.isRegularFile(conventional)
                ? StationMapping.load(conventional, net)
                : StationMapping.identity(net);
    }

    private static void createFolder(Path out) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UserError("cannot create the output folder " + out + " (" + e + ")");
        }
    }

    private String failure(IngestResult result) {
        if (result.rowsRead() > 0 && result.rowsRejected() > maxRejectedShare * result.rowsRead()) {
            return String.format(
                    Locale.ROOT,
                    "%,d of %,d rows rejected (more than %.0f %%): is --layout right? Nothing was"
                            + " written; the reasons are in the rejected rows.",
                    result.rowsRejected(),
                    result.rowsRead(),
                    100 * maxRejectedShare);
        }
        if (result.events().isEmpty()) {
            return result.rowsOffNetwork() > 0
                    ? "no row is of a station on the network: is --network right, or does the"
                            + " source need a station mapping (--stations FILE)?"
                    : "the files hold no data row";
        }
        return null;
    }

    private void write(IngestResult result, ZoneId zone) throws IOException {
        TimeFormatter time = new TimeFormatter(zone);
        JsonBytes json = new JsonBytes(512);
        if (target.out != null) {
            Path file = target.out.resolve(FileEventSink.GATE_EVENTS_FILE);
            Path partial = target.out.resolve(FileEventSink.GATE_EVENTS_FILE + ".partial");
            try (OutputStream out =
                    new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20)) {
                for (FeedEvent event : result.events()) {
                    EventJson.write(json.reset(), event, time).newline().writeTo(out);
                }
            }
            // Whole or not at all: a replay never reads half an ingest.
            Files.move(
                    partial,
                    file,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        KafkaTopics topics =
                KafkaTopics.load(
                                kafkaConfig != null
                                        ? kafkaConfig
                                        : ProjectPaths.config("kafka.yaml"))
                        .withName(KafkaTopics.Role.GATE_EVENTS, gateTopic);
        TopicAdmin.ensureTopics(target.kafka, topics, KafkaTopics.Role.GATE_EVENTS);
        try (EventSink sink = new KafkaEventSink(target.kafka, topics)) {
            for (FeedEvent event : result.events()) {
                EventJson.write(json.reset(), event, time);
                sink.write(
                        EventSink.Stream.GATE_EVENTS,
                        event.stationId(),
                        json.buffer(),
                        0,
                        json.length());
            }
        }
    }

    private KafkaTopics topics() {
        return KafkaTopics.load(
                        kafkaConfig != null ? kafkaConfig : ProjectPaths.config("kafka.yaml"))
                .withName(KafkaTopics.Role.GATE_EVENTS, gateTopic);
    }

    private String gateTopicName() {
        return topics().name(KafkaTopics.Role.GATE_EVENTS);
    }

    static String summary(
            IngestResult r,
            SourceLayout layout,
            StationMapping mapping,
            Network net,
            ZoneId zone,
            Path rejects,
            double seconds) {
        StringBuilder s = new StringBuilder();
        s.append(
                String.format(
                        Locale.ROOT,
                        "Read %,d rows (layout %s, %s, local times in %s) in %.1f s%n",
                        r.rowsRead(),
                        layout.name(),
                        layout.kind() == SourceLayout.Kind.TAPS
                                ? "one row per tap"
                                : "counts per interval",
                        zone,
                        seconds));
        s.append(
                String.format(
                        Locale.ROOT,
                        "  taps: %,d (%,d entries, %,d exits) at %d of %d stations of %s%n",
                        r.taps(),
                        r.entries(),
                        r.exits(),
                        r.stations(),
                        net.stationCount(),
                        net.id()));
        if (!r.events().isEmpty()) {
            s.append("  from ")
                    .append(local(r.firstTime(), zone))
                    .append(" to ")
                    .append(local(r.lastTime(), zone))
                    .append(System.lineSeparator());
        }
        if (layout.kind() == SourceLayout.Kind.COUNTS) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "  counts spread evenly over each interval (times are not real tap"
                                    + " times), with %,d gate heartbeats carrying the counts%n",
                            r.heartbeats()));
        } else if (r.taps() > 0) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "  with a card id: %,d (%.0f %%)%n",
                            r.withCard(),
                            100.0 * r.withCard() / r.taps()));
        }
        s.append("  stations mapped by ")
                .append(mapping.description())
                .append(System.lineSeparator());
        if (r.rowsOffNetwork() > 0) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "  skipped: %,d rows of %d source stations not on the network (%s)%n",
                            r.rowsOffNetwork(),
                            r.offNetworkStations().size(),
                            r.offNetworkStations().stream()
                                            .limit(10)
                                            .collect(Collectors.joining(", "))
                                    + (r.offNetworkStations().size() > 10 ? ", ..." : "")));
        }
        s.append(String.format(Locale.ROOT, "  rows rejected: %,d", r.rowsRejected()));
        s.append(r.rowsRejected() > 0 ? " (" + rejects + ")" : "").append(System.lineSeparator());
        for (Map.Entry<String, IngestResult.RejectCount> e : r.rejects().entrySet()) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "    %,d %s (first: %s)%n",
                            e.getValue().count(),
                            e.getKey(),
                            String.join(", ", e.getValue().firstLines())));
        }
        return s.toString();
    }

    private static String local(long epochMillis, ZoneId zone) {
        return LOCAL_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
