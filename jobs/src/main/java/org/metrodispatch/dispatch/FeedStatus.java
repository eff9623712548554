package org.metrodispatch.dispatch;

import org.metrodispatch.contract.decision.FeedAlert;
import org.metrodispatch.contract.decision.FeedAlertKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The feed alerts in force, as the dispatch planner asks about them: what is degraded at a station,
 * and whether its train feed is silent (then an estimate has no departures to rest on).
 */
public final class FeedStatus {

    /** Every feed healthy. */
    public static final FeedStatus HEALTHY = new FeedStatus(List.of());

    private final List<FeedAlert> active;

    private FeedStatus(List<FeedAlert> active) {
        this.active = active;
    }

    /** The alerts raised and not cleared, in any order. */
    public static FeedStatus of(Iterable<FeedAlert> raised) {
        List<FeedAlert> active = new ArrayList<>();
        raised.forEach(active::add);
        active.sort(Comparator.comparing(FeedAlert::conditionKey));
        return active.isEmpty() ? HEALTHY : new FeedStatus(active);
    }

    /**
     * The degraded feeds of a station, and those of the whole line, in a sentence; null when there
     * are none.
     */
    public String degraded(String stationId) {
        StringBuilder text = null;
        for (FeedAlert alert : active) {
            if (alert.stationId == null || stationId.equals(alert.stationId)) {
                text = text == null ? new StringBuilder() : text.append("; ");
                text.append(alert.reason);
            }
        }
        return text == null ? null : text.toString();
    }

    /** The alert of the station's silent train feed, or null. */
    public FeedAlert trainFeedSilent(String stationId) {
        for (FeedAlert alert : active) {
            if (alert.kind == FeedAlertKind.TRAIN_FEED_SILENT
                    && stationId.equals(alert.stationId)) {
                return alert;
            }
        }
        return null;
    }
}
