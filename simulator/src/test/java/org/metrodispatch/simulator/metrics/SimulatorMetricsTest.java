package org.metrodispatch.simulator.metrics;

import org.metrodispatch.contract.demand.Scenario;
import org.metrodispatch.contract.metrics.PrometheusScrape;
import org.metrodispatch.simulator.TestScenarios;
import org.metrodispatch.simulator.engine.Simulation;
import org.metrodispatch.simulator.engine.SimulationOptions;
import org.metrodispatch.simulator.engine.SimulationSummary;
import org.metrodispatch.simulator.output.FileEventSink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's own metrics, scraped over HTTP while a paced run goes on and after it ended,
 * against the run's summary.
 */
class SimulatorMetricsTest {

    @TempDir Path dir;

    private static double value(PrometheusScrape scrape, String name) {
        return scrape.samples().stream()
                .filter(s -> s.name().equals(name))
                .peek(s -> assertThat(s.label("scenario")).isEqualTo("weekday-morning-peak"))
                .peek(s -> assertThat(s.label("seed")).isEqualTo("7"))
                .mapToDouble(PrometheusScrape.Sample::value)
                .sum();
    }

    @Test
    void aRunsMetricsAreServedWhileItRunsAndAgreeWithItsSummary() throws Exception {
        Scenario scenario = TestScenarios.morningPeak();
        // 10 simulated minutes at 200 times real time: 3 s to scrape in.
        SimulationOptions options =
                new SimulationOptions(
                        7,
                        scenario.date(),
                        TestScenarios.time("07:00"),
                        TestScenarios.time("07:10"),
                        200);
        SimulatorMetrics metrics = SimulatorMetrics.of(scenario, options);
        try (MetricsServer server = MetricsServer.start(0, metrics::render);
                FileEventSink sink = new FileEventSink(dir)) {
            Simulation simulation = new Simulation(scenario, options, sink);
            simulation.setProgressListener(metrics);
            CompletableFuture<SimulationSummary> run =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return simulation.run();
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });

            // Mid-run: records are going out, the run is not over.
            PrometheusScrape during = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && !run.isDone()) {
                PrometheusScrape scrape = PrometheusScrape.of(server.port()).orElseThrow();
                if (value(scrape, "metro_simulator_records_sent_total") > 0) {
                    during = scrape;
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            assertThat(during).as("a scrape while the run went on").isNotNull();
            assertThat(value(during, "metro_simulator_finished")).isZero();

            SimulationSummary summary = run.get(1, TimeUnit.MINUTES);
            PrometheusScrape after = PrometheusScrape.of(server.port()).orElseThrow();
            assertThat(value(after, "metro_simulator_records_sent_total"))
                    .isEqualTo(summary.gateRecordsDelivered + summary.trainRecordsDelivered)
                    .isGreaterThan(value(during, "metro_simulator_records_sent_total"));
            assertThat(value(after, "metro_simulator_finished")).isEqualTo(1);
            assertThat(value(after, "metro_simulator_simulated_time_seconds"))
                    .isGreaterThan(value(during, "metro_simulator_simulated_time_seconds"));
            // Paced at 200 simulated seconds per second: never faster (a busy machine is slower).
            assertThat(value(after, "metro_simulator_speed_ratio"))
                    .isPositive()
                    .isLessThanOrEqualTo(200 * 1.05);
        }
    }
}
