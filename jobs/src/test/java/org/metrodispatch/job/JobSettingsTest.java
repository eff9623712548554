package org.metrodispatch.job;

import org.metrodispatch.contract.config.ConfigException;
import org.metrodispatch.contract.truth.LevelOfService;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobSettingsTest {

    private static final Path JOB_YAML = Path.of("..", "config", "job.yaml");

    @TempDir Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void theProjectsJobFileLoads() {
        JobSettings s = JobSettings.load(JOB_YAML);

        assertThat(s.networkFile).endsWith(Path.of("networks", "chengdu-line1.yaml"));
        assertThat(s.networkFile).isRegularFile();
        assertThat(s.profileFile).isRegularFile();
        assertThat(s.profileFile).endsWith(Path.of("profiles", "chengdu-line1-weekday.yaml"));
        assertThat(s.parallelism).isEqualTo(2);
        assertThat(s.maxParallelism).isEqualTo(128);
        assertThat(s.outOfOrderness).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.idleness).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.partitionDrift).isZero();
        assertThat(s.partitionPace).isEqualTo(Duration.ofMillis(200));
        assertThat(s.eventTime.maxAheadMillis()).isEqualTo(120_000L);
        assertThat(s.eventTime.maxBehindMillis()).isEqualTo(600_000L);
        assertThat(s.eventTime.maxWalkSeconds()).isEqualTo(600L);
        assertThat(s.windowSizeSeconds).isEqualTo(300);
        assertThat(s.windowSlideSeconds).isEqualTo(30);
        assertThat(s.windows().sizeSeconds()).isEqualTo(300);
        assertThat(s.windows().slideSeconds()).isEqualTo(30);
        assertThat(s.estimation.fullLoadFactor()).isEqualTo(0.98);
        assertThat(s.estimation.minLeftBehind()).isEqualTo(20);
        assertThat(s.detection.raiseAfterConsecutiveLeftBehind()).isEqualTo(2);
        assertThat(s.detection.raiseAtLevel()).isEqualTo(LevelOfService.E);
        assertThat(s.detection.raiseAtOccupiedFraction()).isZero();
        assertThat(s.detection.personAreaM2()).isEqualTo(0.5);
        assertThat(s.detection.clearAfterDeparturesWithoutLeftBehind()).isEqualTo(2);
        assertThat(s.detection.clearAtLevel()).isEqualTo(LevelOfService.C);
        assertThat(s.detection.clearHoldMillis()).isEqualTo(180_000);
        assertThat(s.dispatch.followUpAfterMillis()).isEqualTo(300_000);
        assertThat(s.dispatch.maxTrainsPerEpisode()).isEqualTo(3);
        assertThat(s.dispatch.minUpdateIntervalMillis()).isEqualTo(120_000);
        assertThat(s.topicsFile).isRegularFile();
        assertThat(s.topicsFile.getFileName()).hasToString("kafka.yaml");
        assertThat(s.startFrom).isEqualTo("committed");
        assertThat(s.transactionTimeout).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.restartAttempts).isEqualTo(1000);
        assertThat(s.consumerProperties).containsEntry("fetch.min.bytes", "65536");
        assertThat(s.producerProperties).isEmpty();
    }

    @Test
    void kafkaClientPropertiesPassAsText() throws IOException {
        Path file =
                write(
                        "job.yaml",
                        "network: n.yaml\nkafka:\n  consumer:\n    fetch.max.wait.ms: 50\n"
                                + "  producer:\n    compression.type: lz4\n");
        JobSettings s = JobSettings.load(file);
        assertThat(s.consumerProperties)
                .containsExactlyEntriesOf(Map.of("fetch.max.wait.ms", "50"));
        assertThat(s.producerProperties)
                .containsExactlyEntriesOf(Map.of("compression.type", "lz4"));
    }

    @Test
    void aKafkaPropertyTheJobOwnsIsRefused() throws IOException {
        Path file =
                write(
                        "job.yaml",
                        "network: n.yaml\nkafka:\n  consumer:\n    isolation.level: read_uncommitted\n");
        assertThatThrownBy(() -> JobSettings.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.consumer.isolation.level")
                .hasMessageContaining("set by the job itself");
    }

    @Test
    void defaultsWhenOnlyTheNetworkIsGiven() throws IOException {
        JobSettings s = JobSettings.load(write("job.yaml", "network: networks/line.yaml\n"));
        assertThat(s.networkFile).isEqualTo(dir.resolve("networks/line.yaml").toAbsolutePath());
        assertThat(s.profileFile).isNull();
        assertThat(s.windowSizeSeconds).isEqualTo(300);
        assertThat(s.windowSlideSeconds).isEqualTo(30);
        assertThat(s.detection.raiseAtLevel()).isEqualTo(LevelOfService.E);
        assertThat(s.detection.clearAtLevel()).isEqualTo(LevelOfService.C);
        assertThat(s.topicsFile).isEqualTo(dir.resolve("kafka.yaml").toAbsolutePath());
    }

    @Test
    void aWindowSizeThatIsNoMultipleOfTheSlideIsNamed() throws IOException {
        Path file =
                write(
                        "broken-job.yaml",
                        "network: n.yaml\nwindows:\n  sizeSeconds: 100\n  slideSeconds: 30\n");
        assertThatThrownBy(() -> JobSettings.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("broken-job.yaml")
                .hasMessageContaining("windows.sizeSeconds")
                .hasMessageContaining("must be a multiple of slideSeconds (30)");
    }

    @Test
    void aClearLevelNoBetterThanTheRaiseLevelIsNamed() throws IOException {
        for (String clear : new String[] {"E", "F"}) {
            Path file =
                    write(
                            "broken-" + clear + ".yaml",
                            "network: n.yaml\ndetection:\n  raiseAtLevelOfService: E\n"
                                    + "  clearAtLevelOfService: "
                                    + clear
                                    + "\n");
            assertThatThrownBy(() -> JobSettings.load(file))
                    .as("clear at %s", clear)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("broken-" + clear + ".yaml")
                    .hasMessageContaining("detection.clearAtLevelOfService")
                    .hasMessageContaining("must be a better level than raiseAtLevelOfService (E)");
        }
        Path fine =
                write(
                        "fine.yaml",
                        "network: n.yaml\ndetection:\n  raiseAtLevelOfService: D\n"
                                + "  clearAtLevelOfService: C\n");
        assertThat(JobSettings.load(fine).detection.clearAtLevel()).isEqualTo(LevelOfService.C);
    }

    @Test
    void anUnknownLevelIsNamed() throws IOException {
        Path file = write("job.yaml", "network: n.yaml\ndetection:\n  raiseAtLevelOfService: G\n");
        assertThatThrownBy(() -> JobSettings.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("raiseAtLevelOfService");
    }

    @Test
    void parallelismAboveMaxParallelismIsNamed() throws IOException {
        Path file = write("job.yaml", "network: n.yaml\nparallelism: 8\nmaxParallelism: 4\n");
        assertThatThrownBy(() -> JobSettings.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("parallelism")
                .hasMessageContaining("must not exceed maxParallelism (4)");
    }

    @Test
    void eachFeedHasItsLatenessAndEventTimeWaitsForTheLarger() throws IOException {
        JobSettings s =
                JobSettings.load(
                        write(
                                "job.yaml",
                                "network: n.yaml\neventTime:\n  lateness:\n    gatesSeconds: 330\n"));
        assertThat(s.gateLateness).isEqualTo(Duration.ofSeconds(330));
        assertThat(s.trainLateness).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.outOfOrderness).isEqualTo(Duration.ofSeconds(330));
        assertThat(s.eventTime.outOfOrdernessMillis()).isEqualTo(330_000);
        assertThat(s.feedHealth.gateLatenessMillis()).isEqualTo(330_000);
    }

    @Test
    void theFormerSingleBoundSaysWhatReplacedIt() throws IOException {
        Path file = write("job.yaml", "network: n.yaml\neventTime:\n  outOfOrdernessSeconds: 90\n");
        assertThatThrownBy(() -> JobSettings.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("eventTime.outOfOrdernessSeconds")
                .hasMessageContaining("lateness.gatesSeconds and lateness.trainsSeconds");
    }

    @Test
    void anUnknownKeyIsNamed() throws IOException {
        Path file = write("job.yaml", "network: n.yaml\nwindows:\n  sizeSecs: 300\n");
        assertThatThrownBy(() -> JobSettings.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("windows.sizeSecs")
                .hasMessageContaining("unknown key");
    }

    @Test
    void partitionPacingCanBeTurnedOnButNotComparedTooOften() throws IOException {
        assertThat(JobSettings.load(write("default.yaml", "network: n.yaml\n")).partitionDrift)
                .isZero();
        JobSettings on =
                JobSettings.load(
                        write(
                                "job.yaml",
                                "network: n.yaml\neventTime:\n  partitionDriftSeconds: 120\n"));
        assertThat(on.partitionDrift).isEqualTo(Duration.ofSeconds(120));

        Path tooOften =
                write("often.yaml", "network: n.yaml\neventTime:\n  partitionPaceMillis: 1\n");
        assertThatThrownBy(() -> JobSettings.load(tooOften))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("eventTime.partitionPaceMillis");
    }

    @Test
    void aValueOutOfRangeIsNamed() throws IOException {
        Path file = write("job.yaml", "network: n.yaml\nestimation:\n  fullLoadFactor: 3\n");
        assertThatThrownBy(() -> JobSettings.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("estimation.fullLoadFactor")
                .hasMessageContaining("must be between");
    }

    @Test
    void theNetworkIsRequired() throws IOException {
        Path file = write("job.yaml", "parallelism: 1\n");
        assertThatThrownBy(() -> JobSettings.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("network");
    }

    @Test
    void anotherNetworkSetsTheConfiguredProfileAside() {
        JobSettings settings = JobSettings.load(Path.of("..", "config", "job.yaml"));
        Path chengdu = settings.networkFile;
        Path profile = settings.profileFile;
        assertThat(settings.useNetwork(chengdu)).isNull();
        assertThat(settings.profileFile).isEqualTo(profile);

        Path harbour = Path.of("..", "config", "networks", "examples", "harbour-line.yaml");
        assertThat(settings.useNetwork(harbour))
                .contains(profile.toString())
                .contains("shares come from the network alone")
                .contains("--profile");
        assertThat(settings.networkFile).isEqualTo(harbour);
        assertThat(settings.profileFile).isNull();
    }

    @Test
    void theJobRefusesAScenariosDemandModel() throws IOException {
        Path file =
                write("job.yaml", "network: networks/line.yaml\ndemandModel: scenarios/day.yaml\n");
        assertThatThrownBy(() -> JobSettings.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("demandModel")
                .hasMessageContaining("metro-dispatch calibrate")
                .hasMessageContaining("profile:");
    }
}
