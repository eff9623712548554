package org.metrodispatch.job;

import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.event.GateHeartbeat;
import org.metrodispatch.contract.event.TrainEvent;

/**
 * A 64-bit hash of what an event says apart from its id: a resend is the same record again and has
 * the same content key; an event that reuses another's id with other content (an EXIT with an
 * ENTRY's id, a tap at another time) has another. Two different contents share a key with a chance
 * of about 2^-64.
 */
final class EventContent {

    private static final long SEED = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private EventContent() {}

    /** The content key of a parsed event ({@link GateEvent}, {@link GateHeartbeat}, ...). */
    static long key(Object parsed) {
        long h = SEED;
        if (parsed instanceof GateEvent) {
            GateEvent tap = (GateEvent) parsed;
            h = mix(h, 1);
            h = mix(h, tap.stationId);
            h = mix(h, tap.gateId);
            h = mix(h, tap.direction.ordinal());
            h = mix(h, tap.eventTime);
            h = mix(h, tap.cardId);
        } else if (parsed instanceof GateHeartbeat) {
            GateHeartbeat beat = (GateHeartbeat) parsed;
            h = mix(h, 2);
            h = mix(h, beat.stationId);
            h = mix(h, beat.gateId);
            h = mix(h, beat.eventTime);
            h = mix(h, beat.entriesTotal);
            h = mix(h, beat.exitsTotal);
        } else if (parsed instanceof TrainEvent) {
            TrainEvent train = (TrainEvent) parsed;
            h = mix(h, 3);
            h = mix(h, train.trainId);
            h = mix(h, train.lineId);
            h = mix(h, train.serviceId);
            h = mix(h, train.direction);
            h = mix(h, train.stationId);
            h = mix(h, train.type.ordinal());
            h = mix(h, train.eventTime);
            h = mix(h, train.load);
            h = mix(h, train.capacity);
            h = mix(h, train.ratedCapacity);
        } else {
            return 0;
        }
        return finish(h);
    }

    private static long mix(long h, String value) {
        if (value == null) {
            return mix(h, -1L);
        }
        for (int i = 0; i < value.length(); i++) {
            h ^= value.charAt(i);
            h *= PRIME;
        }
        // The length ends the field: ("ab", "c") and ("a", "bc") differ.
        return mix(h, value.length());
    }

    private static long mix(long h, long value) {
        for (int shift = 0; shift < 64; shift += 8) {
            h ^= (value >>> shift) & 0xFF;
            h *= PRIME;
        }
        return h;
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
