package org.metrodispatch.contract.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a Prometheus endpoint in the text format, for the tests that check metrics. */
public final class PrometheusScrape {

    /** Where Flink's Prometheus reporter puts the job's metrics (JobMetrics.GROUP "metro"). */
    public static final String JOB_PREFIX = "flink_taskmanager_job_task_operator_metro_";

    /** One sample: metric name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {

        public String label(String key) {
            return labels.get(key);
        }
    }

    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)$");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final List<Sample> samples;

    private PrometheusScrape(List<Sample> samples) {
        this.samples = samples;
    }

    /** Scrapes {@code http://127.0.0.1:port/metrics}; empty when nothing answers there. */
    public static Optional<PrometheusScrape> of(int port) throws InterruptedException {
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/metrics"))
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    ? Optional.of(parse(response.body()))
                    : Optional.empty();
        } catch (IOException nothingThere) {
            return Optional.empty();
        }
    }

    /** Reads the text exposition format; comments and what it cannot read are skipped. */
    public static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return new PrometheusScrape(samples);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The samples of one of the job's metrics ({@link #JOB_PREFIX} + {@code name}). */
    public List<Sample> job(String name, Predicate<Sample> which) {
        return samples.stream()
                .filter(s -> s.name().equals(JOB_PREFIX + name) && which.test(s))
                .toList();
    }

    /** The sum of one of the job's metrics over the samples that match. */
    public double sum(String name, Predicate<Sample> which) {
        return job(name, which).stream().mapToDouble(Sample::value).sum();
    }

    public double sum(String name) {
        return sum(name, s -> true);
    }

    /** A predicate on one label's value. */
    public static Predicate<Sample> labelled(String key, String value) {
        return s -> value.equals(s.label(key));
    }
}
