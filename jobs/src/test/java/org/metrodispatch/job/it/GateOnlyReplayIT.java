package org.metrodispatch.job.it;

import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.contract.decision.CrowdingEvidence;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.truth.Platform;
import org.metrodispatch.contract.truth.TruthEpisode;
import org.metrodispatch.job.CrowdDispatchMain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A morning of fare-gate data alone (the train feed removed, as with published gate counts): a
 * replay fails without {@code --gates-only}, and with it decides from the gates and the timetable,
 * raising Nijiaqiao southbound near the real episode, clearing it, and saying in every decision
 * that it rests on gates only.
 */
class GateOnlyReplayIT {

    private static final long SEED = 3;

    @TempDir Path dir;

    @Test
    void aMorningOfGatesAloneRaisesNijiaqiaoAndClearsIt() throws Exception {
        Path input = dir.resolve("gates");
        JobTestSupport.simulate(
                Scenario.load(JobTestSupport.MORNING_PEAK), SEED, "06:00", "10:30", input);
        Files.delete(input.resolve("train-events.jsonl"));

        int refused =
                CommandLines.create(new CrowdDispatchMain())
                        .execute(
                                "--input", input.toString(), "--out", dir.resolve("no").toString());
        assertThat(refused).as("no train feed, not declared: the replay fails").isEqualTo(1);

        Path out = dir.resolve("out");
        int code =
                CommandLines.create(new CrowdDispatchMain())
                        .execute(
                                "--input",
                                input.toString(),
                                "--out",
                                out.toString(),
                                "--gates-only");
        assertThat(code).isZero();

        List<DispatchDecision> decisions = JobTestSupport.decisions(out.resolve("decisions.jsonl"));
        assertThat(decisions).isNotEmpty();
        assertThat(decisions)
                .allSatisfy(
                        d -> assertThat(d.evidence.basis).isEqualTo(CrowdingEvidence.GATES_ONLY));
        List<DispatchDecision> nijiaqiao =
                decisions.stream()
                        .filter(d -> d.stationId.equals("nijiaqiao"))
                        .filter(d -> d.direction.equals("southbound"))
                        .toList();
        List<TruthEpisode> truth =
                JobTestSupport.truthEpisodes(
                        input.resolve("ground-truth.jsonl"),
                        new Platform("nijiaqiao", "southbound"));
        assertThat(truth).isNotEmpty();
        DispatchDecision first = nijiaqiao.get(0);
        assertThat(first.decision).isIn(DecisionType.RAISED, DecisionType.SUPPRESSED);
        // Typical loads are means: the estimate lags the real onset, by up to 25 minutes (16 on
        // seed 1).
        assertThat(first.eventTime - truth.get(0).onset()).isBetween(-5 * 60_000L, 25 * 60_000L);
        assertThat(nijiaqiao)
                .as("the estimate falls again after the peak")
                .anySatisfy(d -> assertThat(d.decision).isEqualTo(DecisionType.CLEARED));
    }
}
