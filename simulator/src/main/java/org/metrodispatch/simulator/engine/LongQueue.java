package org.metrodispatch.simulator.engine;

/** A first-in first-out queue of longs on a growable ring buffer. */
final class LongQueue {

    private long[] ring = new long[64];
    private int head;
    private int size;

    void add(long value) {
        if (size == ring.length) {
            grow();
        }
        ring[(head + size) & (ring.length - 1)] = value;
        size++;
    }

    long peek() {
        return ring[head];
    }

    long poll() {
        long value = ring[head];
        head = (head + 1) & (ring.length - 1);
        size--;
        return value;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    private void grow() {
        long[] bigger = new long[ring.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) & (ring.length - 1)];
        }
        ring = bigger;
        head = 0;
    }
}
