package org.metrodispatch.simulator.feed;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Makes broken records out of good ones, the ways real feeds break: cut short, not JSON at all,
 * invalid bytes, a field missing or of the wrong type, an unknown station, a timestamp without
 * offset or decades away. Each broken record gets an event id of its own, so it can never be
 * mistaken for a resend of the good record.
 */
public final class MalformedRecords {

    private static final int KINDS = 9;

    private long sequence;

    byte[] corrupt(
            byte[] record, int offset, int length, long eventMillis, SplittableRandom random) {
        String json = new String(record, offset, length, StandardCharsets.UTF_8);
        String id = "malformed-" + (sequence++);
        json = json.replaceFirst("\"eventId\":\"[^\"]*\"", "\"eventId\":\"" + id + "\"");
        switch (random.nextInt(KINDS)) {
            case 0:
                return bytes(json.substring(0, Math.max(1, random.nextInt(json.length()))));
            case 1:
                return bytes("GATE;" + id + ";" + eventMillis + ";ENTRY");
            case 2:
                byte[] garbage = bytes(json);
                garbage[random.nextInt(garbage.length)] = (byte) 0xC3;
                garbage[random.nextInt(garbage.length)] = (byte) 0xFF;
                return garbage;
            case 3:
                return bytes(json.replaceFirst(",\"eventTime\":\"[^\"]*\"", ""));
            case 4:
                return bytes(json.replaceFirst("\"eventTime\":\"([^\"]*)\"", "\"eventTime\":$1L"));
            case 5:
                return bytes(
                        json.replaceFirst(
                                "\"stationId\":\"[^\"]*\"", "\"stationId\":\"no-such-station\""));
            case 6:
                // Local time without its UTC offset.
                return bytes(
                        json.replaceFirst(
                                "\"eventTime\":\"([0-9T:.-]*)[+Z-][^\"]*\"",
                                "\"eventTime\":\"$1\""));
            case 7:
                return bytes(json.replaceFirst("\"eventTime\":\"[0-9]{4}", "\"eventTime\":\"2099"));
            default:
                return bytes("[" + json + "]");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
