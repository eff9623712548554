package org.metrodispatch.job.io;

import org.metrodispatch.contract.cli.UserError;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionTimeoutsTest {

    @Test
    void aTransactionMustOutliveAnIntervalPlusTheCheckpointTimeout() {
        assertThatCode(
                        () ->
                                TransactionTimeouts.checkAgainstCheckpoints(
                                        Duration.ofMinutes(10),
                                        Duration.ofSeconds(10),
                                        Duration.ofSeconds(300)))
                .doesNotThrowAnyException();
        assertThatThrownBy(
                        () ->
                                TransactionTimeouts.checkAgainstCheckpoints(
                                        Duration.ofMinutes(5),
                                        Duration.ofSeconds(10),
                                        Duration.ofSeconds(300)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("300 s")
                .hasMessageContaining("310 s")
                .hasMessageContaining("kafka.transactionTimeoutMinutes");
    }

    @Test
    void theBrokersMaximumCapsTheTimeout() {
        assertThatCode(
                        () ->
                                TransactionTimeouts.checkAgainstBrokerMaximum(
                                        Duration.ofMinutes(10), Duration.ofMinutes(15)))
                .doesNotThrowAnyException();
        assertThatThrownBy(
                        () ->
                                TransactionTimeouts.checkAgainstBrokerMaximum(
                                        Duration.ofMinutes(10), Duration.ofMinutes(5)))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("transaction.max.timeout.ms")
                .hasMessageContaining("300 s");
    }
}
