package org.metrodispatch.ops;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metric reporter inside the benchmark's JVM that hands the bench the parsers' {@code eventsIn}
 * counters themselves, so a sample is a read of a few counters. Asking the MiniCluster's REST API
 * instead makes its metric fetcher collect every metric of the job each time: at ten samples a
 * second that took some 5 % of a core, noise the bench made on the machine it measures.
 */
public final class EventsInReporter implements MetricReporter {

    private static final String NAME = "metro-dispatch-bench";
    private static final String COUNTER = "eventsIn";

    /**
     * The reporter of the MiniCluster started last (a bench runs one job at a time): the one before
     * may close after the next has opened, and must not take the new job's counters with it.
     */
    private static volatile EventsInReporter current;

    private final Set<Counter> counters = ConcurrentHashMap.newKeySet();

    /** Adds the reporter to a local job's configuration. */
    static void addTo(Configuration conf) {
        conf.setString("metrics.reporter." + NAME + ".factory.class", Factory.class.getName());
    }

    /** Records the parsers have taken in so far, or -1 before they have registered. */
    static long eventsIn() {
        EventsInReporter reporter = current;
        if (reporter == null || reporter.counters.isEmpty()) {
            return -1;
        }
        long sum = 0;
        for (Counter counter : reporter.counters) {
            sum += counter.getCount();
        }
        return sum;
    }

    @Override
    public void open(MetricConfig config) {
        current = this;
    }

    @Override
    public void close() {
        counters.clear();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        if (COUNTER.equals(metricName) && metric instanceof Counter) {
            counters.add((Counter) metric);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        counters.remove(metric);
    }

    /** Found by Flink through {@code META-INF/services}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new EventsInReporter();
        }
    }
}
