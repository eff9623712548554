package org.metrodispatch.job;

import org.metrodispatch.dispatch.OpenAddressing;

import java.util.Arrays;

import static org.metrodispatch.dispatch.OpenAddressing.FREE;

/**
 * The event ids a station remembers, for de-duplication: the hash of each id with the hash of the
 * content it came with, and the order in which they are forgotten (by the second they were first
 * seen in). Every event looks its id up, so the ids live in primitive arrays (open addressing) and
 * not in map state with a boxed {@code Long} per id. A Flink POJO kept in value state; its fields
 * are public for Flink's serializer only: use the methods.
 */
public class EventIdMemory {

    private static final int MIN_CAPACITY = 16;

    /**
     * The table ({@link OpenAddressing}): an id's hash per slot, FREE for none; the id whose hash
     * is FREE is kept in {@link #holdsFree}.
     */
    public long[] ids = new long[MIN_CAPACITY];

    /** Per slot of {@link #ids}: the hash of the content its id came with. */
    public long[] contents = new long[MIN_CAPACITY];

    /** Ids in the table (the free value's not counted). */
    public int size;

    /** Whether the id whose hash is FREE is remembered, and with what content. */
    public boolean holdsFree;

    public long freeContent;

    /**
     * Ids to forget, in order of the second they were first seen in, at {@code [expiryFirst,
     * expiryEnd)} of {@link #expirySeconds} and {@link #expiryIds}.
     */
    public long[] expirySeconds = new long[0];

    public long[] expiryIds = new long[0];
    public int expiryFirst;
    public int expiryEnd;

    public EventIdMemory() {}

    /** Whether the id is remembered. */
    public boolean remembers(long id) {
        return id == FREE ? holdsFree : OpenAddressing.find(ids, id) >= 0;
    }

    /** The content hash an id came with; only for an id {@link #remembers remembered}. */
    public long contentOf(long id) {
        return id == FREE ? freeContent : contents[OpenAddressing.find(ids, id)];
    }

    /** Remembers an id with its content; an id remembered already keeps its first content. */
    public void remember(long id, long content) {
        if (id == FREE) {
            if (!holdsFree) {
                holdsFree = true;
                freeContent = content;
            }
            return;
        }
        int at = OpenAddressing.slotFor(ids, id);
        if (ids[at] == id) {
            return;
        }
        ids[at] = id;
        contents[at] = content;
        size++;
        // At most two thirds full: probes stay short.
        if (size * 3 > ids.length * 2) {
            resize(ids.length * 2);
        }
    }

    /**
     * The second an id was first seen in has been processed: it is forgotten once that second is
     * older than the de-duplication window ({@link #forgetSecondsUpTo}). Seconds come in order.
     */
    public void firstSeenIn(long second, long id) {
        if (expiryEnd == expirySeconds.length) {
            int waiting = expiryEnd - expiryFirst;
            if (waiting * 2 > expirySeconds.length || expirySeconds.length == 0) {
                int capacity = Math.max(MIN_CAPACITY, expirySeconds.length * 2);
                expirySeconds = Arrays.copyOf(expirySeconds, capacity);
                expiryIds = Arrays.copyOf(expiryIds, capacity);
            }
            System.arraycopy(expirySeconds, expiryFirst, expirySeconds, 0, waiting);
            System.arraycopy(expiryIds, expiryFirst, expiryIds, 0, waiting);
            expiryFirst = 0;
            expiryEnd = waiting;
        }
        expirySeconds[expiryEnd] = second;
        expiryIds[expiryEnd] = id;
        expiryEnd++;
    }

    /** Forgets the ids first seen in seconds up to {@code second}. */
    public void forgetSecondsUpTo(long second) {
        while (expiryFirst < expiryEnd && expirySeconds[expiryFirst] <= second) {
            forget(expiryIds[expiryFirst]);
            expiryFirst++;
        }
        if (expiryFirst == expiryEnd) {
            expiryFirst = 0;
            expiryEnd = 0;
            if (expirySeconds.length > MIN_CAPACITY) {
                // A quiet station gives its memory back.
                expirySeconds = new long[0];
                expiryIds = new long[0];
            }
        }
    }

    /** How many ids are remembered. */
    public int count() {
        return size + (holdsFree ? 1 : 0);
    }

    private void forget(long id) {
        if (id == FREE) {
            holdsFree = false;
            return;
        }
        int at = OpenAddressing.find(ids, id);
        if (at < 0) {
            return;
        }
        OpenAddressing.removeAt(ids, contents, at);
        size--;
        if (ids.length > MIN_CAPACITY && size * 6 < ids.length) {
            resize(ids.length / 2);
        }
    }

    private void resize(int capacity) {
        long[] oldIds = ids;
        long[] oldContents = contents;
        ids = new long[capacity];
        contents = new long[capacity];
        OpenAddressing.rehash(oldIds, oldContents, ids, contents);
    }
}
