package org.metrodispatch.evaluation;

import org.metrodispatch.contract.truth.EpisodeRules;
import org.metrodispatch.contract.truth.TruthEpisode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The evaluation report: {@code report.json} for machines and {@code report.md} for people. The
 * top-level {@code total} and {@code stations} cover every scenario evaluated; each scenario has
 * its own, with the detail of every seed beside them.
 */
public final class EvaluationReport {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<ScenarioEvaluation> scenarios;
    private final EpisodeRules rules;
    private final ZoneId zone;
    private final String mode;

    public EvaluationReport(List<ScenarioEvaluation> scenarios, EpisodeRules rules, ZoneId zone) {
        this(scenarios, rules, zone, TRAIN_FEED);
    }

    /**
     * @param mode what the job saw and how it raised, in words: {@link #TRAIN_FEED}, or as {@link
     *     #mode} describes another
     */
    public EvaluationReport(
            List<ScenarioEvaluation> scenarios, EpisodeRules rules, ZoneId zone, String mode) {
        this.scenarios = scenarios;
        this.rules = rules;
        this.zone = zone;
        this.mode = mode;
    }

    /** The mode of a run with both feeds and no forecast. */
    public static final String TRAIN_FEED = "train feed";

    /** The mode in words: which feeds the scored job saw, and whether it forecast. */
    public static String mode(boolean gatesOnly, int forecastDepartures) {
        String feeds = gatesOnly ? "gate-only" : TRAIN_FEED;
        return forecastDepartures > 0
                ? feeds + ", forecast " + forecastDepartures + " departure(s) ahead"
                : feeds;
    }

    /** Detection over every seed of every scenario. */
    public DetectionScore detection() {
        return DetectionScore.sum(scenarios.stream().map(ScenarioEvaluation::detection).toList());
    }

    /**
     * Each crowded station's effect, over the seeds of the scenarios in which it was crowded (a
     * station quiet in one scenario does not dilute its effect in another).
     */
    public Map<String, Effect> stationEffects() {
        Map<String, List<SeedEvaluation>> seeds = new TreeMap<>();
        for (ScenarioEvaluation scenario : scenarios) {
            for (String station : scenario.crowdedStations()) {
                seeds.computeIfAbsent(station, s -> new ArrayList<>()).addAll(scenario.seeds());
            }
        }
        Map<String, Effect> effects = new TreeMap<>();
        seeds.forEach(
                (station, list) ->
                        effects.put(
                                station,
                                new ScenarioEvaluation(station, "", "", list, null)
                                        .stationEffects()
                                        .get(station)));
        return effects;
    }

