package org.metrodispatch.ops.it;

import org.metrodispatch.contract.cli.CommandLines;
import org.metrodispatch.contract.cli.UserError;
import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.kafka.KafkaClientSecurity;
import org.metrodispatch.contract.kafka.KafkaTopics;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;
import org.metrodispatch.job.CrowdDispatchJob;
import org.metrodispatch.job.CrowdDispatchMain;
import org.metrodispatch.job.JobEnvironment;
import org.metrodispatch.job.JobSettings;
import org.metrodispatch.job.JobSinkSets;
import org.metrodispatch.job.JobSinks;
import org.metrodispatch.job.io.JsonEncoder;
import org.metrodispatch.job.io.JsonLinesFileSink;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.kafka.LocalKafkaBroker;
import org.metrodispatch.simulator.kafka.TopicAdmin;
import org.metrodispatch.simulator.kafka.TopicReader;
import org.metrodispatch.simulator.output.KafkaEventSink;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker that requires SASL/PLAIN logins, like a secured production one: with the security
 * settings of one properties file ({@code --kafka-properties}), the simulator's producer, topic
 * creation, the job's source and exactly-once sinks and review's reader all work; without them, or
 * with a wrong password, the broker refuses, and no password is ever printed.
 */
class KafkaSecurityIT {

    @RegisterExtension static final MiniClusterExtension FLINK = SeededRun.miniCluster();

    private static final String PASSWORD = "metro-s3cret-pw";
    private static final String WRONG_PASSWORD = "not-the-pw-42";

    @TempDir static Path dir;
    private static LocalKafkaBroker broker;
    private static KafkaTopics topics;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = LocalKafkaBroker.start(dir.resolve("kafka"), 0, 0, Map.of("metro", PASSWORD));
        topics = KafkaTopics.load(SeededRun.CONFIG.resolve("kafka.yaml"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void noSecurityForTheNextTest() {
        // The settings are the process's: other tests in this JVM talk to plain brokers.
        KafkaClientSecurity.useForThisProcess(KafkaClientSecurity.none());
    }

    private static Path properties(String name, String password) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(
                file,
                "security.protocol=SASL_PLAINTEXT\n"
                        + "sasl.mechanism=PLAIN\n"
                        + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                        + " required username=\"metro\" password=\""
                        + password
                        + "\";\n");
        return file;
    }

    @Test
    void withTheSettingsEveryClientWorksFromSimulatorToReview() throws Exception {
        Path settingsFile = properties("client.properties", PASSWORD);
        KafkaClientSecurity security = KafkaClientSecurity.load(settingsFile);
        assertThat(security.toString()).contains("SASL_PLAINTEXT").doesNotContain(PASSWORD);
        KafkaClientSecurity.useForThisProcess(security);

        TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, KafkaTopics.Role.values());
        Scenario scenario =
                Scenario.load(SeededRun.CONFIG.resolve("scenarios/weekday-morning-peak.yaml"));
        try (KafkaEventSink sink = new KafkaEventSink(broker.bootstrapServers(), topics)) {
            new Simulation(
                            scenario,
                            new SimulationOptions(
                                    SeededRun.SEED,
                                    scenario.date(),
                                    7 * 3600 + 45 * 60,
                                    8 * 3600 + 30 * 60,
                                    SimulationOptions.FAST),
                            sink)
                    .run();
        }

        JobSettings settings = JobSettings.load(SeededRun.CONFIG.resolve("job.yaml"));
        settings.bootstrapServers = broker.bootstrapServers();
        settings.groupId = "security-test";
        settings.startFrom = "earliest";
        settings.checkpointInterval = Duration.ofSeconds(2);
        settings.checkpointDirectory = dir.resolve("checkpoints").toUri().toString();
        Network network = NetworkLoader.load(settings.networkFile);
        JobSinks sinks =
                JobSinkSets.kafka(settings, topics, network.timeZone())
                        .decisionLog(
                                new JsonLinesFileSink<>(
                                        dir.resolve("job"),
                                        JobSinkSets.DECISIONS,
                                        JsonEncoder.DECISIONS,
                                        network.timeZone()));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        JobEnvironment.configuration(settings, true));
        new CrowdDispatchJob(settings, network, CrowdDispatchMain.shares(settings, network))
                .defineOnKafka(env, topics, true, sinks);
        env.execute("security test");

        // The job's exactly-once sinks logged in too: what they committed is there to read.
        assertThat(
                        TopicReader.readToEnd(
                                broker.bootstrapServers(),
                                topics.name(KafkaTopics.Role.STATION_LOAD),
                                "security-test",
                                Duration.ofMinutes(1)))
                .isNotEmpty();

        // Review, as a person runs it: the option names the file.
        KafkaClientSecurity.useForThisProcess(KafkaClientSecurity.none());
        OpsCommand review =
                review(
                        "--kafka",
                        broker.bootstrapServers(),
                        "--kafka-properties",
                        settingsFile.toString());
        assertThat(review.exitCode()).as(review.err()).isZero();
        assertThat(review.out()).contains("nijiaqiao").doesNotContain(PASSWORD);
        assertThat(review.err()).doesNotContain(PASSWORD);
    }

    @Test
    void withoutTheSettingsOrWithAWrongPasswordTheBrokerRefusesAndNoSecretIsPrinted()
            throws Exception {
        // No settings: a plain client gets no answer from a SASL listener.
        KafkaClientSecurity.useForThisProcess(KafkaClientSecurity.none());
        assertThatThrownBy(
                        () ->
                                TopicAdmin.ensureTopics(
                                        broker.bootstrapServers(),
                                        topics,
                                        KafkaTopics.Role.RECOMMENDATIONS))
                .isInstanceOf(UserError.class);

        // A wrong password: the broker refuses the login, and says so.
        Path wrong = properties("wrong.properties", WRONG_PASSWORD);
        KafkaClientSecurity.useForThisProcess(KafkaClientSecurity.load(wrong));
        assertThatThrownBy(
                        () ->
                                TopicAdmin.ensureTopics(
                                        broker.bootstrapServers(),
                                        topics,
                                        KafkaTopics.Role.RECOMMENDATIONS))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("refused the login")
                .message()
                .doesNotContain(WRONG_PASSWORD);

        KafkaClientSecurity.useForThisProcess(KafkaClientSecurity.none());
        OpsCommand review =
                review(
                        "--kafka",
                        broker.bootstrapServers(),
                        "--kafka-properties",
                        wrong.toString());
        assertThat(review.exitCode()).isEqualTo(CommandLines.USER_ERROR);
        assertThat(review.err()).contains("refused the login").doesNotContain(WRONG_PASSWORD);
        assertThat(review.out()).doesNotContain(WRONG_PASSWORD);
    }

    private static OpsCommand review(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "review";
        System.arraycopy(args, 0, all, 1, args.length);
        return OpsCommand.run(all);
    }
}
