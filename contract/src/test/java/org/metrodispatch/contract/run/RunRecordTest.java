package org.metrodispatch.contract.run;

import org.metrodispatch.contract.cli.UserError;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunRecordTest {

    /** SHA-256 of "abc" (FIPS 180-2, appendix B.1). */
    private static final String ABC_SHA256 =
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private static final Clock MORNING =
            Clock.fixed(Instant.parse("2026-03-04T00:05:30.250Z"), ZoneId.of("Asia/Shanghai"));

    private static final List<String> WORDS =
            List.of("metro-dispatch", "simulate", "--seed", "2", "--out", "runs/a b");

    @TempDir Path dir;

    private Path yaml(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void readsBackWhatItWrote() throws IOException {
        Path base = yaml("base.yaml", "id: base\n");
        Path scenario = yaml("peak.yaml", "extends: base.yaml\nid: peak\n");
        Path network = yaml("line.yaml", "id: line\n");
        Path run = dir.resolve("run");
        RunRecord record =
                RunRecord.begin(run, "simulate", WORDS, MORNING)
                        .scenario(scenario)
                        .seed(2)
                        .network("line", network)
                        .parameter("from", "08:00")
                        .parameter("speed", 60.5)
                        .parameter("seeds", List.of(1, 2));
        record.outcome("gateTaps", 1234)
                .outcome("decisions", Map.of("RAISED", 3))
                .error("nothing wrong, a test");
        record.finish(0);

        RunRecord read = RunRecord.read(run).orElseThrow();
        assertThat(read.toJson()).isEqualTo(record.toJson());
        assertThat(read.runId()).startsWith("simulate-20260304T000530Z-").hasSize(34);
        assertThat(read.status()).isEqualTo(RunRecord.Status.DONE);
        assertThat(read.exitCode()).isZero();
        assertThat(read.startedAt()).isEqualTo("2026-03-04T08:05:30.250+08:00");
        assertThat(read.endedAt()).isEqualTo("2026-03-04T08:05:30.250+08:00");
        assertThat(read.commandLine())
                .isEqualTo("metro-dispatch simulate --seed 2 --out 'runs/a b'");
        assertThat(read.scenario()).isEqualTo(scenario.toAbsolutePath().toString());
        assertThat(read.seed()).isEqualTo(2L);
        assertThat(read.network().id()).isEqualTo("line");
        assertThat(read.network().sha256()).isEqualTo(RunRecord.sha256(network));
        assertThat(read.files())
                .extracting(RunRecord.FileHash::role)
                .containsExactly("scenario", "scenario (extended)", "network");
        assertThat(read.files().get(1).path()).isEqualTo(base.toAbsolutePath().toString());
        assertThat(read.parameters())
                .containsEntry("from", "08:00")
                .containsEntry("speed", 60.5)
                .containsEntry("seeds", List.of(1L, 2L));
        assertThat(read.outcome())
                .containsEntry("gateTaps", 1234L)
                .containsEntry("decisions", Map.of("RAISED", 3L));
        assertThat(read.version()).isNotBlank().isNotEqualTo("unknown");
        assertThat(read.eventsRunId()).isEqualTo(read.runId());
        // No temporary file left behind.
        try (var files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("run.json");
        }
    }

    @Test
    void hashesWithSha256() throws IOException {
        Path file = Files.writeString(dir.resolve("abc.txt"), "abc");
        assertThat(RunRecord.sha256(file)).isEqualTo(ABC_SHA256);
        RunRecord record = RunRecord.begin(dir, "ingest", WORDS).file("feed", file);
        assertThat(record.files().get(0).shortHash())
                .hasSize(RunRecord.SHORT_HASH_LENGTH)
                .isEqualTo(ABC_SHA256.substring(0, RunRecord.SHORT_HASH_LENGTH));
        // The same file read twice is listed once.
        record.file("feed again", file);
        assertThat(record.files()).hasSize(1);
    }

    @Test
    void isRunningWhileTheBodyRunsAndDoneAfter() throws Exception {
        Path run = dir.resolve("run");
        RunRecord record = RunRecord.begin(run, "job", WORDS);
        int code =
                record.track(
                        () -> {
                            RunRecord during = RunRecord.read(run).orElseThrow();
                            assertThat(during.status()).isEqualTo(RunRecord.Status.RUNNING);
                            assertThat(during.endedAt()).isNull();
                            record.outcome("records", 7);
                            return 0;
                        });
        assertThat(code).isZero();
        RunRecord after = RunRecord.read(run).orElseThrow();
        assertThat(after.status()).isEqualTo(RunRecord.Status.DONE);
        assertThat(after.endedAt()).isNotNull();
        assertThat(after.outcome()).containsEntry("records", 7L);
    }

    @Test
    void aFailingRunIsRecordedAsFailedWithWhy() {
        Path run = dir.resolve("run");
        RunRecord record = RunRecord.begin(run, "job", WORDS);
        assertThatThrownBy(
                        () ->
                                record.track(
                                        () -> {
                                            throw new IllegalStateException("the broker went away");
                                        }))
                .hasMessage("the broker went away");
        RunRecord read = read(run);
        assertThat(read.status()).isEqualTo(RunRecord.Status.FAILED);
        assertThat(read.exitCode()).isEqualTo(1);
        assertThat(read.error()).isEqualTo("the broker went away");
    }

    @Test
    void aNonZeroExitCodeIsAFailure() throws Exception {
        Path run = dir.resolve("run");
        assertThat(RunRecord.begin(run, "job", WORDS).track(() -> 1)).isEqualTo(1);
        assertThat(read(run).status()).isEqualTo(RunRecord.Status.FAILED);
        assertThat(read(run).exitCode()).isEqualTo(1);
    }

    @Test
    void aReplayNamesTheRunItRead() throws IOException {
        Path simulated = dir.resolve("peak");
        RunRecord simulation = RunRecord.begin(simulated, "simulate", WORDS);
        simulation.finish(0);
        RunRecord replay = RunRecord.begin(simulated.resolve("job"), "job", WORDS).input(simulated);
        assertThat(replay.input().runId()).isEqualTo(simulation.runId());
        assertThat(replay.input().runJsonSha256())
                .isEqualTo(RunRecord.sha256(simulated.resolve(RunRecord.FILE)));
        assertThat(replay.input().status()).isEqualTo("done");
        assertThat(replay.source()).isEqualTo(simulated.toAbsolutePath().toString());
        assertThat(replay.eventsRunId()).isEqualTo(simulation.runId());

        Path old = Files.createDirectories(dir.resolve("old"));
        RunRecord ofOld = RunRecord.begin(dir.resolve("old-job"), "job", WORDS).input(old);
        assertThat(ofOld.input().runId()).isNull();
        assertThat(ofOld.eventsRunId()).isNull();
    }

    @Test
    void aFolderWithoutARecordHasNoneAndABrokenOneIsAnError() throws IOException {
        assertThat(RunRecord.read(dir)).isEqualTo(Optional.empty());
        Files.writeString(dir.resolve(RunRecord.FILE), "{\"runId\":");
        assertThatThrownBy(() -> RunRecord.read(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("run.json is not valid JSON");
        Files.writeString(dir.resolve(RunRecord.FILE), "{\"gate\":1}");
        assertThatThrownBy(() -> RunRecord.read(dir))
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith("run.json is not a run record (no runId)");
    }

    @Test
    void refusesAFolderThatHoldsARunUnlessForced() throws IOException {
        List<String> outputs = List.of("gate-events.jsonl", "ground-truth.jsonl");
        RunRecord.refuseExistingRun(dir.resolve("new"), false, "--force", outputs);
        RunRecord.refuseExistingRun(dir, false, "--force", outputs);

        Files.writeString(dir.resolve("ground-truth.jsonl"), "");
        assertThatThrownBy(() -> RunRecord.refuseExistingRun(dir, false, "--force", outputs))
                .isInstanceOf(UserError.class)
                .hasMessage(
                        dir
                                + " already holds a run (ground-truth.jsonl): choose another"
                                + " folder, or give --force to write over it");
        Files.writeString(dir.resolve(RunRecord.FILE), "{}");
        assertThat(RunRecord.existingRunFiles(dir, outputs))
                .containsExactly("run.json", "ground-truth.jsonl");
        RunRecord.refuseExistingRun(dir, true, "--force", outputs);
    }

    @Test
    void quotesWhatAShellWouldSplit() {
        assertThat(RunRecord.shellWords(List.of("a", "b c", "it's", "--x=1", "")))
                .isEqualTo("a 'b c' 'it'\\''s' --x=1 ''");
    }

    private static RunRecord read(Path run) {
        try {
            return RunRecord.read(run).orElseThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
