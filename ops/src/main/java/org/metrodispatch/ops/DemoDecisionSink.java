package org.metrodispatch.ops;

import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.json.JsonBytes;
import org.metrodispatch.contract.time.TimeFormatter;
import org.metrodispatch.job.io.JsonEncoder;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The demo's decision log: writes each decision to {@code decisions.jsonl} in the run folder and
 * prints it as one line a person reads, as it happens. Runs in the demo's own JVM, at parallelism
 * 1.
 */
final class DemoDecisionSink implements Sink<DispatchDecision> {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final String file;
    private final ZoneId zone;

    DemoDecisionSink(Path file, ZoneId zone) {
        this.file = file.toAbsolutePath().toString();
        this.zone = zone;
    }

    @Override
    public SinkWriter<DispatchDecision> createWriter(WriterInitContext context) throws IOException {
        OutputStream out = Files.newOutputStream(Paths.get(file));
        TimeFormatter time = new TimeFormatter(zone);
        JsonBytes json = new JsonBytes();
        PrintStream console = System.out;
        return new SinkWriter<>() {
            @Override
            public void write(DispatchDecision decision, Context context) throws IOException {
                JsonEncoder.DECISIONS.write(json.reset(), decision, time).newline().writeTo(out);
                out.flush();
                console.println(describe(decision, zone));
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    /** One line: when, where, what, the evidence in brief, and the empty train. */
    static String describe(DispatchDecision d, ZoneId zone) {
        StringBuilder line = new StringBuilder();
        line.append(clock(d.eventTime, zone))
                .append("  ")
                .append(
                        String.format(
                                Locale.ROOT,
                                "%-34s %-10s ",
                                d.stationId + " " + d.direction,
                                d.decision));
        if (d.evidence != null && d.decision != DecisionType.CLEARED) {
            line.append(
                    String.format(
                            Locale.ROOT,
                            "~%d waiting (LOS %s), %d left behind x%d. ",
                            Math.round(d.evidence.waitingEstimate),
                            d.evidence.levelOfService,
                            d.evidence.leftBehind,
                            d.evidence.consecutiveLeftBehind));
        }
        if (d.emptyTrain != null) {
            line.append(
                    String.format(
                            Locale.ROOT,
                            "Empty train %d from %s: leaves %s, arrives %s.",
                            d.emptyTrain.sequence,
                            d.emptyTrain.poolName,
                            clock(d.emptyTrain.leaveAt, zone),
                            clock(d.emptyTrain.arriveAt, zone)));
        } else {
            line.append(d.reason);
        }
        return line.toString();
    }

    static String clock(long epochMillis, ZoneId zone) {
        return CLOCK.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }
}
