package org.metrodispatch.simulator.engine;

/**
 * The pseudonymous card ids of one simulated day: passenger {@code n} (numbered in the order they
 * enter, from 0) taps in and out with {@code "c"} and 16 hexadecimal digits of a mixed hash of the
 * seed and {@code n}. The same seed gives the same ids; different passengers of a day never share
 * one (the hash is a bijection of 64-bit values); another seed gives unrelated ids, as a card's id
 * in a real export is salted per day.
 */
public final class CardIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Keeps the card ids apart from the random streams, which mix the same seed. */
    private static final long SALT = 0x6361726449647321L;

    private final long base;

    public CardIds(long seed) {
        this.base = mix(seed ^ SALT);
    }

    /** The card id of passenger {@code passenger} of the day. */
    public String of(long passenger) {
        long hash = mix(base + passenger * 0x9E3779B97F4A7C15L);
        char[] text = new char[17];
        text[0] = 'c';
        for (int i = 16; i >= 1; i--) {
            text[i] = HEX[(int) (hash & 0xF)];
            hash >>>= 4;
        }
        return new String(text);
    }

    /** The finaliser of SplitMix64: a bijection that spreads every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
