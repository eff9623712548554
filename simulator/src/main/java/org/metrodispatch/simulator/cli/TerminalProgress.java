package org.metrodispatch.simulator.cli;

import org.metrodispatch.simulator.engine.ProgressListener;
import org.metrodispatch.simulator.engine.SimulationSummary;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;

/** Draws one self-updating line of progress on a terminal, at most a few times a second. */
final class TerminalProgress implements ProgressListener {

    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final ZoneId zone;
    private long lastDraw = Long.MIN_VALUE;

    TerminalProgress(PrintStream out, ZoneId zone) {
        this.out = out;
        this.zone = zone;
    }

    @Override
    public void onProgress(long simulatedMillis, long recordsDelivered, long wallNanos) {
        if (lastDraw != Long.MIN_VALUE && wallNanos - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = wallNanos;
        LocalTime clock = LocalTime.ofInstant(Instant.ofEpochMilli(simulatedMillis), zone);
        double rate = wallNanos > 0 ? recordsDelivered / (wallNanos / 1e9) : 0;
        out.printf(
                Locale.ROOT,
                "\rsimulated clock %s  %,12d events written  %,10.0f events/s ",
                clock.withNano(0),
                recordsDelivered,
                rate);
        out.flush();
    }

    @Override
    public void onFinished(SimulationSummary summary) {
        if (lastDraw != Long.MIN_VALUE) {
            out.print("\r\033[K");
            out.flush();
        }
    }
}
