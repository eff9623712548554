package org.metrodispatch.ops;

import org.metrodispatch.job.CrowdDispatchMain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * config/kubernetes/flink-deployment.yaml: a FlinkDeployment of the Flink Kubernetes Operator that
 * runs this job's jar in application mode, upgraded through savepoints, with arguments the job
 * accepts.
 */
class KubernetesDeploymentTest {

    private static final Path MANIFEST =
            Path.of("..", "config", "kubernetes", "flink-deployment.yaml");

    private static JsonNode manifest;
    private static JsonNode spec;
    private static JsonNode job;
    private static List<String> args;

    @BeforeAll
    static void parse() throws IOException {
        manifest = new ObjectMapper(new YAMLFactory()).readTree(MANIFEST.toFile());
        spec = manifest.path("spec");
        job = spec.path("job");
        args = new ArrayList<>();
        job.path("args").forEach(arg -> args.add(arg.asText()));
    }

    @Test
    void isAFlinkDeploymentForFlink2() {
        assertThat(manifest.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(manifest.path("kind").asText()).isEqualTo("FlinkDeployment");
        assertThat(manifest.path("metadata").path("name").asText()).isNotBlank();
        assertThat(spec.path("flinkVersion").asText()).isEqualTo("v2_2");
        assertThat(spec.path("image").asText()).isNotBlank();
    }

    @Test
    void runsTheJobJarInApplicationModeWithSavepointUpgrades() throws ReflectiveOperationException {
        assertThat(job.path("jarURI").asText())
                .isEqualTo("local:///opt/flink/usrlib/metro-dispatch-job.jar");
        String entryClass = job.path("entryClass").asText();
        assertThat(entryClass).isEqualTo(FlinkJobs.ENTRY_CLASS);
        assertThat(Class.forName(entryClass).getMethod("main", String[].class)).isNotNull();
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("state").asText()).isEqualTo("running");
        assertThat(job.path("parallelism").asInt()).isPositive();
    }

    @Test
    void argumentsPointToKafkaAndTheJobAcceptsThem() {
        int kafka = args.indexOf("--kafka");
        assertThat(kafka).as("--kafka among the args").isNotNegative();
        assertThat(args.get(kafka + 1)).matches("[A-Za-z0-9.-]+:[0-9]+(,[A-Za-z0-9.-]+:[0-9]+)*");
        // The job's own command line must accept them (no unknown or malformed option).
        CommandLine.ParseResult parsed =
                new CommandLine(new CrowdDispatchMain()).parseArgs(args.toArray(new String[0]));
        assertThat(parsed.hasMatchedOption("--kafka")).isTrue();
        assertThat(parsed.hasMatchedOption("--local"))
                .as("on Kubernetes the job runs on the operator's cluster")
                .isFalse();
        assertThat(parsed.matchedOptionValue("--parallelism", 0))
                .as("the job's parallelism matches the deployment's")
                .isEqualTo(job.path("parallelism").asInt());
    }

    @Test
    void checkpointsSavepointsRestartsAndHaAreConfigured() {
        JsonNode conf = spec.path("flinkConfiguration");
        String checkpoints = conf.path("execution.checkpointing.dir").asText();
        assertThat(checkpoints).isNotBlank();
        assertThat(conf.path("execution.checkpointing.savepoint-dir").asText()).isNotBlank();
        // The job sets its checkpoint folder itself: it must be the one configured here.
        assertThat(args.get(args.indexOf("--checkpoint-dir") + 1)).isEqualTo(checkpoints);
        assertThat(conf.path("restart-strategy.type").asText()).isEqualTo("exponential-delay");
        assertThat(conf.path("high-availability.type").asText()).isEqualTo("kubernetes");
        assertThat(conf.path("high-availability.storageDir").asText()).isNotBlank();
    }

    @Test
    void everyPodExportsMetricsForPrometheusOnTheDocumentedPort() {
        JsonNode conf = spec.path("flinkConfiguration");
        assertThat(conf.path("metrics.reporter.prometheus.factory.class").asText())
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        String port = conf.path("metrics.reporter.prometheus.port").asText();
        assertThat(port).isEqualTo("9249");
        JsonNode pod = spec.path("podTemplate");
        assertThat(pod.path("metadata").path("annotations").path("prometheus.io/port").asText())
                .isEqualTo(port);
        JsonNode container = pod.path("spec").path("containers").get(0);
        assertThat(container.path("ports").get(0).path("containerPort").asText()).isEqualTo(port);
        String plugins = "";
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals("ENABLE_BUILT_IN_PLUGINS")) {
                plugins = env.path("value").asText();
            }
        }
        // The plugin's jar as Flink's image names it: the version of Flink the job is built on.
        assertThat(plugins.split(";"))
                .contains(
                        "flink-metrics-prometheus-" + EnvironmentInformation.getVersion() + ".jar");
    }

    @Test
    void decisionLogGoesToItsOwnFileInTheTaskManagersLogFolder() throws IOException {
        Properties log4j = new Properties();
        log4j.load(
                new StringReader(
                        spec.path("logConfiguration").path("log4j-console.properties").asText()));
        assertThat(log4j.getProperty("logger.decisions.name"))
                .isEqualTo("org.metrodispatch.decisions");
        assertThat(log4j.getProperty("logger.decisions.additivity")).isEqualTo("false");
        String appender = log4j.getProperty("logger.decisions.appenderRef.decisions.ref");
        String prefix = "appender.decisions.";
        assertThat(log4j.getProperty(prefix + "name")).isEqualTo(appender);
        assertThat(log4j.getProperty(prefix + "fileName"))
                .endsWith("/opt/flink/log/decisions.jsonl}");
        assertThat(log4j.getProperty(prefix + "layout.pattern")).isEqualTo("%m%n");
    }
}
