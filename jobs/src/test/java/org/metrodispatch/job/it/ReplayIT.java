package org.metrodispatch.job.it;

import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.contract.decision.DecisionLevel;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.run.RunRecord;
import org.metrodispatch.contract.truth.Platform;
import org.metrodispatch.contract.truth.TruthEpisode;
import org.metrodispatch.dispatch.FlowShares;
import org.metrodispatch.job.CrowdDispatchJob;
import org.metrodispatch.job.CrowdDispatchMain;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.Replay;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded morning peak replayed through the job on a MiniCluster: detection against the ground
 * truth, and the same output from the same input every time, at any parallelism; the command's run
 * record.
 */
class ReplayIT {

    @RegisterExtension static final MiniClusterExtension FLINK = JobTestSupport.miniCluster();

    private static final long SEED = 3;

    /** Outputs of decisions: the same in every run but for their emittedAt. */
    private static final List<String> DECISION_OUTPUTS =
            List.of("recommendations.jsonl", "decisions.jsonl");

    /** The other outputs: byte-identical in every run. */
    private static final List<String> OUTPUTS =
            List.of("station-load.jsonl", "dead-letters.jsonl", "late-events.jsonl");

    @TempDir static Path dir;
    private static Path input;
    private static Path output;
    private static JobSettings settings;
    private static Network network;
    private static FlowShares shares;

    @BeforeAll
    static void replayAMorningPeak() throws Exception {
        Scenario scenario = Scenario.load(JobTestSupport.MORNING_PEAK);
        input = dir.resolve("peak");
        JobTestSupport.simulate(scenario, SEED, "06:00", "10:30", input);
        settings = JobTestSupport.settings();
        network = JobTestSupport.network(settings);
        shares = JobTestSupport.shares(settings, network);
        output = dir.resolve("out-1");
        Replay.run(settings, network, shares, input, output);
    }

    @Test
    void raisesNijiaqiaoSouthboundWithinFiveMinutesOfTheEpisodeOnset() throws Exception {
        List<TruthEpisode> episodes =
                JobTestSupport.truthEpisodes(
                        input.resolve("ground-truth.jsonl"),
                        new Platform("nijiaqiao", "southbound"));
        assertThat(episodes).as("the ground truth shows the motivating case").isNotEmpty();
        long onset = episodes.get(0).onset();

        List<DispatchDecision> raised =
                JobTestSupport.decisions(output.resolve("decisions.jsonl")).stream()
                        .filter(d -> d.decision == DecisionType.RAISED)
                        .filter(
                                d ->
                                        d.stationId.equals("nijiaqiao")
                                                && d.direction.equals("southbound"))
                        .collect(Collectors.toList());
        assertThat(raised).isNotEmpty();
        DispatchDecision first = raised.get(0);
        assertThat(first.eventTime).isLessThanOrEqualTo(onset + 5 * 60_000);
        assertThat(first.emptyTrain).isNotNull();
        assertThat(first.emptyTrain.startsServiceAt).isEqualTo("nijiaqiao");
        assertThat(first.emptyTrain.arriveAt).isGreaterThan(first.eventTime);
    }

    @Test
    void raisesNothingOnAPlatformTheGroundTruthNeverFoundCrowded() throws Exception {
        Path truth = input.resolve("ground-truth.jsonl");
        List<DispatchDecision> decisions =
                JobTestSupport.decisions(output.resolve("decisions.jsonl"));
        for (DispatchDecision d : decisions) {
            if (d.decision == DecisionType.RAISED || d.decision == DecisionType.SUPPRESSED) {
                assertThat(
                                JobTestSupport.truthEpisodes(
                                        truth, new Platform(d.stationId, d.direction)))
                        .as("%s %s %s", d.decision, d.stationId, d.direction)
                        .isNotEmpty();
            }
        }
    }

    @Test
    void clearsNijiaqiaoAfterThePeak() throws Exception {
        List<DispatchDecision> decisions =
                JobTestSupport.decisions(output.resolve("decisions.jsonl"));
        String id =
                decisions.stream()
                        .filter(
                                d ->
                                        d.decision == DecisionType.RAISED
                                                && d.stationId.equals("nijiaqiao"))
                        .findFirst()
                        .orElseThrow()
                        .recommendationId;
        List<DispatchDecision> episode =
                decisions.stream()
                        .filter(d -> d.recommendationId.equals(id))
                        .collect(Collectors.toList());
        DispatchDecision last = episode.get(episode.size() - 1);
        assertThat(last.decision).isEqualTo(DecisionType.CLEARED);
        assertThat(last.eventTime).isGreaterThan(episode.get(0).eventTime);
        // Cleared with hysteresis: the episode opens and closes once.
        assertThat(episode.stream().filter(d -> d.decision == DecisionType.CLEARED)).hasSize(1);
    }

