package org.metrodispatch.contract.time;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IsoTimeTest {

    private static long javaMillis(String text) {
        return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-03-04T08:12:03.417+08:00",
                "2026-03-04T00:12:03Z",
                "2026-03-04T08:12:03+08:00",
                "2026-03-04T08:12:03-05:30",
                "2026-03-04T08:12:03.5Z",
                "2026-03-04T08:12:03.41+08:00",
                "2026-03-04T08:12:03.4170-01:00",
                "2026-03-04T08:12:03.41799+14:00",
                "2026-03-04T08:12:03.417999-12:00",
                "2026-03-04T08:12:03.4179999+05:45",
                "2026-03-04T08:12:03.41799999-03:30",
                "2026-03-04T08:12:03.417999999+00:00",
                "2024-02-29T12:00:00Z",
                "2000-02-29T23:59:59.999+01:00",
                "1969-12-31T23:59:59.999Z",
                "1900-01-01T00:00:00Z",
                "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z",
                "2026-12-31T23:30:00-18:00",
                "2026-01-01T00:30:00+18:00"
            })
    void validFormsAgreeWithJavaTime(String text) {
        assertThat(IsoTime.parseMillis(text)).as(text).isEqualTo(javaMillis(text));
    }

    @Test
    void zuluAndOffsetsNameTheSameInstant() {
        long zulu = IsoTime.parseMillis("2026-03-04T00:12:03.417Z");
        assertThat(IsoTime.parseMillis("2026-03-04T08:12:03.417+08:00")).isEqualTo(zulu);
        assertThat(IsoTime.parseMillis("2026-03-03T18:42:03.417-05:30")).isEqualTo(zulu);
        assertThat(zulu).isEqualTo(Instant.parse("2026-03-04T00:12:03.417Z").toEpochMilli());
    }

    @Test
    void fractionIsKeptToTheMillisecondByTruncation() {
        assertThat(IsoTime.parseMillis("2026-03-04T00:00:00.1Z") % 1000).isEqualTo(100);
        assertThat(IsoTime.parseMillis("2026-03-04T00:00:00.12Z") % 1000).isEqualTo(120);
        assertThat(IsoTime.parseMillis("2026-03-04T00:00:00.123Z") % 1000).isEqualTo(123);
        assertThat(IsoTime.parseMillis("2026-03-04T00:00:00.123999999Z") % 1000).isEqualTo(123);
        assertThat(IsoTime.parseMillis("2026-03-04T00:00:00.000000001Z") % 1000).isZero();
    }

    @Test
    void leapDayOf2024IsOneDayAfterFebruary28() {
        long feb28 = IsoTime.parseMillis("2024-02-28T10:00:00Z");
        long feb29 = IsoTime.parseMillis("2024-02-29T10:00:00Z");
        long mar01 = IsoTime.parseMillis("2024-03-01T10:00:00Z");
        assertThat(feb29 - feb28).isEqualTo(86_400_000L);
        assertThat(mar01 - feb29).isEqualTo(86_400_000L);
    }

    @Test
    void randomInstantsWithRandomOffsetsAndFractionsAgreeWithJavaTime() {
        Random random = new Random(20260304L);
        long min = Instant.parse("1800-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            long second = min + (long) (random.nextDouble() * (max - min));
            Instant instant = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
            // Offsets in quarter hours from -18:00 to +18:00.
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(145) - 72) * 900);
            int fractionDigits = random.nextInt(10);
            String pattern =
                    "uuuu-MM-dd'T'HH:mm:ss"
                            + (fractionDigits == 0 ? "" : "." + "S".repeat(fractionDigits))
                            + "XXX";
            String text = DateTimeFormatter.ofPattern(pattern).format(instant.atOffset(offset));
            assertThat(IsoTime.parseMillis(text)).as(text).isEqualTo(javaMillis(text));
        }
    }

    @Test
    void everyDayOfFourCenturiesAgreesWithLocalDate() {
        LocalDate day = LocalDate.of(1850, 1, 1);
        LocalDate end = LocalDate.of(2250, 1, 1);
        while (day.isBefore(end)) {
            String text = day + "T00:00:00Z";
            assertThat(IsoTime.parseMillis(text))
                    .as(text)
                    .isEqualTo(day.toEpochDay() * 86_400_000L);
            day = day.plusDays(1);
        }
    }

    @Test
    void daysFromCivilAgreesWithLocalDateIncludingNegativeYears() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            LocalDate date = LocalDate.ofEpochDay(random.nextInt(2_000_000) - 1_500_000);
            assertThat(
                            IsoTime.daysFromCivil(
                                    date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
                    .as(date.toString())
                    .isEqualTo(date.toEpochDay());
        }
    }

    @Test
    void leapYearRuleMatchesJavaTime() {
        for (int year = 1600; year <= 2400; year++) {
            assertThat(IsoTime.isLeapYear(year))
                    .as("year %d", year)
                    .isEqualTo(java.time.Year.isLeap(year));
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "2026-03-04T08:12:03| UTC offset (Z or +HH:MM) is required",
                "2026-03-04T08:12:03.417| UTC offset (Z or +HH:MM) is required",
                "2026-03-04T08:12:03 +08:00| UTC offset (Z or +HH:MM) is required",
                "2026-03-04T08:12:03+0800| expected ':'",
                "2026-03-04T08:12:03+8:00| offset hours",
                "2026-03-04T08:12:03+08| expected ':'",
                "2026-03-04T08:12:03+19:00| UTC offset is out of range",
                "2026-03-04T08:12:03+08:60| UTC offset is out of range",
                "2026-03-04T08:12:03+18:30| UTC offset is out of range",
                "2026-03-04T08:12:03-18:01| UTC offset is out of range",
                "2026-03-04T08:12:03z| UTC offset (Z or +HH:MM) is required",
                "2026-13-04T08:12:03Z| month 13 is out of range",
                "2026-00-04T08:12:03Z| month 0 is out of range",
                "2026-03-32T08:12:03Z| day 32 is out of range",
                "2026-03-00T08:12:03Z| day 0 is out of range",
                "2026-04-31T08:12:03Z| day 31 is out of range",
                "2023-02-29T08:12:03Z| day 29 is out of range",
                "1900-02-29T08:12:03Z| day 29 is out of range",
                "2026-03-04T24:00:00Z| time of day is out of range",
                "2026-03-04T23:60:00Z| time of day is out of range",
                "2026-03-04T23:59:60Z| time of day is out of range",
                "2026-03-04T08:12:03Zx| unexpected characters after the UTC offset",
                "`2026-03-04T08:12:03+08:00 `| unexpected characters after the UTC offset",
                "2026-03-04T08:12:03+08:00:00| unexpected characters after the UTC offset",
                "2026-03-04T08:12:03.4170000000Z| 1 to 9 digits",
                "2026-03-04T08:12:03.Z| 1 to 9 digits",
                "2026-03-04 08:12:03Z| expected 'T'",
                "2026-03-04t08:12:03Z| expected 'T'",
                "2026/03/04T08:12:03Z| expected '-'",
                "26-03-04T08:12:03Z| expected a digit of the year",
                "2026-3-04T08:12:03Z| expected a digit of the month",
                "2026-03-04T08:12Z| expected ':'",
                "2026-03-04T8:12:03Z| expected a digit of the hour",
                "2026-03-04| expected 'T'",
                "+2026-03-04T08:12:03Z| expected a digit of the year",
                "1772582400000| expected '-'"
            })
    void rejectsWithAReason(String text, String reason) {
        assertThatThrownBy(() -> IsoTime.parseMillis(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason.trim())
                .hasMessageContaining(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-03-04T08:12:03",
                "2026-13-04T08:12:03Z",
                "2026-03-32T08:12:03Z",
                "2023-02-29T08:12:03Z",
                "2026-03-04T24:00:00Z",
                "2026-03-04T08:12:03Zx",
                "2026-03-04T08:12:03.4170000000Z",
                "2026-03-04T08:12:03+18:30"
            })
    void whatItRejectsJavaTimeRejectsToo(String text) {
        assertThatThrownBy(() -> IsoTime.parseMillis(text))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OffsetDateTime.parse(text))
                .isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void rejectsEmptyText() {
        assertThatThrownBy(() -> IsoTime.parseMillis(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void longGarbageIsShownShortenedInTheMessage() {
        String text = "2026-03-04T08:12:03Z" + "x".repeat(10_000);
        assertThatThrownBy(() -> IsoTime.parseMillis(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unexpected characters")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
    }

    @Test
    void parsesARangeOfALongerCharSequence() {
        String text = "time=2026-03-04T08:12:03.417+08:00;rest";
        long expected = javaMillis("2026-03-04T08:12:03.417+08:00");
        assertThat(IsoTime.parseMillis(text, 5, 29)).isEqualTo(expected);
        assertThat(IsoTime.parseMillis(new StringBuilder(text), 5, 29)).isEqualTo(expected);
    }

    @Test
    void parsesARangeOfACharArrayAndRejectsWhatLiesOutsideTheRange() {
        char[] chars = "xx2026-03-04T08:12:03.417+08:00yy".toCharArray();
        assertThat(IsoTime.parseMillis(chars, 2, 29))
                .isEqualTo(javaMillis("2026-03-04T08:12:03.417+08:00"));
        // One character short: the offset minutes are cut off.
        assertThatThrownBy(() -> IsoTime.parseMillis(chars, 2, 28))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset minutes");
        // One character too many: the 'y' after the offset is included.
        assertThatThrownBy(() -> IsoTime.parseMillis(chars, 2, 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unexpected characters");
    }

    @Test
    void consecutiveMillisecondsParseToConsecutiveValues() {
        Instant start = Instant.parse("2026-03-04T23:59:59.990Z");
        DateTimeFormatter format = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
        long previous = IsoTime.parseMillis(format.format(start.atOffset(ZoneOffset.ofHours(8))));
        for (int i = 1; i < 30; i++) {
            Instant next = start.plus(i, ChronoUnit.MILLIS);
            long millis = IsoTime.parseMillis(format.format(next.atOffset(ZoneOffset.ofHours(8))));
            assertThat(millis).isEqualTo(previous + 1);
            previous = millis;
        }
    }
}
