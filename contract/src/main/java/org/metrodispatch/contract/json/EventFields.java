package org.metrodispatch.contract.json;

/**
 * The fields of the contract in the record being read, by whichever way it is read (see {@link
 * EventReader}); null when absent. Reused from record to record.
 */
final class EventFields {

    /** What a key of the record is: one of the contract's fields, or another one (skipped). */
    enum Field {
        KIND,
        EVENT_ID,
        STATION_ID,
        GATE_ID,
        DIRECTION,
        TRAIN_ID,
        LINE_ID,
        SERVICE_ID,
        CARD_ID,
        TYPE,
        EVENT_TIME,
        LOAD,
        CAPACITY,
        RATED_CAPACITY,
        ENTRIES_TOTAL,
        EXITS_TOTAL,
        OTHER
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

    /** The field a key names, from its ASCII bytes. */
    static Field fieldOf(byte[] bytes, int start, int length) {
        switch (length) {
            case 4:
                return is(bytes, start, length, "kind")
                        ? Field.KIND
                        : is(bytes, start, length, "type")
                                ? Field.TYPE
                                : is(bytes, start, length, "load") ? Field.LOAD : Field.OTHER;
            case 6:
                return is(bytes, start, length, "gateId")
                        ? Field.GATE_ID
                        : is(bytes, start, length, "lineId")
                                ? Field.LINE_ID
                                : is(bytes, start, length, "cardId") ? Field.CARD_ID : Field.OTHER;
            case 7:
                return is(bytes, start, length, "eventId")
                        ? Field.EVENT_ID
                        : is(bytes, start, length, "trainId") ? Field.TRAIN_ID : Field.OTHER;
            case 8:
                return is(bytes, start, length, "capacity") ? Field.CAPACITY : Field.OTHER;
            case 9:
                return is(bytes, start, length, "stationId")
                        ? Field.STATION_ID
                        : is(bytes, start, length, "eventTime")
                                ? Field.EVENT_TIME
                                : is(bytes, start, length, "direction")
                                        ? Field.DIRECTION
                                        : is(bytes, start, length, "serviceId")
                                                ? Field.SERVICE_ID
                                                : Field.OTHER;
            case 10:
                return is(bytes, start, length, "exitsTotal") ? Field.EXITS_TOTAL : Field.OTHER;
            case 12:
                return is(bytes, start, length, "entriesTotal") ? Field.ENTRIES_TOTAL : Field.OTHER;
            case 13:
                return is(bytes, start, length, "ratedCapacity")
                        ? Field.RATED_CAPACITY
                        : Field.OTHER;
            default:
                return Field.OTHER;
        }
    }

    private static boolean is(byte[] bytes, int start, int length, String name) {
        for (int i = 0; i < length; i++) {
            if (bytes[start + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
