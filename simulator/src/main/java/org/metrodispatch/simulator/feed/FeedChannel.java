package org.metrodispatch.simulator.feed;

import org.metrodispatch.contract.demand.FeedSettings;
import org.metrodispatch.simulator.engine.RandomStreams;

import java.util.SplittableRandom;

/**
 * The way from a device to the stream: gives each record a delivery delay (log-normal, with a small
 * share very late), resends some records, and, for testing, injects malformed ones. What it decides
 * is random but seeded, so a run can be repeated byte for byte.
 */
public final class FeedChannel {

    private static final double Z_99 = 2.326;

    private final FeedSettings settings;
    private final DeliveryQueue queue;
    private final SplittableRandom random;
    private final SplittableRandom resendRandom;
    private final SplittableRandom junkRandom;
    private final MalformedRecords malformed;
    private final double logMedian;
    private final double logSigma;
    private long duplicates;
    private long veryLate;
    private long malformedCount;

    /**
     * Each imperfection draws from a stream of its own, so that turning one on or off leaves the
     * others, and the good records' delivery, exactly as they were.
     *
     * @param random draws delivery delays
     * @param resendRandom draws resends
     * @param junkRandom draws malformed records
     */
    public FeedChannel(
            FeedSettings settings,
            DeliveryQueue queue,
            SplittableRandom random,
            SplittableRandom resendRandom,
            SplittableRandom junkRandom,
            MalformedRecords malformed) {
        this.settings = settings;
        this.queue = queue;
        this.random = random;
        this.resendRandom = resendRandom;
        this.junkRandom = junkRandom;
        this.malformed = malformed;
        double median = Math.max(settings.delayMedianSeconds(), 1e-3);
        double p99 = Math.max(settings.delayP99Seconds(), median);
        this.logMedian = Math.log(median);
        this.logSigma = (Math.log(p99) - Math.log(median)) / Z_99;
    }

    /**
     * Sends a record that happened at {@code eventMillis} from a station. With {@code deliver}
     * false the record is dropped, but after the same random draws: so a run over a narrower window
     * writes exactly the records of a wider run that fall inside it.
     */
    public void send(
            long eventMillis, int station, byte[] record, int offset, int length, boolean deliver) {
        long delivery = eventMillis + delayMillis(deliver);
        if (deliver) {
            queue.schedule(delivery, station, record, offset, length);
        }
        if (settings.duplicateShare() > 0
                && resendRandom.nextDouble() < settings.duplicateShare()) {
            long resend =
                    delivery
                            + (long)
                                    (resendRandom.nextDouble()
                                            * settings.duplicateMaxDelaySeconds()
                                            * 1000);
            if (deliver) {
                queue.schedule(resend, station, record, offset, length);
                duplicates++;
            }
        }
        if (settings.malformedShare() > 0 && junkRandom.nextDouble() < settings.malformedShare()) {
            byte[] bad = malformed.corrupt(record, offset, length, eventMillis, junkRandom);
            if (deliver) {
                queue.schedule(delivery, station, bad, 0, bad.length);
                malformedCount++;
            }
        }
    }

    private long delayMillis(boolean counted) {
        if (settings.veryLateShare() > 0 && random.nextDouble() < settings.veryLateShare()) {
            if (counted) {
                veryLate++;
            }
            double minutes =
                    settings.veryLateMinMinutes()
                            + random.nextDouble()
                                    * (settings.veryLateMaxMinutes()
                                            - settings.veryLateMinMinutes());
            return (long) (minutes * 60_000);
        }
        if (settings.delayMedianSeconds() <= 0) {
            return 0;
        }
        double seconds = Math.exp(logMedian + logSigma * RandomStreams.gaussian(random));
        return (long) (Math.min(seconds, settings.delayMaxSeconds()) * 1000);
    }

    public DeliveryQueue queue() {
        return queue;
    }

    public long duplicates() {
        return duplicates;
    }

    public long veryLate() {
        return veryLate;
    }

    public long malformed() {
        return malformedCount;
    }
}
