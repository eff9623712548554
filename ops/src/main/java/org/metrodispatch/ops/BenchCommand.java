package org.metrodispatch.ops;

import org.metrodispatch.contract.cli.ProjectPaths;
import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.kafka.KafkaClientSecurity;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.City;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.job.CrowdDispatchJob;
import org.metrodispatch.job.CrowdDispatchMain;
import org.metrodispatch.job.EventTimeSniffer;
import org.metrodispatch.job.JobEnvironment;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.JobSinkSets;
import org.metrodispatch.job.Replay;
import org.metrodispatch.job.io.KafkaIO;
import org.metrodispatch.simulator.engine.ProgressListener;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.engine.SimulationSummary;
import org.metrodispatch.simulator.kafka.CommittedReader;
import org.metrodispatch.simulator.kafka.LocalKafkaBroker;
import org.metrodispatch.simulator.kafka.TopicAdmin;
import org.metrodispatch.simulator.kafka.TopicReader;
import org.metrodispatch.simulator.output.EventSink;
import org.metrodispatch.simulator.output.FileEventSink;
import org.metrodispatch.simulator.output.KafkaEventSink;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code metro-dispatch bench}: measures, side by side in one run on the same generated day, the
 * simulator (to files and into a local broker), a plain single-threaded loop that parses and counts
 * like the job (reading the files, and reading the topics through plain consumers: the ceilings of
 * the two paths), the job replaying files, and the job reading from and writing to Kafka, and the
 * latency from an event's arrival to the recommendation it triggers. Prints medians, ratios and the
 * CPU time a record costs.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Benchmark the simulator, a plain Java loop (on files and on Kafka), and the job"
                    + " (replay and Kafka) on one"
                    + " generated day; print events/s with the spread of the runs, ratios to the"
                    + " plain loop, CPU time per record, latency, memory and the machine's load.",
            "With the defaults it takes about 7 minutes on 2 cores (--skip-kafka about 2); each"
                    + " step is named on standard error as it starts."
        })
public final class BenchCommand implements Callable<Integer> {

    /** Runs of the job on Kafka before the measured ones: the first runs are markedly slower. */
    private static final int KAFKA_WARM_UP_RUNS = 2;

