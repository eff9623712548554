package org.metrodispatch.contract.time;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TimeFormatterTest {

    private static final DateTimeFormatter WITH_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final DateTimeFormatter WITHOUT_FRACTION =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    /** 1950 to 2100: every offset of these zones in that span is a whole number of minutes. */
    private static final long FROM = Instant.parse("1950-01-01T00:00:00Z").toEpochMilli();

    private static final long TO = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    static Stream<ZoneId> zones() {
        return Stream.of(
                ZoneId.of("Asia/Shanghai"),
                ZoneId.of("Europe/Berlin"),
                ZoneId.of("America/St_Johns"),
                ZoneId.of("UTC"),
                ZoneOffset.UTC,
                ZoneOffset.ofHoursMinutes(-9, -30));
    }

    /** What java.time writes for the instant: local time, millis unless zero, offset or Z. */
    private static String expected(long epochMillis, ZoneId zone) {
        DateTimeFormatter format = epochMillis % 1000 == 0 ? WITHOUT_FRACTION : WITH_MILLIS;
        return format.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    private static long[] randomInstants(long seed, int count) {
        Random random = new Random(seed);
        long[] instants = new long[count];
        for (int i = 0; i < count; i++) {
            long millis = FROM + (long) (random.nextDouble() * (TO - FROM));
            switch (i % 4) {
                case 0:
                    millis -= Math.floorMod(millis, 1000); // whole second: no fraction
                    break;
                case 1:
                    millis = millis - Math.floorMod(millis, 1000) + 100 * random.nextInt(10);
                    break;
                default:
                    break;
            }
            instants[i] = millis;
        }
        return instants;
    }

    @ParameterizedTest
    @MethodSource("zones")
    void randomInstantsMatchJavaTimeAndRoundTripThroughIsoTime(ZoneId zone) {
        TimeFormatter formatter = new TimeFormatter(zone);
        for (long millis : randomInstants(zone.getId().hashCode(), 50_000)) {
            String text = formatter.format(millis);
            assertThat(text).isEqualTo(expected(millis, zone));
            assertThat(IsoTime.parseMillis(text)).as(text).isEqualTo(millis);
        }
    }

    @ParameterizedTest
    @MethodSource("zones")
    void consecutiveInstantsInOrderMatchJavaTime(ZoneId zone) {
        // A stream of events runs forward in time: the case the offset cache is made for.
        TimeFormatter formatter = new TimeFormatter(zone);
        Random random = new Random(11);
        long millis = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        long end = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
        while (millis < end) {
            String text = formatter.format(millis);
            assertThat(text).isEqualTo(expected(millis, zone));
            assertThat(IsoTime.parseMillis(text)).isEqualTo(millis);
            millis += 1 + random.nextInt(600_000);
        }
    }

    @ParameterizedTest
    @MethodSource("zones")
    void instantsAroundEveryOffsetTransitionMatchJavaTime(ZoneId zone) {
        ZoneRules rules = zone.getRules();
        List<Long> transitions = new ArrayList<>();
        ZoneOffsetTransition transition = rules.nextTransition(Instant.ofEpochMilli(FROM));
        while (transition != null && transition.getInstant().toEpochMilli() < TO) {
            transitions.add(transition.getInstant().toEpochMilli());
            transition = rules.nextTransition(transition.getInstant());
        }
        long[] deltas = {
            -900_000, -60_001, -60_000, -1_000, -1, 0, 1, 999, 1_000, 59_999, 60_000, 899_999
        };
        // In time order, and also the other way round, with one formatter reused throughout.
        for (boolean backwards : new boolean[] {false, true}) {
            TimeFormatter formatter = new TimeFormatter(zone);
            List<Long> instants = new ArrayList<>();
            for (long at : transitions) {
                for (long delta : deltas) {
                    instants.add(at + delta);
                }
            }
            if (backwards) {
                Collections.reverse(instants);
            }
            for (long millis : instants) {
                assertThat(formatter.format(millis))
                        .as("%s at %s", zone, Instant.ofEpochMilli(millis))
                        .isEqualTo(expected(millis, zone));
                assertThat(formatter.offsetSeconds(millis))
                        .isEqualTo(rules.getOffset(Instant.ofEpochMilli(millis)).getTotalSeconds());
            }
        }
    }

    @Test
    void newfoundlandChangedItsClocksAtOneMinutePastMidnightUntil2011() {
        // 2007-03-11 00:01 NST (-03:30) became 01:01 NDT (-02:30), that is 03:31 UTC.
        ZoneId zone = ZoneId.of("America/St_Johns");
        TimeFormatter formatter = new TimeFormatter(zone);
        long change = Instant.parse("2007-03-11T03:31:00Z").toEpochMilli();
        assertThat(formatter.format(change - 30_000)).isEqualTo("2007-03-11T00:00:30-03:30");
        assertThat(formatter.format(change)).isEqualTo("2007-03-11T01:01:00-02:30");
        assertThat(formatter.format(change + 30_000)).isEqualTo("2007-03-11T01:01:30-02:30");
    }

    @Test
    void fallBackHourInBerlinIsWrittenWithBothOffsets() {
        TimeFormatter formatter = new TimeFormatter(ZoneId.of("Europe/Berlin"));
        long firstPass = Instant.parse("2025-10-26T00:30:00Z").toEpochMilli();
        long secondPass = Instant.parse("2025-10-26T01:30:00Z").toEpochMilli();
        assertThat(formatter.format(firstPass)).isEqualTo("2025-10-26T02:30:00+02:00");
        assertThat(formatter.format(secondPass)).isEqualTo("2025-10-26T02:30:00+01:00");
        assertThat(
                        IsoTime.parseMillis(formatter.format(secondPass))
                                - IsoTime.parseMillis(formatter.format(firstPass)))
                .isEqualTo(3_600_000L);
    }

    @Test
    void writesAsciiAtAPositionAndReturnsTheLength() {
        TimeFormatter formatter = new TimeFormatter(ZoneId.of("Asia/Shanghai"));
        long millis = Instant.parse("2026-03-04T00:12:03.417Z").toEpochMilli();
        byte[] buffer = new byte[40];
        Arrays.fill(buffer, (byte) '#');
        int length = formatter.write(buffer, 5, millis);
        String expected = "2026-03-04T08:12:03.417+08:00";
        assertThat(length).isEqualTo(expected.length()).isEqualTo(29);
        assertThat(new String(buffer, 5, length, StandardCharsets.US_ASCII)).isEqualTo(expected);
        for (int i = 0; i < buffer.length; i++) {
            if (i < 5 || i >= 5 + length) {
                assertThat(buffer[i]).as("byte %d", i).isEqualTo((byte) '#');
            }
        }
    }

    @Test
    void leavesOutAZeroFractionButKeepsTrailingZerosOfAnotherOne() {
        TimeFormatter formatter = new TimeFormatter(ZoneOffset.UTC);
        long second = Instant.parse("2026-03-04T08:12:03Z").toEpochMilli();
        assertThat(formatter.format(second)).isEqualTo("2026-03-04T08:12:03Z");
        assertThat(formatter.format(second + 400)).isEqualTo("2026-03-04T08:12:03.400Z");
        assertThat(formatter.format(second + 7)).isEqualTo("2026-03-04T08:12:03.007Z");
    }

    @Test
    void appendToAddsToWhatIsThere() {
        TimeFormatter formatter = new TimeFormatter(ZoneId.of("America/St_Johns"));
        long millis = Instant.parse("2026-01-15T12:00:00.250Z").toEpochMilli();
        StringBuilder out = new StringBuilder("at ");
        formatter.appendTo(out, millis);
        assertThat(out).hasToString("at 2026-01-15T08:30:00.250-03:30");
    }

    @Test
    void instantsBeforeTheEpochAreWrittenCorrectly() {
        TimeFormatter formatter = new TimeFormatter(ZoneId.of("UTC"));
        assertThat(formatter.format(-1)).isEqualTo("1969-12-31T23:59:59.999Z");
        assertThat(formatter.format(-86_400_000L)).isEqualTo("1969-12-31T00:00:00Z");
        assertThat(formatter.format(0)).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void zoneIsKept() {
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        assertThat(new TimeFormatter(zone).zone()).isEqualTo(zone);
    }
}