    public ObjectNode json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("mode", mode);
        root.set("definitions", definitions());
        root.set(
                "total",
                total(detection(), scenarios.stream().flatMap(s -> s.seeds().stream()).toList()));
        root.set("stations", stations(stationEffects()));
        ArrayNode list = root.putArray("scenarios");
        for (ScenarioEvaluation scenario : scenarios) {
            ObjectNode node = list.addObject();
            node.put("id", scenario.scenarioId());
            node.put("file", scenario.file());
            node.put("window", scenario.window());
            node.set("total", total(scenario.detection(), scenario.seeds()));
            if (scenario.profile() != null) {
                ScenarioEvaluation.LearnedProfile profile = scenario.profile();
                ObjectNode learned = node.putObject("profile");
                learned.put("method", profile.method());
                profile.historySeeds().forEach(learned.putArray("historySeeds")::add);
                ObjectNode accuracy = learned.putObject("accuracy");
                profile.accuracy().forEach(accuracy::put);
                learned.put(
                        "directionShareErrorAgainstDemandModel",
                        profile.check().directionShareError());
                learned.put(
                        "alightingShareErrorAgainstDemandModel",
                        profile.check().alightingShareError());
            }
            node.set("closedLoopDetection", detection(scenario.closedLoopDetection()));
            node.set("stations", stations(scenario.stationEffects()));
            node.set("line", effect(scenario.lineEffect()));
            ArrayNode seeds = node.putArray("seeds");
            for (SeedEvaluation seed : scenario.seeds()) {
                seeds.add(seed(seed));
            }
        }
        return root;
    }

    private ObjectNode definitions() {
        ObjectNode node = JSON.createObjectNode();
        node.put("leftBehindDepartures", rules.leftBehindDepartures());
        node.put("minLeftBehind", rules.minLeftBehind());
        node.put("crowdedLevelOfService", rules.losAtOrWorse().name());
        node.put("crowdedLevelMinutes", rules.losMinutes());
        node.put("mergeGapMinutes", rules.mergeGap().toMinutes());
        node.put("matchToleranceMinutes", rules.matchTolerance().toMinutes());
        node.put(
                "episode",
                "a platform is crowded from the K-th departure in a row leaving at least"
                        + " minLeftBehind passengers behind, or from the M-th minute in a row at the"
                        + " crowded level of service or worse, until neither holds; spells closer"
                        + " than mergeGapMinutes are one episode");
        node.put(
                "detection",
                "an episode is detected when the job raised one (RAISED or SUPPRESSED) on the"
                        + " same platform before it ended and did not clear it before it began,"
                        + " both within matchToleranceMinutes; delay = raise - onset (negative:"
                        + " earlier than the definition)");
        node.put(
                "effect",
                "peaks are the most passengers one train left behind, averaged over seeds;"
                        + " waiting is passenger-minutes (waiting counted each minute); reductions"
                        + " are 1 - with/without");
        return node;
    }

    private static ObjectNode total(DetectionScore detection, List<SeedEvaluation> seeds) {
        ObjectNode node = detection(detection);
        int recommended = 0;
        int inserted = 0;
        int suppressed = 0;
        int mostOut = 0;
        int spares = 0;
        for (SeedEvaluation seed : seeds) {
            recommended += seed.trains().recommended();
            inserted += seed.trains().inserted();
            suppressed += seed.trains().suppressed();
            mostOut = Math.max(mostOut, seed.trains().mostOutAtOnce());
            spares = Math.max(spares, seed.trains().spareTrains());
        }
        node.put("runs", seeds.size());
        node.put("trainsRecommended", recommended);
        node.put("trainsInserted", inserted);
        node.put("suppressedDecisions", suppressed);
        node.put("mostSparesOutAtOnce", mostOut);
        node.put("spareTrainsOfTheNetwork", spares);
        return node;
    }

    private static ObjectNode detection(DetectionScore score) {
        ObjectNode node = JSON.createObjectNode();
        number(node, "recall", score.recall());
        number(node, "precision", score.precision());
        number(node, "medianDetectionDelayMinutes", score.medianDelayMinutes());
        number(node, "worstDetectionDelayMinutes", score.worstDelayMinutes());
        node.put("truthEpisodes", score.truthEpisodes());
        node.put("detected", score.detected());
        node.put("jobEpisodes", score.jobEpisodes());
        node.put("truePositives", score.truePositives());
        return node;
    }

    private static ObjectNode stations(Map<String, Effect> effects) {
        ObjectNode node = JSON.createObjectNode();
        effects.forEach((station, effect) -> node.set(station, effect(effect)));
        return node;
    }

    private static ObjectNode effect(Effect effect) {
        ObjectNode node = JSON.createObjectNode();
        number(node, "leftBehindReduction", effect.leftBehindReduction());
        number(node, "waitingReduction", effect.waitingReduction());
        number(node, "totalLeftBehindReduction", effect.totalLeftBehindReduction());
        node.set("withoutDispatch", summary(effect.without()));
        node.set("withDispatch", summary(effect.with()));
        return node;
    }

    private static ObjectNode summary(Effect.Summary summary) {
        ObjectNode node = JSON.createObjectNode();
        number(node, "meanPeakLeftBehind", summary.meanPeakLeftBehind());
        node.put("totalLeftBehind", summary.totalLeftBehind());
        node.put("waitingPassengerMinutes", summary.waitingPassengerMinutes());
        number(node, "worstDensityM2PerPerson", summary.worstDensityM2PerPerson());
        node.put("minutesAtCrowdedLevel", summary.minutesAtOrWorse());
        return node;
    }

    private ObjectNode seed(SeedEvaluation seed) {
        ObjectNode node = JSON.createObjectNode();
        node.put("seed", seed.seed());
        ObjectNode detection = detection(seed.detection());
        ArrayNode missed = detection.putArray("missed");
        for (TruthEpisode episode : seed.detection().missed()) {
            missed.addObject()
                    .put("platform", episode.platform().toString())
                    .put("onset", time(episode.onset()))
                    .put("end", time(episode.end()))
                    .put("peakLeftBehind", episode.peakLeftBehind())
                    .put("worstLevelOfService", episode.worstLevel().name());
        }
        ArrayNode falseAlarms = detection.putArray("falseAlarms");
        for (JobEpisode episode : seed.detection().falseAlarms()) {
            falseAlarms
                    .addObject()
                    .put("episode", episode.id())
                    .put("raised", time(episode.raised()));
        }
        ArrayNode delays = detection.putArray("detectionDelaysMinutes");
        seed.detection().delaysMinutes().forEach(d -> delays.add(round(d)));
        node.set("detection", detection);
        node.set("closedLoopDetection", detection(seed.closedLoopDetection()));
        ObjectNode trains = node.putObject("trains");
        trains.put("recommended", seed.trains().recommended());
        trains.put("inserted", seed.trains().inserted());
        trains.put("suppressedDecisions", seed.trains().suppressed());
        trains.put("mostSparesOutAtOnce", seed.trains().mostOutAtOnce());
        trains.put("spareTrainsOfTheNetwork", seed.trains().spareTrains());
        ObjectNode stations = node.putObject("stations");
        for (String station : seed.crowdedStations()) {
            Effect effect =
                    Effect.of(
                            List.of(
                                    seed.withoutDispatch()
                                            .getOrDefault(station, CrowdingMeasures.NONE)),
                            List.of(
                                    seed.withDispatch()
                                            .getOrDefault(station, CrowdingMeasures.NONE)));
            stations.set(station, effect(effect));
        }
        node.set(
                "line",
                effect(
                        Effect.of(
                                List.of(CrowdingMeasures.line(seed.withoutDispatch())),
                                List.of(CrowdingMeasures.line(seed.withDispatch())))));
        return node;
    }

    private String time(long millis) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                Instant.ofEpochMilli(millis).atZone(zone));
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, round(value));
        } else {
            node.putNull(field);
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** Writes {@code report.json} and {@code report.md} into a folder. */
    public void write(Path dir, String figureFile) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("report.json").toFile(), json());
        Files.writeString(dir.resolve("report.md"), markdown(figureFile), StandardCharsets.UTF_8);
    }

    /** The report for people. */
    public String markdown(String figureFile) {
        StringBuilder md = new StringBuilder();
        md.append("# Dispatch evaluation\n\n");
        md.append("Mode: ").append(mode).append(".\n\n");
        overall(md);
        if (figureFile != null) {
            md.append("![Waiting with and without dispatch](").append(figureFile).append(")\n\n");
        }
        md.append("## Crowded stations: with dispatch against without\n\n");
        effectTable(md, stationEffects());
        for (ScenarioEvaluation scenario : scenarios) {
            scenarioSection(md, scenario);
        }
        md.append("\n## Definitions\n\n");
        definitions()
                .fields()
                .forEachRemaining(
                        field ->
                                md.append("- ")
                                        .append(field.getKey())
                                        .append(": ")
                                        .append(field.getValue().asText())
                                        .append('\n'));
        return md.toString();
    }

    /** The first lines: detection over every run. */
    private void overall(StringBuilder md) {
        DetectionScore total = detection();
        md.append(
                String.format(
                        Locale.ROOT,
                        "Over %d runs: recall %s, precision %s, detection delay median %s min"
                                + " (worst %s min); %d of %d ground-truth episodes detected, %d of"
                                + " %d job episodes real.%n%n",
                        scenarios.stream().mapToInt(s -> s.seeds().size()).sum(),
                        percent(total.recall()),
                        percent(total.precision()),
                        minutes(total.medianDelayMinutes()),
                        minutes(total.worstDelayMinutes()),
                        total.detected(),
                        total.truthEpisodes(),
                        total.truePositives(),
                        total.jobEpisodes()));
    }

    /** One scenario: its seeds, its detection, its effect and the episodes it missed. */
    private void scenarioSection(StringBuilder md, ScenarioEvaluation scenario) {
        md.append("\n## ").append(scenario.scenarioId()).append("\n\n");
        md.append("`")
                .append(scenario.file())
                .append("`, ")
                .append(scenario.window())
                .append(", seeds ")
                .append(
                        String.join(
                                ", ",
                                scenario.seeds().stream()
                                        .map(s -> Long.toString(s.seed()))
                                        .toList()))
                .append(".\n\n");
        ScenarioEvaluation.LearnedProfile profile = scenario.profile();
        if (profile != null) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "The job's flow profile was learned (%s) from history seeds %s, not"
                                    + " evaluated. Held out, its direction share is off by %s;"
                                    + " against the simulator's demand model, which the job never"
                                    + " sees, by %.3f (alighting share %.3f).%n%n",
                            profile.method(),
                            profile.historySeeds(),
                            profile.accuracy().containsKey("heldOutDirectionShareError")
                                    ? String.format(
                                            Locale.ROOT,
                                            "%.3f",
                                            profile.accuracy().get("heldOutDirectionShareError"))
                                    : "(one day: not measured)",
                            profile.check().directionShareError(),
                            profile.check().alightingShareError()));
        }
        seedTable(md, scenario.seeds());
        DetectionScore d = scenario.detection();
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nRecall %s, precision %s, median delay %s min (worst %s min).%n%n",
                        percent(d.recall()),
                        percent(d.precision()),
                        minutes(d.medianDelayMinutes()),
                        minutes(d.worstDelayMinutes())));
        Map<String, Effect> effects = new TreeMap<>(scenario.stationEffects());
        effects.put("(whole line)", scenario.lineEffect());
        effectTable(md, effects);
        missedEpisodes(md, d.missed());
    }

    private static void seedTable(StringBuilder md, List<SeedEvaluation> seeds) {
        md.append(
                "| seed | episodes | detected | job episodes | real | median delay (min) |"
                        + " trains recommended | inserted | most out at once (of spares) |"
                        + " suppressed decisions |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SeedEvaluation seed : seeds) {
            DetectionScore d = seed.detection();
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %d | %d | %d | %d | %s | %d | %d | %d (of %d) | %d |%n",
                            seed.seed(),
                            d.truthEpisodes(),
                            d.detected(),
                            d.jobEpisodes(),
                            d.truePositives(),
                            minutes(d.medianDelayMinutes()),
                            seed.trains().recommended(),
                            seed.trains().inserted(),
                            seed.trains().mostOutAtOnce(),
                            seed.trains().spareTrains(),
                            seed.trains().suppressed()));
        }
    }

    private void missedEpisodes(StringBuilder md, List<TruthEpisode> missed) {
        if (missed.isEmpty()) {
            return;
        }
        md.append("\nMissed episodes:\n\n");
        for (TruthEpisode episode : missed) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "- %s %s-%s, up to %d left behind by a train, worst level of service"
                                    + " %s%n",
                            episode.platform(),
                            clock(episode.onset()),
                            clock(episode.end()),
                            episode.peakLeftBehind(),
                            episode.worstLevel()));
        }
    }

    private static void effectTable(StringBuilder md, Map<String, Effect> effects) {
        md.append(
                "| station | peak left behind (mean) | reduction | left behind, total |"
                        + " waiting (passenger-min) | reduction | worst m² each | minutes at"
                        + " crowded level |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        effects.forEach(
                (station, effect) ->
                        md.append(
                                String.format(
                                        Locale.ROOT,
                                        "| %s | %.0f → %.0f | %s | %,d → %,d | %,d → %,d | %s |"
                                                + " %.2f → %.2f | %d → %d |%n",
                                        station,
                                        effect.without().meanPeakLeftBehind(),
                                        effect.with().meanPeakLeftBehind(),
                                        percent(effect.leftBehindReduction()),
                                        effect.without().totalLeftBehind(),
                                        effect.with().totalLeftBehind(),
                                        effect.without().waitingPassengerMinutes(),
                                        effect.with().waitingPassengerMinutes(),
                                        percent(effect.waitingReduction()),
                                        effect.without().worstDensityM2PerPerson(),
                                        effect.with().worstDensityM2PerPerson(),
                                        effect.without().minutesAtOrWorse(),
                                        effect.with().minutesAtOrWorse())));
    }

    private String clock(long millis) {
        return DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
                .format(Instant.ofEpochMilli(millis).atZone(zone));
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    private static String minutes(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f", value) : "-";
    }
}
