package org.metrodispatch.contract.cli;

import picocli.CommandLine;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/** Reads {@code HH:MM} options as seconds of the day; {@code 24:00} is the end of the day. */
public final class TimeOfDay implements CommandLine.ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        String text = value.trim();
        if (text.equals("24:00")) {
            return 86_400;
        }
        try {
            return LocalTime.parse(text).toSecondOfDay();
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a time of day HH:MM");
        }
    }

    public static String format(int secondOfDay) {
        return String.format("%02d:%02d", secondOfDay / 3600, (secondOfDay / 60) % 60);
    }
}
