package org.metrodispatch.job;

import org.metrodispatch.contract.cli.UserError;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayFailFastTest {

    private static JobSettings settings() {
        return JobSettings.load(Path.of("..", "config", "job.yaml"));
    }

    @Test
    void aReplayDoesNotRestartWhileAStreamingJobDoes() {
        Configuration replay = JobEnvironment.replay(settings());
        assertThat(replay.toMap()).containsEntry("restart-strategy.type", "none");
        Configuration streaming = JobEnvironment.configuration(settings(), true);
        assertThat(streaming.toMap()).containsEntry("restart-strategy.type", "exponential-delay");
    }

    @Test
    void anOutputFolderThatCannotBeWrittenIsOneClearLine(@TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve("a-file"), "");
        assertThatThrownBy(() -> Replay.checkWritable(file))
                .isInstanceOf(UserError.class)
                .hasMessage(
                        "cannot write the output folder "
                                + file
                                + " (a file of that name is in the way)");
        assertThatThrownBy(() -> Replay.checkWritable(Path.of("/proc/forbidden")))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("cannot write the output folder /proc/forbidden (");
        Replay.checkWritable(folder.resolve("new"));
        assertThat(folder.resolve("new")).isEmptyDirectory();
    }

    @Test
    void theNewSettingsHaveTheirShippedValues() {
        JobSettings s = settings();
        assertThat(s.deduplicationWindow).hasMinutes(10);
        assertThat(s.rejectedPrefixBytes).isEqualTo(4_096);
    }
}
