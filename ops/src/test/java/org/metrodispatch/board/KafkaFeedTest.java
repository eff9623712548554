package org.metrodispatch.board;

import org.metrodispatch.contract.cli.LoopbackPorts;
import org.metrodispatch.contract.kafka.KafkaTopics;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the board says when no broker answers (LineBoardIT reads a real one). */
class KafkaFeedTest {

    @Test
    void aBrokerThatDoesNotAnswerIsAProblemWithItsAddress() throws Exception {
        String nowhere = "127.0.0.1:" + LoopbackPorts.free();
        KafkaTopics topics = KafkaTopics.load(Path.of("..", "config", "kafka.yaml"));
        try (KafkaFeed feed = new KafkaFeed(nowhere, topics)) {
            assertThatThrownBy(() -> feed.poll(Duration.ofMillis(100)))
                    .isInstanceOf(IOException.class)
                    .hasMessage("no Kafka broker answered at " + nowhere + " within 2 s");
        }
    }
}
