package org.metrodispatch.evaluation;

import org.metrodispatch.contract.truth.PlatformHistory;

import javax.imageio.ImageIO;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The report's figure: passengers waiting on the most crowded platform over the run, without and
 * with dispatch, with the times the job raised the episode and the empty trains left the platform.
 * Drawn with Java2D, headless, so the report needs nothing beyond the JDK.
 */
public final class EvaluationFigure {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 520;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    private static final Color WITHOUT = new Color(200, 60, 50);
    private static final Color WITH = new Color(40, 100, 190);
    private static final Color RAISED = new Color(230, 140, 20);
    private static final Color EMPTY_TRAIN = new Color(40, 150, 70);

    private EvaluationFigure() {}

    /**
     * @param raises when the job raised an episode on the platform (closed-loop run)
     * @param emptyTrains when an inserted empty train left the platform (closed-loop run)
     */
    public static void write(
            Path png,
            String title,
            PlatformHistory without,
            PlatformHistory with,
            List<Long> raises,
            List<Long> emptyTrains,
            long from,
            long to,
            ZoneId zone)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int maxWaiting = 1;
            for (PlatformHistory history : List.of(without, with)) {
                for (PlatformHistory.Minute minute : history.minutes()) {
                    if (minute.time() >= from && minute.time() < to) {
                        maxWaiting = Math.max(maxWaiting, minute.waiting());
                    }
                }
            }
            double yMax = niceCeiling(maxWaiting);
            Axes axes = new Axes(from, to, yMax);
            drawAxes(g, axes, zone);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.setColor(Color.BLACK);
            g.drawString(title, LEFT, 30);
            for (long time : raises) {
                marker(g, axes, time, RAISED, true);
            }
            for (long time : emptyTrains) {
                marker(g, axes, time, EMPTY_TRAIN, false);
            }
            series(g, axes, without, WITHOUT);
            series(g, axes, with, WITH);
            legend(g);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private record Axes(long from, long to, double yMax) {
        double x(long time) {
            return LEFT + (double) (time - from) / (to - from) * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            return HEIGHT - BOTTOM - value / yMax * (HEIGHT - TOP - BOTTOM);
        }
    }

    private static void drawAxes(Graphics2D g, Axes axes, ZoneId zone) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
        long step = 30 * 60_000L;
        for (long t = (axes.from() / step + 1) * step; t < axes.to(); t += step) {
            int x = (int) axes.x(t);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
            g.setColor(Color.DARK_GRAY);
            g.drawString(
                    clock.format(Instant.ofEpochMilli(t).atZone(zone)),
                    x - 15,
                    HEIGHT - BOTTOM + 18);
        }
        for (int i = 0; i <= 5; i++) {
            double value = axes.yMax() * i / 5;
            int y = (int) axes.y(value);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%,.0f", value), 10, y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
        g.drawString("passengers waiting (start of each minute)", LEFT, TOP - 8);
    }

    private static void series(Graphics2D g, Axes axes, PlatformHistory history, Color color) {
        Path2D.Double path = new Path2D.Double();
        boolean started = false;
        for (PlatformHistory.Minute minute : history.minutes()) {
            if (minute.time() < axes.from() || minute.time() >= axes.to()) {
                continue;
            }
            double x = axes.x(minute.time());
            double y = axes.y(minute.waiting());
            if (started) {
                path.lineTo(x, y);
            } else {
                path.moveTo(x, y);
                started = true;
            }
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        g.draw(path);
    }

    private static void marker(Graphics2D g, Axes axes, long time, Color color, boolean dashed) {
        if (time < axes.from() || time >= axes.to()) {
            return;
        }
        int x = (int) axes.x(time);
        g.setColor(color);
        g.setStroke(
                dashed
                        ? new BasicStroke(
                                1.5f,
                                BasicStroke.CAP_BUTT,
                                BasicStroke.JOIN_MITER,
                                10f,
                                new float[] {6f, 4f},
                                0f)
                        : new BasicStroke(2f));
        g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
        g.setStroke(new BasicStroke(1f));
    }

    private static void legend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int y = HEIGHT - 22;
        int x = LEFT;
        x = entry(g, x, y, WITHOUT, "without dispatch (the job only watches)");
        x = entry(g, x, y, WITH, "with dispatch (closed loop)");
        x = entry(g, x, y, RAISED, "job raised crowding");
        entry(g, x, y, EMPTY_TRAIN, "empty train leaves the platform");
    }

    private static int entry(Graphics2D g, int x, int y, Color color, String label) {
        g.setColor(color);
        g.fillRect(x, y - 9, 18, 4);
        g.setColor(Color.BLACK);
        g.drawString(label, x + 24, y - 3);
        return x + 34 + g.getFontMetrics().stringWidth(label);
    }

    private static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
