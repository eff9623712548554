package org.metrodispatch.contract.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The fields of the contract in the record being read, by whichever way it is read (see {@link
 * EventReader}); null when absent. Reused from record to record.
 */
final class EventFields {

    /** What a key of the record is: one of the contract's fields, or another one (skipped). */
    enum Field {
        KIND("kind"),
        EVENT_ID("eventId"),
        STATION_ID("stationId"),
        GATE_ID("gateId"),
        DIRECTION("direction"),
        TRAIN_ID("trainId"),
        LINE_ID("lineId"),
        SERVICE_ID("serviceId"),
        CARD_ID("cardId"),
        TYPE("type"),
        EVENT_TIME("eventTime"),
        LOAD("load"),
        CAPACITY("capacity"),
        RATED_CAPACITY("ratedCapacity"),
        ENTRIES_TOTAL("entriesTotal"),
        EXITS_TOTAL("exitsTotal"),
        OTHER(null);

        /** The contract's fields by name: the one list both ways of reading use. */
        private static final Map<String, Field> BY_NAME = new HashMap<>();

        /** The same by the length of the name, to match a key's ASCII bytes without a String. */
        private static final Field[][] BY_LENGTH;

        static {
            int longest = 0;
            for (Field field : values()) {
                if (field.json != null) {
                    BY_NAME.put(field.json, field);
                    longest = Math.max(longest, field.json.length());
                }
            }
            BY_LENGTH = new Field[longest + 1][];
            for (int length = 0; length <= longest; length++) {
                int n = length;
                BY_LENGTH[length] =
                        BY_NAME.values().stream()
                                .filter(field -> field.json.length() == n)
                                .toArray(Field[]::new);
            }
        }

        private final String json;

        /** The name as ASCII bytes, which a key's bytes are compared with. */
        private final byte[] jsonBytes;

        Field(String json) {
            this.json = json;
            this.jsonBytes = json == null ? null : json.getBytes(StandardCharsets.US_ASCII);
        }

        /** The field a key names. */
        static Field named(String name) {
            return BY_NAME.getOrDefault(name, OTHER);
        }

        /** The field a key names, from its ASCII bytes. */
        static Field named(byte[] bytes, int start, int length) {
            if (length >= BY_LENGTH.length) {
                return OTHER;
            }
            for (Field field : BY_LENGTH[length]) {
                if (field.isNamedBy(bytes, start)) {
                    return field;
                }
            }
            return OTHER;
        }

        /**
         * Whether its values recur from record to record (ids of stations, gates, lines, kinds),
         * unlike an event's or a card's id, which each record has its own of.
         */
        boolean recurs() {
            return this != EVENT_ID && this != CARD_ID;
        }

        private boolean isNamedBy(byte[] bytes, int start) {
            return Arrays.equals(
                    bytes, start, start + jsonBytes.length, jsonBytes, 0, jsonBytes.length);
        }
    }

    String kind;
    String eventId;
    String stationId;
    String gateId;
    String direction;
    String trainId;
    String lineId;
    String serviceId;
    String cardId;
    String type;
    Long eventTime;
    Long load;
    Long capacity;
    Long ratedCapacity;
    Long entriesTotal;
    Long exitsTotal;

    void clear() {
        kind = null;
        eventId = null;
        stationId = null;
        gateId = null;
        direction = null;
        trainId = null;
        lineId = null;
        serviceId = null;
        cardId = null;
        type = null;
        eventTime = null;
        load = null;
        capacity = null;
        ratedCapacity = null;
        entriesTotal = null;
        exitsTotal = null;
    }

    /** Sets a text field; false when the field is not text (the reader then says why). */
    boolean setText(Field field, String value) {
        switch (field) {
            case KIND:
                kind = value;
                return true;
            case EVENT_ID:
                eventId = value;
                return true;
            case STATION_ID:
                stationId = value;
                return true;
            case GATE_ID:
                gateId = value;
                return true;
            case DIRECTION:
                direction = value;
                return true;
            case TRAIN_ID:
                trainId = value;
                return true;
            case LINE_ID:
                lineId = value;
                return true;
            case SERVICE_ID:
                serviceId = value;
                return true;
            case CARD_ID:
                cardId = value;
                return true;
            case TYPE:
                type = value;
                return true;
            case OTHER:
                return true;
            default:
                return false;
        }
    }

    /** Sets a whole-number field; false when the field is not a number (the reader says why). */
    boolean setNumber(Field field, long value) {
        switch (field) {
            case LOAD:
                load = value;
                return true;
            case CAPACITY:
                capacity = value;
                return true;
            case RATED_CAPACITY:
                ratedCapacity = value;
                return true;
            case ENTRIES_TOTAL:
                entriesTotal = value;
                return true;
            case EXITS_TOTAL:
                exitsTotal = value;
                return true;
            case OTHER:
                return true;
            default:
                return false;
        }
    }
}