    @Option(
            names = "--scenario",
            paramLabel = "FILE",
            description = "Scenario (default: config/scenarios/weekday-full-day.yaml).")
    Path scenarioFile;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "N",
            description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--repeat",
            defaultValue = "3",
            paramLabel = "N",
            description =
                    "Runs of each measurement; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            paramLabel = "N",
            description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description =
                    "Where to write the generated day and the broker's data (default: .metro-dispatch/bench).")
    Path workDir;

    @Option(
            names = "--skip-kafka",
            description = "Leave out everything that needs the local broker.")
    boolean skipKafka;

    @Option(
            names = "--kafka",
            paramLabel = "HOST:PORT",
            description =
                    "Use this broker (in its own process, e.g. 'metro-dispatch kafka start') instead of"
                            + " one started in the bench's JVM; the bench's topics get a prefix of"
                            + " their own.")
    String kafka;

    @Option(
            names = "--latency-speed",
            defaultValue = "60",
            paramLabel = "X",
            description =
                    "Speed of the paced run that measures latency (default: ${DEFAULT-VALUE} x real time).")
    double latencySpeed;

    @Option(
            names = "--scale",
            split = ",",
            paramLabel = "LINES",
            description =
                    "Instead of the usual table: the city-scale bench. The scenario's line as"
                            + " this many separate lines of one city (for example 1,2,4,6: six"
                            + " copies of Line 1 are about 13 million records a day), each replayed"
                            + " by the job at parallelism 1 and --parallelism.")
    List<Integer> scaleLines;

    private final List<String[]> rows = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private final long benchStarted = System.nanoTime();

    @Override
    public Integer call() throws Exception {
        Path work =
                workDir != null ? workDir : ProjectPaths.home().resolve(".metro-dispatch/bench");
        Files.createDirectories(work);
        Scenario scenario =
                Scenario.load(
                        scenarioFile != null
                                ? scenarioFile
                                : ProjectPaths.config("scenarios/weekday-full-day.yaml"));
        JobSettings settings = JobSettings.load(ProjectPaths.config("job.yaml"));
        settings.parallelism = parallelism;
        Network network = NetworkLoader.load(settings.networkFile);
        FlowShares shares = CrowdDispatchMain.shares(settings, network);
        SimulationOptions day =
                new SimulationOptions(
                        seed,
                        scenario.date(),
                        scenario.fromSecond(),
                        scenario.toSecond(),
                        SimulationOptions.FAST);
        printHeading(scenario, settings);
        if (scaleLines != null) {
            return benchScale(work, scenario, day, settings);
        }
        try (MachineLoad load = MachineLoad.watch()) {
            Path files = work.resolve("day");
            long records = benchSimulator(scenario, day, files);
            printMemory(scenario, day);
            double plainMedian = benchPlainLoop(network, settings, files, records);
            benchReplay(
                    settings,
                    network,
                    shares,
                    files,
                    work.resolve("replay-out"),
                    records,
                    plainMedian);
            if (!skipKafka) {
                benchKafka(work, scenario, day, settings, network, shares, records, plainMedian);
            }
            printTable();
            System.out.println(load.describe());
        }
        return 0;
    }

    private int benchScale(
            Path work, Scenario scenario, SimulationOptions day, JobSettings settings)
            throws Exception {
        List<Integer> lines = new ArrayList<>(new TreeSet<>(scaleLines));
        if (lines.get(0) < 1 || lines.get(lines.size() - 1) > City.maxCopies()) {
            throw new UserError("--scale takes line counts from 1 to " + City.maxCopies());
        }
        List<Integer> parallelisms = parallelism == 1 ? List.of(1) : List.of(1, parallelism);
        try (MachineLoad load = MachineLoad.watch()) {
            new ScaleBench(scenario, day, settings, repeat, work, System.out, this::step)
                    .run(lines, parallelisms);
            System.out.println(load.describe());
        }
        return 0;
    }

    private void printHeading(Scenario scenario, JobSettings settings) {
        System.out.printf(
                Locale.ROOT,
                "metro-dispatch benchmark: %s, seed %d, %d cores, max heap %d MB, job parallelism"
                        + " %d, checkpoints every %d s, %d runs each (median)%n%n",
                scenario.id(),
                seed,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                parallelism,
                settings.checkpointInterval.toSeconds(),
                repeat);
    }

    /** Simulates the day into files, {@code repeat} times; returns the number of records. */
    private long benchSimulator(Scenario scenario, SimulationOptions day, Path files)
            throws IOException {
        List<Double> simulatorToFiles = new ArrayList<>();
        SimulationSummary summary = null;
        for (int i = 0; i < repeat; i++) {
            step("simulator -> files", i);
            try (FileEventSink sink = new FileEventSink(files)) {
                summary = new Simulation(scenario, day, sink).run();
            }
            simulatorToFiles.add(summary.eventsPerSecond());
        }
        long records = summary.eventRecords();
        row("simulator -> files", records, simulatorToFiles, null, null);
        return records;
    }

    /** The plain Java loop over the files; its median rate is what the job is compared with. */
    private double benchPlainLoop(Network network, JobSettings settings, Path files, long records)
            throws IOException {
        Path gate = files.resolve(FileEventSink.GATE_EVENTS_FILE);
        Path train = files.resolve(FileEventSink.TRAIN_EVENTS_FILE);
        List<Double> plain = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            step("plain Java loop", i);
            PlainLoop loop = new PlainLoop(network, settings.windows());
            long start = System.nanoTime();
            long cpuStart = ProcessCpu.nanos();
            loop.run(gate, train);
            plain.add(records / seconds(start));
            cpu.add(ProcessCpu.microsPerRecord(cpuStart, ProcessCpu.nanos(), records));
        }
        double plainMedian = median(plain);
        row("plain Java loop (parse + windows)", records, plain, plainMedian, cpu);
        return plainMedian;
    }

    /** The job replaying the files: rates, its heap, and what it set aside. */
    private void benchReplay(
            JobSettings settings,
            Network network,
            FlowShares shares,
            Path files,
            Path replayOut,
            long records,
            double plainMedian)
            throws Exception {
        ReplayRun replayRun =
                trackHeap ->
                        replay(
                                settings,
                                City.of(network),
                                List.of(shares),
                                files,
                                replayOut,
                                records,
                                trackHeap);
        // A first replay warms the JIT up; it is not counted.
        step("job replay, warm-up", -1);
        replayRun.run(false);
        List<Double> replayWall = new ArrayList<>();
        List<Double> replaySteady = new ArrayList<>();
        List<Double> replayCpu = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            step("job replay", i);
            ThroughputProbe.Result result = replayRun.run(false);
            replayWall.add(records / result.wallSeconds);
            replaySteady.add(result.steadyRate);
            replayCpu.add(result.steadyCpuMicros);
        }
        row("job, replay of files, end to end", records, replayWall, plainMedian, null);
        row("job, replay of files, steady", records, replaySteady, plainMedian, replayCpu);
        step("job replay, heap", -1);
        printJobMemory(replayRun.run(true));
        try (Stream<String> dead = Files.lines(replayOut.resolve("dead-letters.jsonl"));
                Stream<String> late = Files.lines(replayOut.resolve("late-events.jsonl"))) {
            System.out.printf(
                    Locale.ROOT,
                    "Set aside by the job in replay: %d dead letters, %d late events%n",
                    dead.count(),
                    late.count());
        }
    }

    private void benchKafka(
            Path work,
            Scenario scenario,
            SimulationOptions day,
            JobSettings settings,
            Network network,
            FlowShares shares,
            long records,
            double plainMedian)
            throws Exception {
        // The bench's own broker, on loopback without logins, unless one is given (someone else's,
        // maybe holding an earlier bench's topics: this run's topics and ids get their own names).
        Path brokerDir = kafka == null ? work.resolve("kafka-" + System.currentTimeMillis()) : null;
        String runPrefix = kafka == null ? "" : "run" + System.currentTimeMillis() + "-";
        if (kafka == null) {
            KafkaClientSecurity.useForThisProcess(KafkaClientSecurity.none());
        }
        try (LocalKafkaBroker broker =
                brokerDir == null ? null : LocalKafkaBroker.start(brokerDir, 0, 0)) {
            String bootstrap = broker == null ? kafka : broker.bootstrapServers();
            settings.bootstrapServers = bootstrap;
            KafkaTopics base = KafkaTopics.load(settings.topicsFile);
            List<Double> intoKafka = new ArrayList<>();
            // One consumer, and as many as the job has readers: the Kafka path's ceilings.
            List<Integer> plainReaders =
                    settings.parallelism > 1 ? List.of(1, settings.parallelism) : List.of(1);
            Map<Integer, List<Double>> plainOnKafka = new HashMap<>();
            Map<Integer, List<Double>> plainOnKafkaCpu = new HashMap<>();
            for (int readers : plainReaders) {
                plainOnKafka.put(readers, new ArrayList<>());
                plainOnKafkaCpu.put(readers, new ArrayList<>());
            }
            List<Double> endToEnd = new ArrayList<>();
            List<Double> steady = new ArrayList<>();
            List<Double> steadyCpu = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                KafkaTopics topics = renamed(base, runPrefix + "bench" + i);
                TopicAdmin.ensureTopics(bootstrap, topics, KafkaTopics.Role.values());
                step("simulator -> Kafka, then the job on Kafka", i);
                try (KafkaEventSink sink = new KafkaEventSink(bootstrap, topics)) {
                    SimulationSummary summary = new Simulation(scenario, day, sink).run();
                    intoKafka.add(summary.eventsPerSecond());
                }
                // The Kafka path's own ceiling: the plain loop fed by plain consumers.
                List<String> inputs =
                        List.of(
                                topics.name(KafkaTopics.Role.GATE_EVENTS),
                                topics.name(KafkaTopics.Role.TRAIN_EVENTS));
                if (i == 0) {
                    // Not counted: it warms up the JIT of the consumers and of the broker's
                    // fetch path, as the job's first runs do.
                    plainOnKafka(bootstrap, settings, network, inputs, plainReaders.get(0));
                }
                for (int readers : plainReaders) {
                    PlainRun run = plainOnKafka(bootstrap, settings, network, inputs, readers);
                    if (run.records() != records) {
                        throw new IllegalStateException(
                                String.format(
                                        Locale.ROOT,
                                        "the plain loop read %,d records from Kafka, %,d were"
                                                + " written",
                                        run.records(),
                                        records));
                    }
                    plainOnKafka.get(readers).add(run.rate());
                    plainOnKafkaCpu.get(readers).add(run.cpuMicrosPerRecord());
                }
                for (int w = 0; i == 0 && w < KAFKA_WARM_UP_RUNS; w++) {
                    // Not counted: they warm up the JIT of the job and of the broker's fetch
                    // path.
                    runJobOnKafka(
                            settings,
                            network,
                            shares,
                            topics,
                            runPrefix + "bench-warm-up-" + w,
                            records);
                }
                ThroughputProbe.Result result =
                        runJobOnKafka(
                                settings,
                                network,
                                shares,
                                topics,
                                runPrefix + "bench-" + i,
                                records);
                endToEnd.add(records / result.wallSeconds);
                steady.add(result.steadyRate);
                steadyCpu.add(result.steadyCpuMicros);
                if (i == repeat - 1) {
                    printRejected(bootstrap, topics, i == 0 ? 1 + KAFKA_WARM_UP_RUNS : 1);
                }
            }
            row("simulator -> local Kafka broker", records, intoKafka, null, null);
            for (int readers : plainReaders) {
                row(
                        readers == 1
                                ? "plain Java loop on Kafka (one consumer)"
                                : "plain Java loop on Kafka (" + readers + " consumers, threads)",
                        records,
                        plainOnKafka.get(readers),
                        plainMedian,
                        plainOnKafkaCpu.get(readers));
            }
            row(
                    "job, Kafka -> Kafka (exactly once), end to end",
                    records,
                    endToEnd,
                    plainMedian,
                    null);
            row(
                    "job, Kafka -> Kafka (exactly once), steady",
                    records,
                    steady,
                    plainMedian,
                    steadyCpu);
            measureLatency(bootstrap, runPrefix, base, scenario, settings, network, shares);
        } finally {
            if (brokerDir != null) {
                // The broker's data is scratch, over half a gigabyte a run: not left behind.
                Folders.delete(brokerDir);
            }
        }
    }

    /** What a plain loop on Kafka read, how fast, and at what CPU cost per record. */
    private record PlainRun(long records, double rate, double cpuMicrosPerRecord) {}

    /**
     * The plain loop on Kafka: {@code readers} threads, each a consumer of its share of the
     * partitions feeding its own loop, as the job's readers each have theirs.
     */
    private static PlainRun plainOnKafka(
            String bootstrap,
            JobSettings settings,
            Network network,
            List<String> topics,
            int readers)
            throws Exception {
        Properties consumer = CommittedReader.properties(bootstrap);
        consumer.putAll(settings.consumerProperties);
        List<List<TopicPartition>> shares = PlainLoop.partitions(consumer, topics, readers);
        ExecutorService threads = Executors.newFixedThreadPool(readers);
        try {
            long start = System.nanoTime();
            long cpuStart = ProcessCpu.nanos();
            List<Future<Long>> read = new ArrayList<>();
            for (List<TopicPartition> share : shares) {
                PlainLoop loop = new PlainLoop(network, settings.windows());
                read.add(threads.submit(() -> loop.runOnKafka(consumer, share)));
            }
            long records = 0;
            for (Future<Long> reader : read) {
                records += reader.get();
            }
            double seconds = seconds(start);
            return new PlainRun(
                    records,
                    records / seconds,
                    ProcessCpu.microsPerRecord(cpuStart, ProcessCpu.nanos(), records));
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * What the job on Kafka set aside: with a backlog in the topics, partitions read far ahead of
     * others would show here as dead letters (too far ahead of the stream's clock).
     */
    private static void printRejected(String bootstrap, KafkaTopics topics, int runs) {
        long dead = readAll(bootstrap, topics.name(KafkaTopics.Role.DEAD_LETTERS)).size();
        long late = readAll(bootstrap, topics.name(KafkaTopics.Role.LATE_EVENTS)).size();
        System.out.printf(
                Locale.ROOT,
                "Set aside by the job on Kafka, per run: %d dead letters, %d late events%n",
                dead / runs,
                late / runs);
    }

    /**
     * Replays the files through the job for a city's lines, measuring it (and its heap, with
     * trackHeap).
     */
    static ThroughputProbe.Result replay(
            JobSettings settings,
            City city,
            List<FlowShares> shares,
            Path files,
            Path out,
            long records,
            boolean trackHeap)
            throws Exception {
        ThroughputProbe.Result result =
                ThroughputProbe.run(
                        JobEnvironment.configuration(settings, false),
                        env -> define(() -> Replay.define(env, settings, city, shares, files, out)),
                        records,
                        trackHeap);
        Replay.mergeOutputs(out);
        return result;
    }

    /** Runs the job on Kafka over everything in the topics, measuring it. */
    private static ThroughputProbe.Result runJobOnKafka(
            JobSettings settings,
            Network network,
            FlowShares shares,
            KafkaTopics topics,
            String runId,
            long records)
            throws Exception {
        settings.groupId = runId;
        settings.startFrom = "earliest";
        settings.transactionalIdPrefix = runId;
        return ThroughputProbe.run(
                JobEnvironment.configuration(settings, true),
                env ->
                        new CrowdDispatchJob(settings, network, shares)
                                .define(
                                        env,
                                        KafkaIO.source(settings, topics, true),
                                        settings.parallelism,
                                        false,
                                        JobSinkSets.kafka(settings, topics, network.timeZone())
                                                .decisionLog(null)),
                records);
    }

    /** Runs a step that may throw an I/O error where none is expected. */
    private static void define(IoStep step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface ReplayRun {
        ThroughputProbe.Result run(boolean trackHeap) throws Exception;
    }

    @FunctionalInterface
    private interface IoStep {
        void run() throws IOException;
    }

    /**
     * Runs the job on Kafka while the simulator feeds the morning peak at a real pace, and measures
     * for each recommendation the wall-clock time from the arrival of the events of the second it
     * was decided in to the recommendation's send (emitted) and its commit (visible to
     * read_committed).
     */
    private void measureLatency(
            String bootstrap,
            String runPrefix,
            KafkaTopics base,
            Scenario scenario,
            JobSettings settings,
            Network network,
            FlowShares shares)
            throws Exception {
        KafkaTopics topics = renamed(base, runPrefix + "latency");
        TopicAdmin.ensureTopics(bootstrap, topics, KafkaTopics.Role.values());
        settings.groupId = runPrefix + "latency";
        settings.startFrom = "earliest";
        settings.transactionalIdPrefix = runPrefix + "latency";
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        JobEnvironment.configuration(settings, true));
        new CrowdDispatchJob(settings, network, shares)
                .defineOnKafka(
                        env,
                        topics,
                        false,
                        JobSinkSets.kafka(settings, topics, network.timeZone()).decisionLog(null));
        JobClient job = env.executeAsync("metro-dispatch latency run");
        SimulationOptions peak =
                new SimulationOptions(
                        seed,
                        scenario.date(),
                        7 * 3600 + 45 * 60,
                        8 * 3600 + 45 * 60,
                        latencySpeed);
        List<RecommendationWatcher.Seen> seen;
        try (RecommendationWatcher watcher =
                new RecommendationWatcher(
                        bootstrap, topics.name(KafkaTopics.Role.RECOMMENDATIONS))) {
            watcher.start();
            try (KafkaEventSink sink = new KafkaEventSink(bootstrap, topics)) {
                new Simulation(scenario, peak, sink).run();
            }
            // Wait for the commits of what the job decided: two checkpoints.
            Thread.sleep(2 * settings.checkpointInterval.toMillis() + 1_000);
            seen = watcher.stop();
        } finally {
            job.cancel().get();
        }
        Map<String, Long> arrivals = arrivals(bootstrap, topics);
        List<Double> emitted = new ArrayList<>();
        List<Double> committed = new ArrayList<>();
        for (RecommendationWatcher.Seen s : seen) {
            Long arrived =
                    arrivals.get(
                            s.decision.stationId
                                    + "@"
                                    + Math.floorDiv(s.decision.eventTime, 1000L));
            if (arrived != null) {
                emitted.add((s.sentAt - arrived) / 1000.0);
                committed.add((s.visibleAt - arrived) / 1000.0);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%nLatency, event arrival -> recommendation (morning peak at %.0fx, %d recommendations):%n"
                        + "  sent by the job:        median %.2f s, p99 %.2f s%n"
                        + "  visible (committed):    median %.2f s, p99 %.2f s"
                        + "  (exactly-once: waits for the checkpoint, every %d s)%n",
                latencySpeed,
                emitted.size(),
                median(emitted),
                percentile(emitted, 0.99),
                median(committed),
                percentile(committed, 0.99),
                settings.checkpointInterval.toSeconds());
    }

    /**
     * When the input of each station and second of event time had all arrived: the latest Kafka
     * timestamp (the producer's wall clock) among its records, keyed {@code station@second}.
     */
    private static Map<String, Long> arrivals(String bootstrap, KafkaTopics topics) {
        Map<String, Long> latest = new HashMap<>();
        for (KafkaTopics.Role role :
                List.of(KafkaTopics.Role.GATE_EVENTS, KafkaTopics.Role.TRAIN_EVENTS)) {
            for (ConsumerRecord<byte[], byte[]> record : readAll(bootstrap, topics.name(role))) {
                long second = Math.floorDiv(EventTimeSniffer.eventTime(record.value()), 1000L);
                String station = new String(record.key(), StandardCharsets.UTF_8);
                latest.merge(station + "@" + second, record.timestamp(), Math::max);
            }
        }
        return latest;
    }

    /** Everything committed to the topic now; the bench's topics are large, so a long wait. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
        return TopicReader.readToEnd(
                bootstrap, topic, "metro-dispatch-bench", Duration.ofMinutes(10));
    }

    private void printMemory(Scenario scenario, SimulationOptions day) throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<String> samples = new ArrayList<>();
        long[] nextSample = {Long.MIN_VALUE};
        ProgressListener sampler =
                new ProgressListener() {
                    @Override
                    public void onProgress(
                            long simulatedMillis, long recordsDelivered, long wallNanos) {
                        if (simulatedMillis >= nextSample[0]) {
                            System.gc();
                            samples.add(
                                    String.format(
                                            Locale.ROOT,
                                            "%s %d MB",
                                            Instant.ofEpochMilli(simulatedMillis)
                                                    .atZone(scenario.network().timeZone())
                                                    .toLocalTime()
                                                    .withSecond(0),
                                            memory.getHeapMemoryUsage().getUsed() >> 20));
                            nextSample[0] = simulatedMillis + 3 * 3_600_000L;
                        }
                    }

                    @Override
                    public void onFinished(SimulationSummary summary) {}
                };
        try (EventSink sink = new NullSink()) {
            Simulation simulation = new Simulation(scenario, day, sink);
            simulation.setProgressListener(sampler);
            simulation.run();
        }
        System.out.println(
                "Simulator heap in use after GC as the day goes on: " + String.join(", ", samples));
    }

    /** The job's heap (its keyed state lives there) at each fifth of the day's input. */
    private static void printJobMemory(ThroughputProbe.Result run) {
        List<String> marks = new ArrayList<>();
        for (long[] mark : run.heapMarks) {
            marks.add(String.format(Locale.ROOT, "%d %% of the events %d MB", mark[0], mark[1]));
        }
        System.out.println(
                "Job heap in use after GC as a replay goes through the day (MiniCluster in this JVM): "
                        + (marks.isEmpty()
                                ? "not measured (the job was too quick)"
                                : String.join(", ", marks)));
    }

    private static KafkaTopics renamed(KafkaTopics base, String prefix) {
        KafkaTopics topics = base;
        for (KafkaTopics.Role role : KafkaTopics.Role.values()) {
            topics = topics.withName(role, prefix + "." + base.name(role));
        }
        return topics;
    }

    /**
     * Says on standard error which step runs (a run of {@code repeat}, or none for -1), with the
     * time so far: the whole bench takes minutes.
     */
    private void step(String what, int run) {
        System.err.printf(
                Locale.ROOT,
                "bench: %s%s (%.0f s so far)%n",
                what,
                run < 0 ? "" : String.format(Locale.ROOT, ", run %d of %d", run + 1, repeat),
                (System.nanoTime() - benchStarted) / 1e9);
    }

    /**
     * A row of the table.
     *
     * @param cpuMicros per run, this JVM's CPU microseconds per record over the measured part, or
     *     null where they say nothing (the end-to-end runs, the simulator)
     */
    private void row(
            String what,
            long records,
            List<Double> rates,
            Double plainMedian,
            List<Double> cpuMicros) {
        RunSpread spread = RunSpread.of(rates);
        RunSpread cpu = cpuMicros == null ? null : RunSpread.of(cpuMicros);
        rows.add(
                new String[] {
                    what,
                    String.format(Locale.ROOT, "%,d", records),
                    String.format(Locale.ROOT, "%,.0f", spread.median()),
                    String.format(Locale.ROOT, "%,.0f", spread.min()),
                    String.format(Locale.ROOT, "%,.0f", spread.max()),
                    plainMedian == null ? "" : medianAndRange(spread, plainMedian),
                    cpu == null || Double.isNaN(cpu.median()) ? "" : medianAndRange(cpu, 1),
                    rates.stream()
                            .map(r -> String.format(Locale.ROOT, "%,.0f", r))
                            .reduce((a, b) -> a + " / " + b)
                            .orElse("")
                });
        if (spread.doubtful()) {
            warnings.add(
                    String.format(
                            Locale.ROOT,
                            "Warning: the runs of '%s' disagree by a factor of %.2f (%,.0f to %,.0f"
                                    + " events/s), more than %.1f: the machine was busy or the"
                                    + " figure is noisy; give more --repeat or rerun on a quiet"
                                    + " machine",
                            what,
                            spread.factor(),
                            spread.min(),
                            spread.max(),
                            RunSpread.DOUBTFUL_FACTOR));
        }
    }

    /** A spread as {@code median (min-max)}, each divided by {@code unit}. */
    private static String medianAndRange(RunSpread spread, double unit) {
        return String.format(
                Locale.ROOT,
                "%.2f (%.2f-%.2f)",
                spread.median() / unit,
                spread.min() / unit,
                spread.max() / unit);
    }

    private void printTable() {
        String format = "%-48s %12s %12s %12s %12s %18s %18s   %s%n";
        System.out.printf(
                Locale.ROOT,
                "%n" + format,
                "measurement",
                "records",
                "events/s",
                "min",
                "max",
                "x plain (min-max)",
                "CPU us/rec (range)",
                "runs");
        for (String[] r : rows) {
            System.out.printf(Locale.ROOT, format, (Object[]) r);
        }
        for (String warning : warnings) {
            System.out.println(warning);
        }
        System.out.println(
                "\nevents/s: the median of the runs; min and max: their spread; a warning when"
                        + " they disagree by more\nthan "
                        + RunSpread.DOUBTFUL_FACTOR
                        + " times. End to end: the whole job's wall time, with its start and, for"
                        + "\nexactly-once output, the wait for the last checkpoint's commit. Steady:"
                        + " records parsed per second\nbetween 20 % and 80 % of the input, from the"
                        + " job's eventsIn counter. CPU us/rec: this JVM's CPU time (all its"
                        + " threads,\nthe bench's own broker too) per record over the same part,"
                        + " which a busy machine moves\nless than the rate. Not counted: a first"
                        + " replay, a first plain loop on Kafka and "
                        + KAFKA_WARM_UP_RUNS
                        + " first runs of the job on Kafka,\nwhich warm the JIT up.");
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static double median(List<Double> values) {
        return RunSpread.of(values).median();
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Discards the simulator's records (for the memory run). */
    private static final class NullSink implements EventSink {
        @Override
        public void write(Stream stream, String stationId, byte[] record, int offset, int length) {}

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
