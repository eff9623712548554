package org.metrodispatch.contract.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecurringTextsTest {

    private static String read(RecurringTexts texts, String record, String value) {
        byte[] bytes = record.getBytes(StandardCharsets.ISO_8859_1);
        return texts.text(bytes, record.indexOf(value), value.length());
    }

    @Test
    void aTextThatRecursIsTheSameStringWhereverItsBytesStand() {
        RecurringTexts texts = new RecurringTexts(64, 4);
        String first = read(texts, "{\"stationId\":\"nijiaqiao\"}", "nijiaqiao");
        String again = read(texts, "{\"gateId\":\"x\",\"stationId\":\"nijiaqiao\"}", "nijiaqiao");
        String other = read(texts, "{\"stationId\":\"nijiaqiaO\"}", "nijiaqiaO");

        assertThat(first).isEqualTo("nijiaqiao").isSameAs(again);
        assertThat(other).isEqualTo("nijiaqiaO").isNotSameAs(first);
        assertThat(read(texts, "\"\"", "")).isEmpty();
    }

    @Test
    void onceFullNewTextsAreStillReadRightButNotKept() {
        RecurringTexts texts = new RecurringTexts(16, 16);
        for (int i = 0; i < 16; i++) {
            read(texts, "gate-" + i, "gate-" + i);
        }
        String overflow = read(texts, "gate-new", "gate-new");
        String overflowAgain = read(texts, "gate-new", "gate-new");

        assertThat(overflow).isEqualTo("gate-new").isEqualTo(overflowAgain);
        assertThat(overflow).isNotSameAs(overflowAgain);
        assertThat(read(texts, "gate-3", "gate-3")).isSameAs(read(texts, "gate-3", "gate-3"));
    }

    @Test
    void slotsMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new RecurringTexts(100, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
    }
}
