package org.metrodispatch.dispatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlidingCountsTest {

    private static final long T = 1_772_582_400L; // 2026-03-04T00:00:00Z, a whole minute

    /** One window as the job emits it: its end (exclusive) and its entries. */
    private record Window(long end, int entries) {}

    /**
     * Walks second by second from {@code from} to {@code to} the way the station function does,
     * adding the entries of each second and recording every window that ends.
     */
    private static List<Window> run(
            SlidingCounts counts, TreeMap<Long, Integer> entries, long from, long to) {
        WindowState state = new WindowState();
        List<Window> windows = new ArrayList<>();
        for (long t = from; t <= to; t++) {
            counts.advanceTo(state, t);
            Integer n = entries.get(t);
            if (n != null) {
                counts.add(state, t, n, 0, 0);
            }
            if (counts.windowEndsAfter(t)) {
                windows.add(new Window(t + 1, counts.entries(state)));
            }
        }
        return windows;
    }

    @ParameterizedTest
    @CsvSource({"300, 30", "60, 60", "90, 30", "126, 7"})
    void everyEventLandsInExactlySizeOverSlideConsecutiveWindows(int size, int slide) {
        SlidingCounts counts = new SlidingCounts(size, slide);
        Random random = new Random(size * 31L + slide);
        TreeMap<Long, Integer> entries = new TreeMap<>();
        long from = T - 1_000;
        long to = T + 3_000;
        for (int i = 0; i < 400; i++) {
            // Bursts and long gaps alike.
            long second = T + (i < 300 ? random.nextInt(600) : 1_500 + random.nextInt(1_200));
            entries.merge(second, 1, Integer::sum);
        }
        List<Window> windows = run(counts, entries, from, to);

        // Each window holds exactly the events of [end - size, end).
        for (Window w : windows) {
            int expected = 0;
            for (var e : entries.subMap(w.end() - size, true, w.end(), false).entrySet()) {
                expected += e.getValue();
            }
            assertThat(w.entries()).as("window ending %d", w.end() - T).isEqualTo(expected);
        }
        // Checked the way Flink's sliding window tests do: every event is in size / slide
        // windows, and they are consecutive.
        for (long second : entries.keySet()) {
            List<Long> containing = new ArrayList<>();
            for (Window w : windows) {
                if (second >= w.end() - size && second < w.end()) {
                    containing.add(w.end());
                }
            }
            assertThat(containing).hasSize(size / slide);
            for (int i = 1; i < containing.size(); i++) {
                assertThat(containing.get(i) - containing.get(i - 1)).isEqualTo(slide);
            }
        }
        // Every slide yields one window; they never double up.
        assertThat(windows)
                .hasSize((int) (Math.floorDiv(to + 1, slide) - Math.floorDiv(from, slide)));
        assertThat(windows.stream().mapToInt(Window::entries).sum())
                .isEqualTo(400 * (size / slide));
    }

    @Test
    void aSingleEventIsCountedInTheWindowsThatCoverIt() {
        SlidingCounts counts = new SlidingCounts(90, 30);
        TreeMap<Long, Integer> entries = new TreeMap<>();
        entries.put(T + 5, 3);
        List<Window> windows = run(counts, entries, T, T + 149);
        assertThat(windows)
                .containsExactly(
                        new Window(T + 30, 3),
                        new Window(T + 60, 3),
                        new Window(T + 90, 3),
                        new Window(T + 120, 0),
                        new Window(T + 150, 0));
    }

    @Test
    void exitsAndHeartbeatsAreCountedLikeEntries() {
        SlidingCounts counts = new SlidingCounts(60, 30);
        WindowState state = new WindowState();
        counts.add(state, T, 1, 2, 3);
        counts.add(state, T + 31, 10, 20, 30);
        assertThat(counts.entries(state)).isEqualTo(11);
        assertThat(counts.exits(state)).isEqualTo(22);
        assertThat(counts.heartbeats(state)).isEqualTo(33);
        counts.advanceTo(state, T + 60);
        assertThat(counts.entries(state)).isEqualTo(10);
        assertThat(counts.exits(state)).isEqualTo(20);
        assertThat(counts.heartbeats(state)).isEqualTo(30);
    }

    @Test
    void aGapLongerThanTheWindowEmptiesIt() {
        SlidingCounts counts = new SlidingCounts(300, 30);
        WindowState state = new WindowState();
        for (int s = 0; s < 300; s += 7) {
            counts.add(state, T + s, 2, 1, 1);
        }
        assertThat(counts.entries(state)).isEqualTo(2 * 43);

        counts.advanceTo(state, T + 299 + 300);
        assertThat(counts.entries(state)).isZero();
        assertThat(counts.exits(state)).isZero();
        assertThat(counts.heartbeats(state)).isZero();

        counts.add(state, T + 100_000, 5, 0, 0);
        assertThat(counts.entries(state)).isEqualTo(5);
        assertThat(state.currentPane).isEqualTo((T + 100_000) / 30);
    }

    @Test
    void aShorterGapKeepsThePanesStillInTheWindow() {
        SlidingCounts counts = new SlidingCounts(90, 30);
        WindowState state = new WindowState();
        counts.add(state, T, 1, 0, 0);
        counts.add(state, T + 30, 2, 0, 0);
        counts.add(state, T + 60, 4, 0, 0);
        counts.advanceTo(state, T + 119);
        assertThat(counts.entries(state)).isEqualTo(6);
    }

    @Test
    void movingBackDoesNothing() {
        SlidingCounts counts = new SlidingCounts(60, 30);
        WindowState state = new WindowState();
        counts.add(state, T + 40, 3, 0, 0);
        counts.advanceTo(state, T);
        assertThat(state.currentPane).isEqualTo((T + 40) / 30);
        assertThat(counts.entries(state)).isEqualTo(3);
    }

    @Test
    void windowsEndAtSlideBoundaries() {
        SlidingCounts counts = new SlidingCounts(300, 30);
        assertThat(counts.windowEndsAfter(T + 29)).isTrue();
        assertThat(counts.windowEndsAfter(T + 30)).isFalse();
        assertThat(counts.windowEndsAfter(T + 59)).isTrue();
        assertThat(counts.windowEndsAfter(T + 58)).isFalse();
        assertThat(counts.windowEndsAfter(-1)).isTrue();
        assertThat(counts.windowEndsAfter(-2)).isFalse();
        assertThat(counts.sizeSeconds()).isEqualTo(300);
        assertThat(counts.slideSeconds()).isEqualTo(30);
    }

    @ParameterizedTest
    @CsvSource({"300, 0", "0, 30", "-300, 30", "300, -30", "100, 30", "30, 60"})
    void badSizeOrSlideIsRejected(int size, int slide) {
        assertThatThrownBy(() -> new SlidingCounts(size, slide))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive multiple of the slide")
                .hasMessageContaining(size + " s / " + slide + " s");
    }
}
