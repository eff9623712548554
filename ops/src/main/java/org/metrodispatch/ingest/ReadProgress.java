package org.metrodispatch.ingest;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongConsumer;

/** One self-updating line on a terminal: how much of the input is read. */
final class ReadProgress implements LongConsumer {

    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final long total;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastDraw = Long.MIN_VALUE;
    private boolean drawn;

    ReadProgress(PrintStream out, long total, boolean enabled) {
        this.out = out;
        this.total = total;
        this.enabled = enabled;
    }

    @Override
    public void accept(long read) {
        long now = System.nanoTime();
        if (!enabled || (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS)) {
            return;
        }
        lastDraw = now;
        drawn = true;
        double seconds = (now - started) / 1e9;
        out.printf(
                Locale.ROOT,
                "\rreading: %3.0f %% of %,d MB in %.0f s ",
                total > 0 ? Math.min(100.0, 100.0 * read / total) : 0.0,
                total >> 20,
                seconds);
        out.flush();
    }

    /** Clears the line. */
    void done() {
        if (drawn) {
            out.print("\r\033[K");
            out.flush();
        }
    }
}
