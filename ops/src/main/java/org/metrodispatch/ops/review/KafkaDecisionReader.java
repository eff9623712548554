package org.metrodispatch.ops.review;

import org.metrodispatch.simulator.kafka.TopicReader;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the recommendations topic as the operations centre sees it: {@code read_committed}, from
 * the beginning up to the end offsets at the start of the read (what is committed now), without a
 * consumer group and without committing anything.
 */
public final class KafkaDecisionReader {

    private KafkaDecisionReader() {}

    public static DecisionLogReader.Batch read(String bootstrap, String topic, Duration timeout) {
        List<LoggedDecision> decisions = new ArrayList<>();
        List<LogProblem> problems = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                TopicReader.readToEnd(bootstrap, topic, "metro-dispatch-review", timeout)) {
            read(record, decisions, problems);
        }
        // Partitions interleave by time; within one, the order is the job's.
        decisions.sort(Comparator.comparingLong(d -> d.decision().eventTime));
        return new DecisionLogReader.Batch(decisions, problems, new ArrayList<>());
    }

    private static void read(
            ConsumerRecord<byte[], byte[]> record,
            List<LoggedDecision> decisions,
            List<LogProblem> problems) {
        String where = record.topic() + "/" + record.partition() + ":" + record.offset();
        if (record.value() == null) {
            problems.add(new LogProblem(where, "empty record"));
            return;
        }
        String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(record.value()))
                            .toString()
                            .strip();
        } catch (CharacterCodingException e) {
            problems.add(new LogProblem(where, "not valid UTF-8"));
            return;
        }
        try {
            decisions.add(DecisionLines.parse(where, text));
        } catch (DecisionLines.Malformed e) {
            problems.add(new LogProblem(where, e.getMessage()));
        }
    }
}
