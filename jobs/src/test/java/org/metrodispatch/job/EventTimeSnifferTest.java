package org.metrodispatch.job;

import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.TrainEventType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metrodispatch.job.Records.T0;
import static org.metrodispatch.job.Records.text;

class EventTimeSnifferTest {

    @Test
    void findsTheTimeOfEveryKindOfRecord() {
        long t = T0 + 3_417;
        assertThat(
                        EventTimeSniffer.eventTime(
                                Records.gate("g-1", "nijiaqiao", GateDirection.ENTRY, t)))
                .isEqualTo(t);
        assertThat(EventTimeSniffer.eventTime(Records.heartbeat("hb-1", "nijiaqiao", t)))
                .isEqualTo(t);
        assertThat(
                        EventTimeSniffer.eventTime(
                                Records.train(
                                        "t-1",
                                        "1",
                                        "southbound",
                                        "nijiaqiao",
                                        TrainEventType.DEPARTURE,
                                        t,
                                        1_200)))
                .isEqualTo(t);
    }

    @Test
    void readsOffsetsAndUtcAlike() {
        assertThat(
                        EventTimeSniffer.eventTime(
                                text("{\"eventTime\":\"2026-03-04T08:00:00+08:00\"}")))
                .isEqualTo(T0);
        assertThat(EventTimeSniffer.eventTime(text("{\"eventTime\":\"2026-03-04T00:00:00.5Z\"}")))
                .isEqualTo(T0 + 500);
    }

    @Test
    void toleratesWhitespaceAroundTheColon() {
        assertThat(
                        EventTimeSniffer.eventTime(
                                text(
                                        "{ \"kind\" : \"gate\",\n \"eventTime\" \t:\r\n \"2026-03-04T00:00:01Z\" }")))
                .isEqualTo(T0 + 1_000);
    }

    @Test
    void findsTheKeyAfterNonAsciiText() {
        assertThat(
                        EventTimeSniffer.eventTime(
                                text("{\"name\":\"倪家桥\",\"eventTime\":\"2026-03-04T00:00:02Z\"}")))
                .isEqualTo(T0 + 2_000);
    }

    @Test
    void aValueThatReadsEventTimeIsNotTheKey() {
        assertThat(
                        EventTimeSniffer.eventTime(
                                text(
                                        "{\"gateId\":\"eventTime\",\"eventTime\":"
                                                + "\"2026-03-04T00:00:03Z\"}")))
                .isEqualTo(T0 + 3_000);
        assertThat(EventTimeSniffer.eventTime(text("{\"gateId\":\"eventTime\"}")))
                .isEqualTo(EventTimeSniffer.UNKNOWN);
    }

    @Test
    void aKeyThatOnlyEndsInEventTimeIsNotTheKey() {
        assertThat(
                        EventTimeSniffer.eventTime(
                                text("{\"previousEventTime\":\"2026-03-04T00:00:03Z\"}")))
                .isEqualTo(EventTimeSniffer.UNKNOWN);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{}",
                "not json at all",
                "{\"eventTime\"}",
                "{\"eventTime\":}",
                "{\"eventTime\":",
                "{\"eventTime\":1772582400000}",
                "{\"eventTime\":null}",
                "{\"eventTime\":\"2026-03-04T00:00:00Z",
                "{\"eventTime\":\"yesterday\"}",
                "{\"eventTime\":\"2026-03-04 00:00:00\"}",
                "{\"eventTime\":\"2026-02-30T00:00:00Z\"}",
                "{\"eventTime\":\"2026-03-04T00:00:00Z and a great deal more text after it\"}",
                "{\"EventTime\":\"2026-03-04T00:00:00Z\"}"
            })
    void unknownWhenNoTimeCanBeRead(String payload) {
        assertThat(EventTimeSniffer.eventTime(text(payload))).isEqualTo(EventTimeSniffer.UNKNOWN);
    }

    @Test
    void unknownWithoutAPayload() {
        assertThat(EventTimeSniffer.eventTime(null)).isEqualTo(EventTimeSniffer.UNKNOWN);
    }
}
