package org.metrodispatch.contract.truth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the crowding episodes in the ground truth of a platform, by {@link EpisodeRules}. A
 * platform is crowded:
 *
 * <ul>
 *   <li>from the K-th departure in a row that left {@code minLeftBehind} or more behind, until the
 *       first departure after it that left fewer; or
 *   <li>from the start of the M-th minute in a row at the crowded level of service (or worse),
 *       until the first minute better than it.
 * </ul>
 *
 * Crowded spells of a platform less than {@code mergeGap} apart are one episode: passengers do not
 * notice a single train in between that happened to take everyone.
 */
public final class TruthEpisodes {

    /** The end of an episode still going when a search of the whole history ends. */
    public static final long END_OF_HISTORY = Long.MAX_VALUE;

    private final EpisodeRules rules;

    public TruthEpisodes(EpisodeRules rules) {
        this.rules = rules;
    }

    /** The episodes of every platform within {@code [from, to)}, by platform order then time. */
    public List<TruthEpisode> find(GroundTruth truth, long from, long to) {
        List<TruthEpisode> episodes = new ArrayList<>();
        for (Map.Entry<Platform, PlatformHistory> platform : truth.platforms().entrySet()) {
            episodes.addAll(find(platform.getKey(), platform.getValue(), from, to));
        }
        return episodes;
    }

    /**
     * The episodes of one platform over its whole history; one still going at the end ends at
     * {@link #END_OF_HISTORY}.
     */
    public List<TruthEpisode> find(Platform platform, PlatformHistory history) {
        return find(platform, history, Long.MIN_VALUE, END_OF_HISTORY);
    }

    /** The episodes of one platform within {@code [from, to)}, in order of time. */
    public List<TruthEpisode> find(Platform platform, PlatformHistory history, long from, long to) {
        List<Spell> spells = new ArrayList<>();
        leftBehindSpells(history, from, to, spells);
        densitySpells(history, from, to, spells);
        spells.sort((a, b) -> Long.compare(a.onset, b.onset));
        return merge(platform, history, spells);
    }

    /** Spells less than the merge gap apart become one episode. */
    private List<TruthEpisode> merge(
            Platform platform, PlatformHistory history, List<Spell> spells) {
        List<TruthEpisode> episodes = new ArrayList<>();
        Spell current = null;
        for (Spell spell : spells) {
            if (current != null && rules.sameEpisode(current.end, spell.onset)) {
                current = current.merge(spell);
            } else {
                if (current != null) {
                    episodes.add(current.episode(platform, history));
                }
                current = spell;
            }
        }
        if (current != null) {
            episodes.add(current.episode(platform, history));
        }
        return episodes;
    }

    private void leftBehindSpells(PlatformHistory history, long from, long to, List<Spell> out) {
        int inARow = 0;
        long onset = -1;
        for (PlatformHistory.Departure departure : history.departures()) {
            if (departure.time() < from || departure.time() >= to) {
                continue;
            }
            if (rules.leftPassengersBehind(departure)) {
                inARow++;
                if (inARow == rules.leftBehindDepartures()) {
                    onset = departure.time();
                }
            } else {
                if (onset >= 0) {
                    out.add(new Spell(onset, departure.time(), true));
                }
                inARow = 0;
                onset = -1;
            }
        }
        if (onset >= 0) {
            out.add(new Spell(onset, to, true));
        }
    }

    private void densitySpells(PlatformHistory history, long from, long to, List<Spell> out) {
        int inARow = 0;
        long onset = -1;
        for (PlatformHistory.Minute minute : history.minutes()) {
            if (minute.time() < from || minute.time() >= to) {
                continue;
            }
            if (rules.crowdedLevel(minute)) {
                inARow++;
                if (inARow == rules.losMinutes()) {
                    onset = minute.time();
                }
            } else {
                if (onset >= 0) {
                    out.add(new Spell(onset, minute.time(), false));
                }
                inARow = 0;
                onset = -1;
            }
        }
        if (onset >= 0) {
            out.add(new Spell(onset, to, false));
        }
    }

    /** One crowded spell, before spells are merged into episodes. */
    private record Spell(long onset, long end, boolean byLeftBehind) {

        Spell merge(Spell later) {
            return new Spell(onset, Math.max(end, later.end), byLeftBehind || later.byLeftBehind);
        }

        TruthEpisode episode(Platform platform, PlatformHistory history) {
            int peak = 0;
            for (PlatformHistory.Departure departure : history.departures()) {
                if (departure.time() >= onset && departure.time() <= end) {
                    peak = Math.max(peak, departure.leftBehind());
                }
            }
            LevelOfService worst = LevelOfService.A;
            for (PlatformHistory.Minute minute : history.minutes()) {
                if (minute.time() >= onset
                        && minute.time() < end
                        && minute.los().atLeastAsBadAs(worst)) {
                    worst = minute.los();
                }
            }
            return new TruthEpisode(platform, onset, end, peak, worst, byLeftBehind);
        }
    }
}
