package org.metrodispatch.dispatch;

import org.metrodispatch.contract.decision.CrowdingEvidence;
import org.metrodispatch.contract.decision.DecisionIds;
import org.metrodispatch.contract.decision.DecisionLevel;
import org.metrodispatch.contract.decision.DecisionType;
import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.EmptyTrainPlan;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.NetworkLoader;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DispatchPlannerTest {

    /** 08:00 in Chengdu. */
    private static final long T0 = 1_772_582_400_000L;

    private static final long FOLLOW_UP = 300_000;
    private static final long MIN_UPDATE = 120_000;

    private static Network network;

    private final DispatchSettings settings = new DispatchSettings(FOLLOW_UP, 3, MIN_UPDATE);
    private DispatchPlanner planner = new DispatchPlanner(network, settings);
    private final PlannerState state = new PlannerState();

    @BeforeAll
    static void load() {
        network = NetworkLoader.load(Path.of("..", "config", "networks", "chengdu-line1.yaml"));
    }

    private static CrowdingSignal signal(
            SignalType type,
            String station,
            String direction,
            long time,
            double severity,
            int leftBehind,
            long lastDeparture) {
        CrowdingSignal s = new CrowdingSignal();
        s.type = type;
        s.stationId = station;
        s.direction = direction;
        s.time = time;
        s.severity = severity;
        s.reason = type + " at " + station + " " + direction + " (" + leftBehind + " left behind)";
        CrowdingEvidence e = new CrowdingEvidence();
        e.windowEnd = time;
        e.windowStart = time - 300_000;
        e.waitingEstimate = severity * 550;
        e.leftBehind = leftBehind;
        e.consecutiveLeftBehind = leftBehind > 0 ? 2 : 0;
        e.levelOfService = "D";
        e.lastDepartureTime = lastDeparture;
        e.lastTrainId = "T0107";
        s.evidence = e;
        return s;
    }

    private static CrowdingSignal raised(String station, String direction, long time, double sev) {
        return signal(SignalType.RAISED, station, direction, time, sev, 120, time - 10_000);
    }

    private List<DispatchDecision> tick(long now, CrowdingSignal... signals) {
        return planner.onTick(state, now, List.of(signals));
    }

    private static int index(String station) {
        return network.indexOf(station);
    }

    private static long emptyRunMillis(String from, String to) {
        return network.emptyRunSeconds(index(from), index(to)) * 1000L;
    }

    @Test
    void nijiaqiaoSouthboundGetsATrainFromTheTianfuSquareSiding() {
        List<DispatchDecision> decisions = tick(T0, raised("nijiaqiao", "southbound", T0, 2.5));

        assertThat(decisions).hasSize(1);
        DispatchDecision d = decisions.get(0);
        assertThat(d.decision).isEqualTo(DecisionType.RAISED);
        assertThat(d.recommendationId).isEqualTo("nijiaqiao-southbound-20260304-080000");
        assertThat(d.decisionId)
                .isEqualTo("nijiaqiao-southbound-20260304-080000/1-RAISED-20260304-080000");
        assertThat(d.level).isEqualTo(DecisionLevel.WARN);
        assertThat(d.schemaVersion).isEqualTo(DispatchDecision.SCHEMA_VERSION);
        assertThat(d.emittedAt).as("stamped by the sink, not the planner").isZero();
        assertThat(d.lineId).isEqualTo("1");
        assertThat(d.stationId).isEqualTo("nijiaqiao");
        assertThat(d.direction).isEqualTo("southbound");
        assertThat(d.eventTime).isEqualTo(T0);
        assertThat(d.severity).isEqualTo(2.5);
        assertThat(d.reason).isEqualTo("RAISED at nijiaqiao southbound (120 left behind)");
        assertThat(d.evidence.leftBehind).isEqualTo(120);

        EmptyTrainPlan plan = d.emptyTrain;
        assertThat(plan.sequence).isEqualTo(1);
        assertThat(plan.poolId).isEqualTo("tianfu-square-siding");
        assertThat(plan.poolName).isEqualTo("Tianfu Square turnback siding");
        assertThat(plan.fromStationId).isEqualTo("tianfu-square");
        assertThat(plan.leaveAt).isEqualTo(T0 + 240_000);
        assertThat(plan.arriveAt)
                .isEqualTo(plan.leaveAt + emptyRunMillis("tianfu-square", "nijiaqiao"));
        // 85 + 90 + 85 + 90 s running, 3 stations passed at 15 s each.
        assertThat(plan.arriveAt - plan.leaveAt).isEqualTo(395_000);
        assertThat(plan.runsEmptyVia)
                .containsExactly("jinjiang-hotel", "huaxiba", "sichuan-gymnasium");
        assertThat(plan.startsServiceAt).isEqualTo("nijiaqiao");
        assertThat(plan.serviceTerminus).isEqualTo("science-city");
        assertThat(plan.sparesLeftAtPool).isZero();
        long trip = network.serviceTravelSeconds(index("nijiaqiao"), index("science-city")) * 1000L;
        long back = emptyRunMillis("science-city", "tianfu-square");
        assertThat(plan.spareReturnsAt).isEqualTo(plan.arriveAt + trip + 300_000 + back);

        // The Shengxian Lake depot could send one too, but later.
        long fromDepot = T0 + 420_000 + emptyRunMillis("shengxian-lake", "nijiaqiao");
        assertThat(plan.arriveAt).isLessThan(fromDepot);

        assertThat(state.episodes).hasSize(1);
        assertThat(state.episodes[0].trainsSent).isEqualTo(1);
        assertThat(state.episodes[0].needsTrain).isFalse();
        assertThat(state.sparesOut).hasSize(1);
        assertThat(state.sparesOut[0].poolId).isEqualTo("tianfu-square-siding");
        assertThat(state.sparesOut[0].returnsAt).isEqualTo(plan.spareReturnsAt);
    }

    @Test
    void aSecondPlatformGetsTheNextBestPoolWhenTheBestIsOut() {
        tick(T0, raised("nijiaqiao", "southbound", T0, 2.5));
        List<DispatchDecision> decisions =
                tick(T0 + 60_000, raised("tongzilin", "southbound", T0 + 60_000, 2.0));

        assertThat(decisions).hasSize(1);
        EmptyTrainPlan plan = decisions.get(0).emptyTrain;
        assertThat(plan.poolId).isEqualTo("shengxian-lake-depot");
        assertThat(plan.leaveAt).isEqualTo(T0 + 60_000 + 420_000);
        assertThat(plan.arriveAt)
                .isEqualTo(plan.leaveAt + emptyRunMillis("shengxian-lake", "tongzilin"));
        assertThat(plan.runsEmptyVia).hasSize(index("tongzilin") - index("shengxian-lake") - 1);
        assertThat(plan.runsEmptyVia[0]).isEqualTo("north-railway-station");
        assertThat(plan.sparesLeftAtPool).isEqualTo(1);
    }

    @Test
    void aPoolDownstreamIsNeverUsed() {
        // Tianfu Square is 85 s south of Luomashi and prepares faster than the Shengxian Lake
        // depot, but a train from there would have to run against the direction.
        DispatchDecision luomashi = tick(T0, raised("luomashi", "southbound", T0, 1)).get(0);
        assertThat(luomashi.emptyTrain.poolId).isEqualTo("shengxian-lake-depot");

        // Weijianian southbound has nothing north of it.
        DispatchDecision weijianian = tick(T0, raised("weijianian", "southbound", T0, 1)).get(0);
        assertThat(weijianian.decision).isEqualTo(DecisionType.SUPPRESSED);
        assertThat(weijianian.emptyTrain).isNull();
        assertThat(weijianian.reason)
                .isEqualTo(
                        "no depot or siding upstream of weijianian southbound can send a train"
                                + " there");
    }

    @Test
    void aPoolThatDoesNotServeTheDirectionIsNeverUsed() {
        // The Shengxian Lake depot is one station from Weijianian, but serves southbound only.
        DispatchDecision d = tick(T0, raised("weijianian", "northbound", T0, 1)).get(0);
        assertThat(d.decision).isEqualTo(DecisionType.RAISED);
        assertThat(d.emptyTrain.poolId).isEqualTo("tianfu-square-siding");
        assertThat(d.emptyTrain.serviceTerminus).isEqualTo("weijianian");
        assertThat(d.emptyTrain.runsEmptyVia)
                .containsExactly(
                        "luomashi",
                        "wenshu-monastery",
                        "renmin-north-road",
                        "north-railway-station",
                        "shengxian-lake");

        // Nor at its own station; the Tianfu Square spare is out now, so Century City sends one.
        DispatchDecision atDepot = tick(T0, raised("shengxian-lake", "northbound", T0, 1)).get(0);
        assertThat(atDepot.emptyTrain.poolId).isEqualTo("century-city-siding");
    }

    @Test
    void aPoolAtTheCrowdedStationItselfCanServeIt() {
        DispatchDecision d = tick(T0, raised("century-city", "northbound", T0, 1)).get(0);
        assertThat(d.emptyTrain.poolId).isEqualTo("century-city-siding");
        assertThat(d.emptyTrain.leaveAt).isEqualTo(T0 + 300_000);
        assertThat(d.emptyTrain.arriveAt).isEqualTo(T0 + 300_000);
        assertThat(d.emptyTrain.runsEmptyVia).isEmpty();
    }

    /** Takes both Century City spares, so only the Tianfu Square one is left northbound. */
    private void sendBothCenturyCitySpares() {
        List<DispatchDecision> first =
                tick(
                        T0,
                        raised("jincheng-plaza", "northbound", T0, 1.5),
                        raised("incubation-park", "northbound", T0, 1.2));
        assertThat(first).extracting(d -> d.decision).containsOnly(DecisionType.RAISED);
        assertThat(first).extracting(d -> d.emptyTrain.poolId).containsOnly("century-city-siding");
    }

    @Test
    void competingPlatformsTheMoreSevereGetsTheTrain() {
        sendBothCenturyCitySpares();
        long now = T0 + 60_000;
        List<DispatchDecision> decisions =
                tick(
                        now,
                        raised("wenshu-monastery", "northbound", now, 2.0),
                        raised("luomashi", "northbound", now, 3.0));

        assertThat(decisions).hasSize(2);
        DispatchDecision winner = decisions.get(0);
        assertThat(winner.decision).isEqualTo(DecisionType.RAISED);
        assertThat(winner.stationId).isEqualTo("luomashi");
        assertThat(winner.emptyTrain.poolId).isEqualTo("tianfu-square-siding");

        DispatchDecision loser = decisions.get(1);
        assertThat(loser.decision).isEqualTo(DecisionType.SUPPRESSED);
        assertThat(loser.stationId).isEqualTo("wenshu-monastery");
        assertThat(loser.emptyTrain).isNull();
        assertThat(loser.level).as("a need not met").isEqualTo(DecisionLevel.WARN);
        assertThat(loser.reason)
                .isEqualTo(
                        "the spare trains that could reach wenshu-monastery northbound went to"
                                + " more severe crowding: tianfu-square-siding to luomashi"
                                + " northbound (3.00 waiting per m2)");
    }

    @Test
    void competingPlatformsTheSeverityDecidesNotTheName() {
        sendBothCenturyCitySpares();
        long now = T0 + 60_000;
        List<DispatchDecision> decisions =
                tick(
                        now,
                        raised("wenshu-monastery", "northbound", now, 3.0),
                        raised("luomashi", "northbound", now, 2.0));
        assertThat(decisions.get(0).stationId).isEqualTo("wenshu-monastery");
        assertThat(decisions.get(0).decision).isEqualTo(DecisionType.RAISED);
        assertThat(decisions.get(1).stationId).isEqualTo("luomashi");
        assertThat(decisions.get(1).decision).isEqualTo(DecisionType.SUPPRESSED);
        assertThat(decisions.get(1).reason).contains("tianfu-square-siding to wenshu-monastery");
    }

    @Test
    void aSuppressedEpisodeGetsTheSpareWhenItReturns() {
        sendBothCenturyCitySpares();
        long now = T0 + 60_000;
        List<DispatchDecision> competition =
                tick(
                        now,
                        raised("wenshu-monastery", "northbound", now, 2.0),
                        raised("luomashi", "northbound", now, 3.0));
        String suppressedId = competition.get(1).recommendationId;
        long firstBack = Long.MAX_VALUE;
        for (SpareOut spare : state.sparesOut) {
            firstBack = Math.min(firstBack, spare.returnsAt);
        }
        assertThat(planner.nextWakeUp(state, now)).isLessThanOrEqualTo(firstBack);

        // Just before the spare is back nothing can be sent.
        List<DispatchDecision> before = tick(firstBack - 1_000);
        assertThat(before).extracting(d -> d.decision).doesNotContain(DecisionType.RAISED);

        List<DispatchDecision> back = tick(firstBack);
        assertThat(back).hasSize(1);
        DispatchDecision d = back.get(0);
        assertThat(d.decision).isEqualTo(DecisionType.RAISED);
        assertThat(d.recommendationId).isEqualTo(suppressedId);
        // Numbered after the episode's SUPPRESSED decisions (given away, then all out).
        List<DispatchDecision> earlier = new ArrayList<>(competition);
        earlier.addAll(before);
        earlier.removeIf(e -> !e.recommendationId.equals(suppressedId));
        assertThat(earlier).extracting(e -> e.decision).containsOnly(DecisionType.SUPPRESSED);
        assertThat(d.decisionId).startsWith(suppressedId + "/" + (earlier.size() + 1) + "-RAISED-");
        assertThat(d.stationId).isEqualTo("wenshu-monastery");
        assertThat(d.eventTime).isEqualTo(firstBack);
        assertThat(d.emptyTrain.sequence).isEqualTo(1);
        assertThat(d.emptyTrain.leaveAt).isGreaterThan(firstBack);
    }

    @Test
    void aSuppressedEpisodeThatClearedGetsNoTrain() {
        sendBothCenturyCitySpares();
        long now = T0 + 60_000;
        tick(
                now,
                raised("wenshu-monastery", "northbound", now, 2.0),
                raised("luomashi", "northbound", now, 3.0));
        List<DispatchDecision> cleared =
                tick(
                        now + 600_000,
                        signal(
                                SignalType.CLEARED,
                                "wenshu-monastery",
                                "northbound",
                                now + 600_000,
                                0.1,
                                0,
                                now));
        assertThat(cleared).extracting(d -> d.decision).containsExactly(DecisionType.CLEARED);
        long latest = 0;
        for (SpareOut spare : state.sparesOut) {
            latest = Math.max(latest, spare.returnsAt);
        }
        assertThat(tick(latest)).extracting(d -> d.stationId).doesNotContain("wenshu-monastery");
    }

    @Test
    void theSuppressionNamesOnlyTrainsThatCouldHaveReachedThePlatform() {
        // Shengxian Lake southbound can only be served by the Shengxian Lake depot: send both of
        // its spares away first.
        tick(
                T0,
                raised("north-railway-station", "southbound", T0, 1.5),
                raised("renmin-north-road", "southbound", T0, 1.2));
        assertThat(state.sparesOut).extracting(s -> s.poolId).containsOnly("shengxian-lake-depot");

        long now = T0 + 60_000;
        List<DispatchDecision> decisions =
                tick(
                        now,
                        raised("wenshu-monastery", "northbound", now, 4.0),
                        raised("shengxian-lake", "southbound", now, 1.0));

        DispatchDecision given = decisions.get(0);
        assertThat(given.stationId).isEqualTo("wenshu-monastery");
        assertThat(given.emptyTrain.poolId).isEqualTo("tianfu-square-siding");
        DispatchDecision suppressed = decisions.get(1);
        assertThat(suppressed.decision).isEqualTo(DecisionType.SUPPRESSED);
        // The Tianfu Square train could never have gone to Shengxian Lake southbound.
        assertThat(suppressed.reason)
                .doesNotContain("wenshu-monastery")
                .startsWith("all spare trains that can reach shengxian-lake southbound are out")
                .contains("the first is expected back at ");
    }

    @Test
    void noPoolUpstreamIsSuppressedOnce() {
        long now = T0;
        List<DispatchDecision> first = tick(now, raised("huayang", "northbound", now, 2.0));
        assertThat(first).hasSize(1);
        assertThat(first.get(0).decision).isEqualTo(DecisionType.SUPPRESSED);
        assertThat(first.get(0).reason)
                .isEqualTo(
                        "no depot or siding upstream of huayang northbound can send a train there");
        assertThat(first.get(0).recommendationId).isEqualTo("huayang-northbound-20260304-080000");

        for (int i = 1; i <= 20; i++) {
            long t = now + i * 30_000L;
            assertThat(
                            tick(
                                    t,
                                    signal(
                                            SignalType.STATUS,
                                            "huayang",
                                            "northbound",
                                            t,
                                            2.0,
                                            120,
                                            t - 10_000)))
                    .as("tick %d", i)
                    .isEmpty();
        }
        // Even a new RAISED for the open episode is not news.
        assertThat(tick(now + 700_000, raised("huayang", "northbound", now + 700_000, 2.0)))
                .isEmpty();
        assertThat(state.episodes).hasSize(1);
    }

    @Test
    void clearedAfterTheEmptyTrainLeftSaysItServesThePlatformStill() {
        DispatchDecision raised = tick(T0, raised("nijiaqiao", "southbound", T0, 2.5)).get(0);
        long early = raised.emptyTrain.arriveAt - 60_000;
        assertThat(early).isGreaterThan(raised.emptyTrain.leaveAt);
        assertThat(calmAt(early))
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason)
                                    .isEqualTo(
                                            "nobody left behind on 2 departures in a row;"
                                                    + " empty train 1 has left and serves the"
                                                    + " platform when it comes");
                            assertThat(d.standsDown).isEmpty();
                        });
    }

    @Test
    void clearedBeforeTheEmptyTrainLeftStandsItDown() {
        DispatchDecision raised = tick(T0, raised("nijiaqiao", "southbound", T0, 2.5)).get(0);
        long beforeItLeaves = raised.emptyTrain.leaveAt - 1_000;
        assertThat(calmAt(beforeItLeaves))
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason)
                                    .isEqualTo(
                                            "nobody left behind on 2 departures in a row;"
                                                    + " empty train 1 has not left: stand it down");
                            assertThat(d.standsDown)
                                    .containsExactly(
                                            DecisionIds.emptyTrainTripId(
                                                    raised.recommendationId, 1));
                        });
    }

    /** Nijiaqiao southbound calm again at {@code at}: the planner's decisions. */
    private List<DispatchDecision> calmAt(long at) {
        CrowdingSignal calm = signal(SignalType.CLEARED, "nijiaqiao", "southbound", at, 0.2, 0, at);
        calm.reason = "nobody left behind on 2 departures in a row";
        return tick(at, calm);
    }

    @Test
    void clearedClosesTheEpisode() {
        String id = tick(T0, raised("nijiaqiao", "southbound", T0, 2.5)).get(0).recommendationId;
        long later = T0 + 900_000;
        CrowdingSignal calm =
                signal(SignalType.CLEARED, "nijiaqiao", "southbound", later, 0.2, 0, later);
        calm.reason = "nobody left behind on 2 departures in a row";

        List<DispatchDecision> decisions = tick(later, calm);
        assertThat(decisions).hasSize(1);
        DispatchDecision d = decisions.get(0);
        assertThat(d.decision).isEqualTo(DecisionType.CLEARED);
        assertThat(d.recommendationId).isEqualTo(id);
        assertThat(d.decisionId).isEqualTo(id + "/2-CLEARED-20260304-081500");
        assertThat(d.level).isEqualTo(DecisionLevel.INFO);
        assertThat(d.reason).isEqualTo("nobody left behind on 2 departures in a row");
        assertThat(d.emptyTrain).isNull();
        assertThat(state.episodes).isEmpty();

        // STATUS and CLEARED for a platform without an episode are ignored.
        assertThat(
                        tick(
                                later + 30_000,
                                signal(
                                        SignalType.STATUS,
                                        "nijiaqiao",
                                        "southbound",
                                        later + 30_000,
                                        2,
                                        300,
                                        later),
                                calm))
                .isEmpty();

        // Crowded again: a new episode with a new id.
        long again = T0 + 3_600_000;
        DispatchDecision reopened =
                tick(again, raised("nijiaqiao", "southbound", again, 2.0)).get(0);
        assertThat(reopened.decision).isEqualTo(DecisionType.RAISED);
        assertThat(reopened.recommendationId).isEqualTo("nijiaqiao-southbound-20260304-090000");
    }

    @Test
    void clearedAndRaisedAgainInOneTickOpensANewEpisode() {
        // A departure clears the platform, and the window ending a second later raises it again
        // (the occupied-area rule can still hold at a calm level of service): both signals
        // come in one tick.
        String first = tick(T0, raised("nijiaqiao", "southbound", T0, 2.5)).get(0).recommendationId;
        long later = T0 + 1_800_000;
        CrowdingSignal calm =
                signal(SignalType.CLEARED, "nijiaqiao", "southbound", later, 0.9, 0, later);
        CrowdingSignal again = raised("nijiaqiao", "southbound", later + 1_000, 1.1);

        List<DispatchDecision> decisions = tick(later, again, calm);

        assertThat(decisions)
                .extracting(d -> d.decision)
                .containsExactly(DecisionType.CLEARED, DecisionType.RAISED);
        assertThat(decisions.get(0).recommendationId).isEqualTo(first);
        assertThat(decisions.get(1).recommendationId).isNotEqualTo(first);
        assertThat(state.episodes).hasSize(1);
        assertThat(state.episodes[0].recommendationId).isEqualTo(decisions.get(1).recommendationId);

        // Raised then cleared a second later closes it.
        long end = later + 3_600_000;
        CrowdingSignal raisedFirst = raised("tongzilin", "southbound", end, 1.1);
        CrowdingSignal clearedAfter =
                signal(SignalType.CLEARED, "tongzilin", "southbound", end + 1_000, 0.1, 0, end);
        tick(end, clearedAfter, raisedFirst);
        assertThat(state.episodes).extracting(e -> e.stationId).containsExactly("nijiaqiao");
    }

    @Test
    void aGrowingBacklogGetsTheNextTrainBeforeTheFirstArrives() {
        planner = new DispatchPlanner(network, new DispatchSettings(FOLLOW_UP, 3, MIN_UPDATE, 3));
        EmptyTrainPlan first =
                tick(T0, raised("nijiaqiao", "southbound", T0, 2.5)).get(0).emptyTrain;
        // Raised on 2 departures in a row; 2 more are not enough, 3 more are.
        for (int run = 3; run <= 5; run++) {
            long t = T0 + (run - 2) * 150_000L;
            CrowdingSignal status =
                    signal(SignalType.STATUS, "nijiaqiao", "southbound", t, 2.5, 300, t);
            status.evidence.consecutiveLeftBehind = run;
            List<DispatchDecision> decisions = tick(t, status);
            if (run < 5) {
                assertThat(decisions)
                        .as("%d in a row: perhaps news, no train", run)
                        .allSatisfy(d -> assertThat(d.emptyTrain).isNull());
            } else {
                assertThat(t).isLessThan(first.arriveAt);
                assertThat(decisions)
                        .singleElement()
                        .satisfies(
                                d -> {
                                    assertThat(d.emptyTrain.sequence).isEqualTo(2);
                                    assertThat(d.reason)
                                            .startsWith(
                                                    "3 more departures left passengers behind"
                                                            + " since empty train 1 was sent: ");
                                });
            }
        }
        assertThat(state.episodes[0].leftBehindRunAtLastTrain).isEqualTo(5);
    }

    @Test
    void onceTheTrainHasComeTheGrowingBacklogWaitsForItsEffect() {
        planner = new DispatchPlanner(network, new DispatchSettings(FOLLOW_UP, 3, MIN_UPDATE, 3));
        EmptyTrainPlan first =
                tick(T0, raised("nijiaqiao", "southbound", T0, 2.5)).get(0).emptyTrain;
        // Five in a row, but seen only after the train's arrival: no train yet.
        long after = first.arriveAt + 30_000;
        CrowdingSignal status =
                signal(
                        SignalType.STATUS,
                        "nijiaqiao",
                        "southbound",
                        after,
                        2.5,
                        300,
                        after - 60_000);
        status.evidence.consecutiveLeftBehind = 5;
        assertThat(tick(after, status)).allSatisfy(d -> assertThat(d.emptyTrain).isNull());
        assertThat(state.episodes[0].trainsSent).isEqualTo(1);
    }

    @Test
    void aFollowUpTrainWhenPassengersAreStillLeftBehind() {
        EmptyTrainPlan first =
                tick(T0, raised("nijiaqiao", "southbound", T0, 2.5)).get(0).emptyTrain;
        long arrived = first.arriveAt;
        assertThat(planner.nextWakeUp(state, T0)).isEqualTo(arrived + FOLLOW_UP);

        // Still leaving people behind, but not yet long enough after the train came.
        long early = arrived + FOLLOW_UP - 1_000;
        assertThat(
                        tick(
                                early,
                                signal(
                                        SignalType.STATUS,
                                        "nijiaqiao",
                                        "southbound",
                                        early,
                                        2.4,
                                        130,
                                        arrived + 100_000)))
                .isEmpty();

        long due = arrived + FOLLOW_UP;
        List<DispatchDecision> decisions =
                tick(
                        due,
                        signal(
                                SignalType.STATUS,
                                "nijiaqiao",
                                "southbound",
                                due,
                                2.4,
                                130,
                                arrived + 100_000));
        assertThat(decisions).hasSize(1);
        DispatchDecision d = decisions.get(0);
        assertThat(d.decision).isEqualTo(DecisionType.UPDATED);
        assertThat(d.recommendationId).isEqualTo("nijiaqiao-southbound-20260304-080000");
        assertThat(d.level).as("one more train to send").isEqualTo(DecisionLevel.WARN);
        assertThat(d.emptyTrain.sequence).isEqualTo(2);
        // The Tianfu Square spare is still out on its trip: the depot sends the second.
        assertThat(d.emptyTrain.poolId).isEqualTo("shengxian-lake-depot");
        assertThat(d.reason)
                .startsWith("still leaving passengers behind after empty train 1 arrived: ");
        assertThat(state.episodes[0].trainsSent).isEqualTo(2);
    }

    @Test
    void noFollowUpWhenTheLastDepartureWasBeforeTheTrainCame() {
        EmptyTrainPlan first =
                tick(T0, raised("nijiaqiao", "southbound", T0, 2.5)).get(0).emptyTrain;
        long due = first.arriveAt + FOLLOW_UP;
        assertThat(
                        tick(
                                due,
                                signal(
                                        SignalType.STATUS,
                                        "nijiaqiao",
                                        "southbound",
                                        due,
                                        2.4,
                                        130,
                                        first.arriveAt - 1_000)))
                .isEmpty();
        // Nobody left behind any more: no train either.
        assertThat(
                        tick(
                                due + 30_000,
                                signal(
                                        SignalType.STATUS,
                                        "nijiaqiao",
                                        "southbound",
                                        due + 30_000,
                                        1.0,
                                        0,
                                        due)))
                .isEmpty();
    }

    @Test
    void theFollowUpIsSentOnTheWakeUpWithoutANewSignal() {
        EmptyTrainPlan first =
                tick(T0, raised("nijiaqiao", "southbound", T0, 2.5)).get(0).emptyTrain;
        long seen = first.arriveAt + 60_000;
        tick(
                seen,
                signal(
                        SignalType.STATUS,
                        "nijiaqiao",
                        "southbound",
                        seen,
                        2.4,
                        130,
                        first.arriveAt + 50_000));
        long wakeUp = planner.nextWakeUp(state, seen);
        assertThat(wakeUp).isEqualTo(first.arriveAt + FOLLOW_UP);
        List<DispatchDecision> decisions = tick(wakeUp);
        assertThat(decisions).hasSize(1);
        assertThat(decisions.get(0).emptyTrain.sequence).isEqualTo(2);
    }

    @Test
    void atMostMaxTrainsPerEpisode() {
        DispatchPlanner twoAtMost =
                new DispatchPlanner(network, new DispatchSettings(FOLLOW_UP, 2, 0));
        long now = T0;
        int trains = 0;
        twoAtMost.onTick(state, now, List.of(raised("nijiaqiao", "southbound", now, 2.5)));
        trains++;
        for (int i = 0; i < 10; i++) {
            now += FOLLOW_UP + 900_000;
            CrowdingSignal still =
                    signal(
                            SignalType.STATUS,
                            "nijiaqiao",
                            "southbound",
                            now,
                            2.5,
                            120,
                            now - 1_000);
            for (DispatchDecision d : twoAtMost.onTick(state, now, List.of(still))) {
                if (d.emptyTrain != null) {
                    trains++;
                }
            }
        }
        assertThat(trains).isEqualTo(2);
        assertThat(state.episodes[0].trainsSent).isEqualTo(2);
        // No follow-up to wake up for any more.
        assertThat(twoAtMost.nextWakeUp(state, now)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anUpdateOnlyWhenTheEpisodeGetsWorse() {
        tick(T0, raised("nijiaqiao", "southbound", T0, 2.5));
        long t1 = T0 + 60_000;
        // Worse, but within the minimum update interval.
        assertThat(
                        tick(
                                t1,
                                signal(
                                        SignalType.STATUS,
                                        "nijiaqiao",
                                        "southbound",
                                        t1,
                                        3,
                                        400,
                                        t1 - 1_000)))
                .isEmpty();
        long t2 = T0 + MIN_UPDATE;
        // After it, a little more left behind is not news...
        assertThat(
                        tick(
                                t2,
                                signal(
                                        SignalType.STATUS,
                                        "nijiaqiao",
                                        "southbound",
                                        t2,
                                        3,
                                        170,
                                        t2 - 1_000)))
                .isEmpty();
        // ...half again as many as reported (at least 150) is.
        List<DispatchDecision> worse =
                tick(
                        t2 + 30_000,
                        signal(
                                SignalType.STATUS,
                                "nijiaqiao",
                                "southbound",
                                t2 + 30_000,
                                3,
                                180,
                                t2));
        assertThat(worse).hasSize(1);
        assertThat(worse.get(0).decision).isEqualTo(DecisionType.UPDATED);
        assertThat(worse.get(0).emptyTrain).isNull();
        assertThat(worse.get(0).level).as("news, no new order").isEqualTo(DecisionLevel.INFO);
        assertThat(worse.get(0).evidence.leftBehind).isEqualTo(180);

        // A worse level of service is news too.
        long t3 = t2 + 30_000 + MIN_UPDATE;
        CrowdingSignal levelE =
                signal(SignalType.STATUS, "nijiaqiao", "southbound", t3, 3.5, 180, t3 - 1_000);
        levelE.evidence.levelOfService = "E";
        assertThat(tick(t3, levelE))
                .extracting(d -> d.decision)
                .containsExactly(DecisionType.UPDATED);
    }

    @Test
    void theSameSignalsInAnotherOrderGiveTheSameDecisions() {
        List<CrowdingSignal> signals = new ArrayList<>();
        long now = T0;
        signals.add(raised("nijiaqiao", "southbound", now, 2.0));
        signals.add(raised("tongzilin", "southbound", now, 2.0));
        signals.add(raised("luomashi", "northbound", now, 1.5));
        signals.add(raised("wenshu-monastery", "northbound", now, 1.5));
        signals.add(raised("huayang", "northbound", now, 3.0));
        signals.add(raised("jincheng-plaza", "northbound", now, 0.5));
        signals.add(raised("incubation-park", "northbound", now, 0.7));
        signals.add(raised("shengxian-lake", "southbound", now, 0.7));

        List<DispatchDecision> expected = runAll(signals);
        assertThat(expected).hasSizeGreaterThan(signals.size() - 1);
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            List<CrowdingSignal> shuffled = new ArrayList<>(signals);
            Collections.shuffle(shuffled, random);
            assertThat(runAll(shuffled)).as("order %s", shuffled).isEqualTo(expected);
        }
    }

    @Test
    void decisionIdsAreUniqueInARunAndTheSameInTheNext() {
        List<CrowdingSignal> signals = new ArrayList<>();
        // More platforms than spare trains: RAISED, SUPPRESSED, follow-ups and trains back.
        for (String station :
                List.of("nijiaqiao", "tongzilin", "huayang", "luomashi", "shengxian-lake")) {
            signals.add(raised(station, "southbound", T0, 2.0));
            signals.add(raised(station, "northbound", T0, 1.0));
        }
        List<DispatchDecision> first = runAll(signals);
        List<DispatchDecision> second = runAll(signals);

        assertThat(first)
                .extracting(d -> d.decision)
                .contains(DecisionType.RAISED, DecisionType.SUPPRESSED);
        assertThat(first)
                .extracting(d -> d.decisionId)
                .doesNotHaveDuplicates()
                .doesNotContainNull();
        assertThat(second)
                .extracting(d -> d.decisionId)
                .containsExactlyElementsOf(first.stream().map(d -> d.decisionId).toList());
    }

    @Test
    void aRestoredPlannerGoesOnNumberingWhereItsStateWas() {
        String id = tick(T0, raised("nijiaqiao", "southbound", T0, 2.5)).get(0).recommendationId;
        // The count is in the state, not in the planner: as after a restore from a checkpoint.
        planner = new DispatchPlanner(network, settings);
        long later = T0 + 900_000;
        DispatchDecision cleared =
                tick(
                                later,
                                signal(
                                        SignalType.CLEARED,
                                        "nijiaqiao",
                                        "southbound",
                                        later,
                                        0.2,
                                        0,
                                        later))
                        .get(0);
        assertThat(cleared.decisionId).startsWith(id + "/2-CLEARED-");
    }

    /** A fresh planner through a first tick with the signals, then ticks at each wake-up. */
    private static List<DispatchDecision> runAll(List<CrowdingSignal> signals) {
        DispatchPlanner fresh =
                new DispatchPlanner(network, new DispatchSettings(FOLLOW_UP, 3, MIN_UPDATE));
        PlannerState s = new PlannerState();
        List<DispatchDecision> all = new ArrayList<>(fresh.onTick(s, T0, signals));
        long now = T0;
        for (int i = 0; i < 10; i++) {
            long next = fresh.nextWakeUp(s, now);
            if (next == Long.MAX_VALUE) {
                break;
            }
            now = next;
            all.addAll(fresh.onTick(s, now, List.of()));
        }
        return all;
    }

    @Test
    void nextWakeUpIsTheFirstSpareBackWhenAnEpisodeWaits() {
        assertThat(planner.nextWakeUp(state, T0)).isEqualTo(Long.MAX_VALUE);
        sendBothCenturyCitySpares();
        long now = T0 + 60_000;
        tick(
                now,
                raised("wenshu-monastery", "northbound", now, 2.0),
                raised("luomashi", "northbound", now, 3.0));
        long firstBack = Long.MAX_VALUE;
        long firstFollowUp = Long.MAX_VALUE;
        long lastFollowUp = 0;
        for (SpareOut spare : state.sparesOut) {
            firstBack = Math.min(firstBack, spare.returnsAt);
        }
        for (Episode e : state.episodes) {
            if (e.trainsSent > 0) {
                firstFollowUp = Math.min(firstFollowUp, e.lastTrainArrivesAt + FOLLOW_UP);
                lastFollowUp = Math.max(lastFollowUp, e.lastTrainArrivesAt + FOLLOW_UP);
            }
        }
        assertThat(planner.nextWakeUp(state, now)).isEqualTo(Math.min(firstBack, firstFollowUp));
        // Once the follow-ups are past, the spare coming back is what is left to wait for.
        assertThat(firstBack).isGreaterThan(lastFollowUp);
        assertThat(planner.nextWakeUp(state, lastFollowUp)).isEqualTo(firstBack);
    }

    /** A raise after {@code run} departures in a row, with the forecast for the next train. */
    private static CrowdingSignal raisedAfter(int run, int leftBehind, int forecast, long time) {
        CrowdingSignal s = raised("nijiaqiao", "southbound", time, 2.5);
        s.evidence.consecutiveLeftBehind = run;
        s.evidence.leftBehind = leftBehind;
        s.evidence.forecastLeftBehind = forecast;
        return s;
    }

    private DispatchPlanner reserving(int spares) {
        return new DispatchPlanner(
                network, new DispatchSettings(FOLLOW_UP, 3, MIN_UPDATE, 3, spares, 3));
    }

    @Test
    void aBlipWaitsForTheNearestSpareWhenItIsThePoolsLastRatherThanTakeAFarOne() {
        planner = reserving(1);
        // Two departures left 120 behind; the next train is expected to take most of them. The
        // Tianfu Square siding's only spare is nearest; the depot's would come 12 minutes later.
        List<DispatchDecision> blip = tick(T0, raisedAfter(2, 120, 30, T0));
        assertThat(blip).hasSize(1);
        assertThat(blip.get(0).decision).isEqualTo(DecisionType.SUPPRESSED);
        assertThat(blip.get(0).reason).contains("(tianfu-square-siding)");

        // A pool with more spares than its reserve sends one to a blip at once.
        CrowdingSignal north = raisedAfter(2, 120, 30, T0);
        north.direction = "northbound";
        List<DispatchDecision> sent = planner.onTick(new PlannerState(), T0, List.of(north));
        assertThat(sent.get(0).emptyTrain.poolId).isEqualTo("century-city-siding");
    }

    @Test
    void anEpisodeThatLastsOrGrowsGetsTheLastSpare() {
        planner = reserving(1);
        assertThat(tick(T0, raisedAfter(3, 120, 30, T0)).get(0).emptyTrain.poolId)
                .isEqualTo("tianfu-square-siding");

        PlannerState other = new PlannerState();
        List<DispatchDecision> growing =
                planner.onTick(other, T0, List.of(raisedAfter(2, 120, 200, T0)));
        assertThat(growing.get(0).emptyTrain.poolId).isEqualTo("tianfu-square-siding");
    }

    @Test
    void whenEverySpareThatCouldComeIsReserveABlipWaitsAndALastingEpisodeGetsIt() {
        planner = reserving(2);
        List<DispatchDecision> blip = tick(T0, raisedAfter(2, 120, 30, T0));
        assertThat(blip).hasSize(1);
        DispatchDecision held = blip.get(0);
        assertThat(held.decision).isEqualTo(DecisionType.SUPPRESSED);
        assertThat(held.emptyTrain).isNull();
        assertThat(held.reason)
                .isEqualTo(
                        "the last spare trains that could reach nijiaqiao southbound"
                                + " (shengxian-lake-depot, tianfu-square-siding) are kept for"
                                + " crowding that lasts: they go when passengers are left behind"
                                + " on 3 departures in a row (2 so far) or the forecast sees the"
                                + " backlog holding");

        // The next departure leaves passengers behind again: no blip, the nearest spare goes.
        CrowdingSignal third = raisedAfter(3, 150, 60, T0 + 150_000);
        third.type = SignalType.STATUS;
        List<DispatchDecision> sent = tick(T0 + 150_000, third);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).decision).isEqualTo(DecisionType.RAISED);
        assertThat(sent.get(0).emptyTrain.poolId).isEqualTo("tianfu-square-siding");
    }

    @Test
    void aPlatformCrowdedWithoutAnyoneLeftBehindIsNoBlip() {
        planner = reserving(2);
        List<DispatchDecision> decisions = tick(T0, raisedAfter(0, 0, 0, T0));
        assertThat(decisions.get(0).emptyTrain.poolId).isEqualTo("tianfu-square-siding");
    }
}