    @Test
    void recommendationsAreTheActionableDecisions() throws Exception {
        List<String> decisions = Files.readAllLines(output.resolve("decisions.jsonl"));
        List<String> actionable =
                JobTestSupport.withoutEmittedAt(
                        decisions.stream()
                                .filter(
                                        line ->
                                                CrowdDispatchJob.isRecommendation(
                                                        JobTestSupport.decision(line)))
                                .collect(Collectors.toList()));
        // Two sinks, two moments of writing: all but emittedAt is the same.
        assertThat(JobTestSupport.decisionLines(output.resolve("recommendations.jsonl")))
                .isEqualTo(actionable);
    }

    @Test
    void everyDecisionHasItsOwnIdAndIsStampedWhenWritten() throws Exception {
        List<DispatchDecision> decisions =
                JobTestSupport.decisions(output.resolve("decisions.jsonl"));
        assertThat(decisions).isNotEmpty();
        assertThat(decisions).extracting(d -> d.decisionId).doesNotHaveDuplicates();
        assertThat(decisions)
                .allSatisfy(
                        d -> {
                            assertThat(d.schemaVersion).isEqualTo(DispatchDecision.SCHEMA_VERSION);
                            assertThat(d.decisionId).startsWith(d.recommendationId + "/");
                            assertThat(d.level)
                                    .isEqualTo(DecisionLevel.of(d.decision, d.emptyTrain != null));
                            // The wall clock of the replay, not the simulated morning.
                            assertThat(d.emittedAt).isGreaterThan(d.eventTime);
                        });
    }

    @Test
    void theSameFolderReplayedAgainGivesIdenticalFiles() throws Exception {
        Path again = dir.resolve("out-2");
        Replay.run(settings, network, shares, input, again);
        assertSameOutputs(again);
        assertThat(Files.size(output.resolve("station-load.jsonl"))).isPositive();
    }

    @Test
    void parallelismDoesNotChangeTheDecisions() throws Exception {
        JobSettings single = JobTestSupport.settings();
        single.parallelism = 1;
        Path out = dir.resolve("out-p1");
        Replay.run(single, network, shares, input, out);
        assertSameOutputs(out);
    }

    /** The decisions but for emittedAt (ids included), the other outputs byte for byte. */
    private static void assertSameOutputs(Path out) throws Exception {
        for (String file : DECISION_OUTPUTS) {
            assertThat(JobTestSupport.decisionLines(out.resolve(file)))
                    .as(file)
                    .isEqualTo(JobTestSupport.decisionLines(output.resolve(file)));
        }
        for (String file : OUTPUTS) {
            assertThat(Files.readAllBytes(out.resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(output.resolve(file)));
        }
    }

    @Test
    void theCommandRecordsTheRunItReplayedAndTheNetwork() throws Exception {
        RunRecord simulated = RunRecord.begin(input, "simulate", List.of("ReplayIT"));
        simulated.finish(0);
        Path networkFile = JobTestSupport.CONFIG.resolve("networks/chengdu-line1.yaml");
        Path out = dir.resolve("out-command");
        int code =
                CommandLines.create(new CrowdDispatchMain())
                        .execute(
                                "--input",
                                input.toString(),
                                "--out",
                                out.toString(),
                                "--network",
                                networkFile.toString());
        assertThat(code).isZero();

        RunRecord record = RunRecord.read(out).orElseThrow();
        assertThat(record.command()).isEqualTo("job");
        assertThat(record.status()).isEqualTo(RunRecord.Status.DONE);
        assertThat(record.commandLine())
                .isEqualTo(
                        "metro-dispatch job --input "
                                + input
                                + " --out "
                                + out
                                + " --network "
                                + networkFile);
        assertThat(record.input().runId()).isEqualTo(simulated.runId());
        assertThat(record.eventsRunId()).isEqualTo(simulated.runId());
        assertThat(record.network().id()).isEqualTo("chengdu-line1");
        assertThat(record.network().path()).isEqualTo(networkFile.toString());
        assertThat(record.network().sha256()).isEqualTo(RunRecord.sha256(networkFile));
        assertThat(record.files())
                .extracting(RunRecord.FileHash::role)
                .contains("job config", "network", "flow profile");
        assertThat(record.outcome()).containsKeys("records", "deadLetters", "decisions");
        assertThat(
                        JobTestSupport.withoutEmittedAt(
                                Files.readAllLines(out.resolve("decisions.jsonl"))))
                .isEqualTo(
                        JobTestSupport.withoutEmittedAt(
                                Files.readAllLines(output.resolve("decisions.jsonl"))));
    }
}
