package org.metrodispatch.contract.time;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LastIsoTimeTest {

    private static long plain(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return IsoTime.parseMillis(bytes, 0, bytes.length);
    }

    /** The text inside a larger record, as the sniffer hands it over. */
    private static long remembered(LastIsoTime last, String text) {
        byte[] record = ("{\"eventTime\":\"" + text + "\"}").getBytes(StandardCharsets.US_ASCII);
        return last.parseMillis(record, 14, text.length());
    }

    @Test
    void aSequenceOfRepeatedChangedAndBrokenTimestampsReadsAsParsedOneByOne() {
        Random random = new Random(7);
        List<String> texts = new ArrayList<>();
        String current = "2026-03-04T08:12:03+08:00";
        for (int i = 0; i < 5_000; i++) {
            int roll = random.nextInt(10);
            if (roll < 6) {
                texts.add(current);
            } else if (roll < 8) {
                int second = random.nextInt(60);
                current =
                        String.format(
                                "2026-03-04T08:%02d:%02d%s",
                                random.nextInt(60),
                                second,
                                random.nextBoolean() ? "+08:00" : ".5Z");
                texts.add(current);
            } else if (roll < 9) {
                // Same length, one byte different: not the one before.
                texts.add(
                        current.substring(0, 18)
                                + (char) ('0' + random.nextInt(10))
                                + current.substring(19));
            } else {
                texts.add(current.substring(0, 10) + "X" + current.substring(11));
            }
        }
        LastIsoTime last = new LastIsoTime();
        int checked = 0;
        for (String text : texts) {
            Long expected;
            try {
                expected = plain(text);
            } catch (IllegalArgumentException e) {
                expected = null;
            }
            if (expected == null) {
                assertThatThrownBy(() -> remembered(last, text))
                        .isInstanceOf(IllegalArgumentException.class);
            } else {
                assertThat(remembered(last, text)).as(text).isEqualTo(expected);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(4_000);
    }

    @Test
    void aBrokenTimestampAfterAGoodOneIsStillRejectedAndForgetsNothing() {
        LastIsoTime last = new LastIsoTime();
        long good = remembered(last, "2026-03-04T08:12:03+08:00");
        assertThatThrownBy(() -> remembered(last, "2026-03-04T08:12:03+08:0"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(remembered(last, "2026-03-04T08:12:03+08:00")).isEqualTo(good);
        assertThat(remembered(last, "2026-03-04T08:12:03+09:00")).isEqualTo(good - 3_600_000);
    }
}
