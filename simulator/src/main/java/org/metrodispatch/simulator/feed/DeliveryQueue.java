package org.metrodispatch.simulator.feed;

import org.metrodispatch.simulator.output.EventSink;

import java.io.IOException;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Holds records until the moment they are delivered, then hands them to a sink in delivery order.
 *
 * <p>Records due within the next {@code horizonSeconds} wait in a ring of one-second buckets whose
 * bytes live in one growing array each, so scheduling a record allocates nothing; a bucket is
 * sorted by delivery millisecond when its second comes. The rare records delivered later than that
 * (the feed's very late ones) wait in a priority queue and join their bucket as it comes into
 * range. Ties keep the order of scheduling, so the output is deterministic.
 */
public final class DeliveryQueue {

    private final EventSink sink;
    private final EventSink.Stream stream;
    private final String[] stationIds;
    private final Bucket[] ring;
    private final int mask;
    private final PriorityQueue<Deferred> deferred = new PriorityQueue<>();
    private long deferredSequence;

    /** The next second to deliver, epoch seconds. */
    private long nextSecond;

    private long delivered;

    public DeliveryQueue(
            EventSink sink,
            EventSink.Stream stream,
            String[] stationIds,
            int horizonSeconds,
            long firstSecond) {
        this.sink = sink;
        this.stream = stream;
        this.stationIds = stationIds;
        int size = Integer.highestOneBit(Math.max(2, horizonSeconds + 2) * 2 - 1);
        this.ring = new Bucket[size];
        for (int i = 0; i < size; i++) {
            ring[i] = new Bucket();
        }
        this.mask = size - 1;
        this.nextSecond = firstSecond;
    }

    /** Schedules a record for delivery at {@code deliveryMillis}, not before the next second. */
    public void schedule(long deliveryMillis, int station, byte[] record, int offset, int length) {
        long second = Math.max(Math.floorDiv(deliveryMillis, 1000), nextSecond);
        if (second - nextSecond < ring.length) {
            ring[(int) (second & mask)].add(deliveryMillis, station, record, offset, length);
        } else {
            deferred.add(
                    new Deferred(
                            deliveryMillis,
                            deferredSequence++,
                            station,
                            Arrays.copyOfRange(record, offset, offset + length)));
        }
    }

    /** Delivers every record due before {@code untilSecond} (exclusive), in order. */
    public void deliverUntil(long untilSecond) throws IOException {
        while (nextSecond < untilSecond) {
            Deferred head;
            while ((head = deferred.peek()) != null
                    && Math.floorDiv(head.deliveryMillis, 1000) - nextSecond < ring.length) {
                deferred.poll();
                long second = Math.floorDiv(head.deliveryMillis, 1000);
                ring[(int) (second & mask)].add(
                        head.deliveryMillis, head.station, head.record, 0, head.record.length);
            }
            Bucket bucket = ring[(int) (nextSecond & mask)];
            delivered += bucket.drainTo(sink, stream, stationIds);
            nextSecond++;
        }
    }

    /** Delivers everything still held, however late. */
    public void deliverAll() throws IOException {
        while (!deferred.isEmpty() || !allBucketsEmpty()) {
            deliverUntil(nextSecond + 1);
            if (allBucketsEmpty() && !deferred.isEmpty()) {
                // Skip the empty stretch up to the next very late record.
                long next = Math.floorDiv(deferred.peek().deliveryMillis, 1000);
                nextSecond = Math.max(nextSecond, next - ring.length + 1);
            }
        }
    }

    /** Records delivered so far. */
    public long delivered() {
        return delivered;
    }

    private boolean allBucketsEmpty() {
        for (Bucket bucket : ring) {
            if (bucket.count > 0) {
                return false;
            }
        }
        return true;
    }

    private static final class Deferred implements Comparable<Deferred> {
        final long deliveryMillis;
        final long sequence;
        final int station;
        final byte[] record;

        Deferred(long deliveryMillis, long sequence, int station, byte[] record) {
            this.deliveryMillis = deliveryMillis;
            this.sequence = sequence;
            this.station = station;
            this.record = record;
        }

        @Override
        public int compareTo(Deferred other) {
            int byTime = Long.compare(deliveryMillis, other.deliveryMillis);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    /** The records due within one second, packed into one byte array. */
    private static final class Bucket {
        byte[] bytes = new byte[4096];
        int used;
        long[] sortKeys = new long[64];
        int[] offsets = new int[64];
        int[] lengths = new int[64];
        int[] stations = new int[64];
        int count;

        void add(long deliveryMillis, int station, byte[] record, int offset, int length) {
            if (used + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + length));
            }
            if (count == offsets.length) {
                int size = count * 2;
                sortKeys = Arrays.copyOf(sortKeys, size);
                offsets = Arrays.copyOf(offsets, size);
                lengths = Arrays.copyOf(lengths, size);
                stations = Arrays.copyOf(stations, size);
            }
            System.arraycopy(record, offset, bytes, used, length);
            // Millisecond within the second first, then the order of scheduling.
            sortKeys[count] = (Math.floorMod(deliveryMillis, 1000L) << 32) | count;
            offsets[count] = used;
            lengths[count] = length;
            stations[count] = station;
            used += length;
            count++;
        }

        int drainTo(EventSink sink, EventSink.Stream stream, String[] stationIds)
                throws IOException {
            int drained = count;
            Arrays.sort(sortKeys, 0, count);
            for (int k = 0; k < count; k++) {
                int i = (int) sortKeys[k];
                sink.write(stream, stationIds[stations[i]], bytes, offsets[i], lengths[i]);
            }
            used = 0;
            count = 0;
            return drained;
        }
    }
}
