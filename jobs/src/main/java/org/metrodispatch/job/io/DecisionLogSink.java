package org.metrodispatch.job.io;

import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.FeedAlert;
import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.time.TimeFormatter;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Serializable;
import java.time.ZoneId;

/**
 * The decision log: one JSON line per decision through a dedicated logger, {@value #LOGGER}. The
 * log4j configuration routes that logger, and only it, to {@code logs/decisions.jsonl} (locally) or
 * to the TaskManager's log folder (on a cluster), as plain lines that the review tools parse.
 *
 * <p>A decision that cannot be written fails the job, never vanishes: the shipped configurations
 * set {@code ignoreExceptions="false"} on the decision appender, so a write error (a full disk, a
 * folder that cannot be written) reaches this sink, which fails with a message naming the decision
 * log; and a logger configured for the decisions whose appender could not even be built (log4j only
 * prints a status error then) stops the job before the first decision.
 */
public final class DecisionLogSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    /** The logger the decisions go to. */
    public static final String LOGGER = "org.metrodispatch.decisions";

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLogSink.class);

    /** How a line of the log is named when it cannot be written. */
    @FunctionalInterface
    public interface Naming<T> extends Serializable {
        String name(T value);
    }

    private final ZoneId zone;
    private final JsonEncoder<T> encoder;
    private final Naming<T> naming;

    private DecisionLogSink(ZoneId zone, JsonEncoder<T> encoder, Naming<T> naming) {
        this.zone = zone;
        this.encoder = encoder;
        this.naming = naming;
    }

    /** The decisions. */
    public static DecisionLogSink<DispatchDecision> decisions(ZoneId zone) {
        return new DecisionLogSink<>(
                zone, JsonEncoder.DECISIONS, d -> "decision " + d.recommendationId);
    }

    /** The feed alerts, among the decisions. */
    public static DecisionLogSink<FeedAlert> feedAlerts(ZoneId zone) {
        return new DecisionLogSink<>(
                zone, JsonEncoder.FEED_ALERTS, a -> "feed alert " + a.conditionKey());
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        checkConfiguration();
        Logger log = LoggerFactory.getLogger(LOGGER);
        TimeFormatter time = new TimeFormatter(zone);
        JsonBytes json = new JsonBytes();
        return new SinkWriter<T>() {
            @Override
            public void write(T value, Context context) throws IOException {
                try {
                    log.info("{}", encoder.write(json.reset(), value, time));
                } catch (RuntimeException e) {
                    // log4j's AppenderLoggingException, with ignoreExceptions="false".
                    Throwable root = e;
                    while (root.getCause() != null && root.getCause() != root) {
                        root = root.getCause();
                    }
                    throw new IOException(
                            "the decision log cannot be written ("
                                    + e.getMessage()
                                    + (root == e ? "" : ": " + root.getMessage())
                                    + "); "
                                    + naming.name(value)
                                    + " would be lost",
                            e);
                }
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }

    /**
     * Fails when the decision logger is configured but has no appender that works (log4j skips an
     * appender it could not build, and the decisions would go nowhere); warns when the decisions
     * are not routed at all or write errors would be ignored.
     */
    static void checkConfiguration() {
        if (!(LogManager.getContext(false) instanceof LoggerContext)) {
            LOG.warn("Logging is not log4j 2: cannot check where the decision log {} goes", LOGGER);
            return;
        }
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        LoggerConfig config = logging.getConfiguration().getLoggerConfig(LOGGER);
        if (!LOGGER.equals(config.getName())) {
            LOG.warn(
                    "The logging configuration has no logger {}: decisions go wherever the logger"
                            + " {} sends them",
                    LOGGER,
                    config.getName().isEmpty() ? "root" : config.getName());
            return;
        }
        if (config.getAppenders().isEmpty()) {
            throw new IllegalStateException(
                    "the decision log cannot be written: the logger "
                            + LOGGER
                            + " has no appender (log4j could not build it; see its status"
                            + " messages)");
        }
        for (Appender appender : config.getAppenders().values()) {
            if (!appender.isStarted()) {
                throw new IllegalStateException(
                        "the decision log cannot be written: its appender "
                                + appender.getName()
                                + " is not running");
            }
            if (appender.ignoreExceptions()) {
                LOG.warn(
                        "The decision appender {} ignores write errors: set"
                                + " ignoreExceptions=\"false\" so that lost decisions fail the job",
                        appender.getName());
            }
        }
    }
}
