package org.metrodispatch.gtfsrt;

import org.metrodispatch.board.BoardRecord;
import org.metrodispatch.board.ExampleOutputs;
import org.metrodispatch.board.LineBoard;
import org.metrodispatch.contract.decision.EmptyTrainPlan;
import org.metrodispatch.contract.network.Network;

import com.google.protobuf.util.JsonFormat;
import com.google.transit.realtime.GtfsRealtime.FeedEntity;
import com.google.transit.realtime.GtfsRealtime.FeedMessage;
import com.google.transit.realtime.GtfsRealtime.TripDescriptor;
import com.google.transit.realtime.GtfsRealtime.TripUpdate;
import com.google.transit.realtime.GtfsRealtime.TripUpdate.StopTimeUpdate;
import com.google.transit.realtime.GtfsRealtime.VehiclePosition;
import com.google.transit.realtime.GtfsRealtime.VehiclePosition.OccupancyStatus;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.metrodispatch.board.ExampleOutputs.progress;

/** The recommendations as GTFS-Realtime, field by field as docs/event-contract.md maps them. */
class GtfsRealtimeFeedTest {

    static final Network LINE_1 = ExampleOutputs.LINE_1;

    private static long seconds(String time) {
        return OffsetDateTime.parse(time).toEpochSecond();
    }

    private static LineBoard boardWith(String... decisions) {
        LineBoard board = new LineBoard(LINE_1);
        for (String decision : decisions) {
            board.apply(new BoardRecord(BoardRecord.Kind.DECISION, decision));
        }
        return board;
    }

    private static FeedMessage feed(LineBoard board, GtfsRealtimeFeed.Content content) {
        return new GtfsRealtimeFeed(LINE_1).of(board, content);
    }

    @Test
    void anEmptyTrainIsANewTripWithItsStopTimesFromItsLaunchPoint() throws Exception {
        FeedMessage feed = feed(boardWith(ExampleOutputs.RAISED), GtfsRealtimeFeed.Content.ALL);

        assertThat(feed.getHeader().getGtfsRealtimeVersion()).isEqualTo("2.0");
        assertThat(feed.getHeader().getTimestamp()).isEqualTo(seconds("2026-03-04T08:05:30+08:00"));
        assertThat(feed.getEntityList()).hasSize(1);
        FeedEntity entity = feed.getEntity(0);
        assertThat(entity.getId()).isEqualTo("empty-nijiaqiao-southbound-20260304-080530-1");
        TripUpdate update = entity.getTripUpdate();
        TripDescriptor trip = update.getTrip();
        assertThat(trip.getTripId()).isEqualTo(entity.getId());
        assertThat(trip.getScheduleRelationship())
                .isEqualTo(TripDescriptor.ScheduleRelationship.NEW);
        assertThat(trip.getRouteId()).isEqualTo("chengdu-metro-1");
        assertThat(trip.getDirectionId()).isZero();
        assertThat(trip.getStartDate()).isEqualTo("20260304");
        assertThat(trip.getStartTime()).isEqualTo("08:09:30");
        assertThat(update.getTimestamp()).isEqualTo(seconds("2026-03-04T08:05:30+08:00"));

        List<StopTimeUpdate> stops = update.getStopTimeUpdateList();
        // Tianfu Square (07), three stations passed empty, Nijiaqiao (11) and on to Science City.
        assertThat(stops.get(0).getStopId()).isEqualTo("0107");
        assertThat(stops.get(0).hasArrival()).isFalse();
        assertThat(stops.get(0).getDeparture().getTime())
                .isEqualTo(seconds("2026-03-04T08:09:30+08:00"));
        for (int i = 1; i <= 3; i++) {
            assertThat(stops.get(i).getScheduleRelationship())
                    .isEqualTo(StopTimeUpdate.ScheduleRelationship.SKIPPED);
            assertThat(stops.get(i).hasArrival()).isFalse();
        }
        assertThat(stops.get(1).getStopId()).isEqualTo("0108");
        StopTimeUpdate nijiaqiao = stops.get(4);
        assertThat(nijiaqiao.getStopId()).isEqualTo("0111");
        assertThat(nijiaqiao.getArrival().getTime())
                .isEqualTo(seconds("2026-03-04T08:16:05+08:00"));
        assertThat(nijiaqiao.getDeparture().getTime() - nijiaqiao.getArrival().getTime())
                .as("Nijiaqiao's dwell")
                .isEqualTo(40);
        // Tongzilin: the run from Nijiaqiao (85 s) after the dwell.
        assertThat(stops.get(5).getArrival().getTime())
                .isEqualTo(nijiaqiao.getDeparture().getTime() + 85);
        StopTimeUpdate last = stops.get(stops.size() - 1);
        assertThat(last.getStopId()).isEqualTo("0133");
        assertThat(last.hasDeparture()).isFalse();
        assertThat(stops).hasSize(4 + 33 - 10);
        for (int i = 0; i < stops.size(); i++) {
            assertThat(stops.get(i).getStopSequence()).isEqualTo(i + 1);
        }

        // What goes over the wire decodes to the same, as protobuf and as JSON.
        assertThat(FeedMessage.parseFrom(feed.toByteArray())).isEqualTo(feed);
        FeedMessage.Builder fromJson = FeedMessage.newBuilder();
        JsonFormat.parser().merge(JsonFormat.printer().print(feed), fromJson);
        assertThat(fromJson.build()).isEqualTo(feed);
    }

    @Test
    void aTrainStoodDownBeforeItLeftIsCanceledUntilItWouldHaveLeft() {
        LineBoard board = boardWith(ExampleOutputs.RAISED, ExampleOutputs.CLEARED_EARLY);
        TripUpdate update =
                feed(board, GtfsRealtimeFeed.Content.TRIP_UPDATES).getEntity(0).getTripUpdate();
        assertThat(update.getTrip().getScheduleRelationship())
                .isEqualTo(TripDescriptor.ScheduleRelationship.CANCELED);
        assertThat(update.getStopTimeUpdateList()).isEmpty();
        assertThat(update.getTimestamp()).isEqualTo(seconds("2026-03-04T08:08:00+08:00"));

        board.apply(progress("2026-03-04T08:09:30+08:00"));
        assertThat(feed(board, GtfsRealtimeFeed.Content.TRIP_UPDATES).getEntityList()).isEmpty();
    }

    @Test
    void aTripLeavesTheFeedOnceItHasReachedItsTerminus() {
        LineBoard board = boardWith(ExampleOutputs.RAISED);
        long end = EmptyTrainTrip.end(LINE_1, board.emptyTrains().get(0).plan());
        // Science City at 09:11:25: the terminus of the trip that left Tianfu Square at 08:09:30.
        assertThat(end).isEqualTo(seconds("2026-03-04T09:11:25+08:00") * 1000);
        board.apply(progress("2026-03-04T09:11:25+08:00"));
        assertThat(feed(board, GtfsRealtimeFeed.Content.TRIP_UPDATES).getEntityList()).hasSize(1);
        board.apply(progress("2026-03-04T09:11:26+08:00"));
        assertThat(feed(board, GtfsRealtimeFeed.Content.TRIP_UPDATES).getEntityList()).isEmpty();
    }

    @Test
    void trainReportsArePositionsWithTheirOccupancy() {
        LineBoard board = new LineBoard(LINE_1);
        String arrival = ExampleOutputs.TRAIN_ARRIVAL;
        String northbound =
                "{\"kind\":\"train\",\"eventId\":\"T030-1-luomashi-dep\",\"trainId\":\"T030\",\"lineId\":\"1\",\"serviceId\":\"wugensong\",\"direction\":\"northbound\",\"stationId\":\"luomashi\",\"type\":\"DEPARTURE\",\"eventTime\":\"2026-03-04T08:01:00+08:00\",\"load\":300,\"capacity\":1880,\"ratedCapacity\":1460}";
        String stale = northbound.replace("T030", "T001").replace("08:01:00", "07:40:00");
        for (String line : List.of(arrival, northbound, stale)) {
            board.apply(new BoardRecord(BoardRecord.Kind.TRAIN, line));
        }
        board.apply(progress("2026-03-04T08:01:30+08:00"));

        List<FeedEntity> entities =
                feed(board, GtfsRealtimeFeed.Content.VEHICLE_POSITIONS).getEntityList();
        assertThat(entities)
                .extracting(FeedEntity::getId)
                .containsExactly("vehicle-T021", "vehicle-T030");
        VehiclePosition t021 = entities.get(0).getVehicle();
        assertThat(t021.getVehicle().getId()).isEqualTo("T021");
        assertThat(t021.getStopId()).isEqualTo("0111");
        assertThat(t021.getCurrentStatus()).isEqualTo(VehiclePosition.VehicleStopStatus.STOPPED_AT);
        assertThat(t021.getOccupancyStatus()).isEqualTo(OccupancyStatus.CRUSHED_STANDING_ROOM_ONLY);
        assertThat(t021.getOccupancyPercentage()).isEqualTo(113);
        assertThat(t021.getTimestamp()).isEqualTo(seconds("2026-03-04T08:00:40+08:00"));
        VehiclePosition t030 = entities.get(1).getVehicle();
        // Left Luomashi (06) northbound: on its way to Wenshu Monastery (05).
        assertThat(t030.getStopId()).isEqualTo("0105");
        assertThat(t030.getCurrentStatus())
                .isEqualTo(VehiclePosition.VehicleStopStatus.IN_TRANSIT_TO);
        assertThat(t030.getTrip().getDirectionId()).isOne();
        assertThat(t030.getOccupancyStatus()).isEqualTo(OccupancyStatus.FEW_SEATS_AVAILABLE);
    }

    @Test
    void aTrainFromASidingAtTheCrowdedStationStartsServiceThere() {
        EmptyTrainPlan plan = new EmptyTrainPlan();
        plan.fromStationId = "century-city";
        plan.startsServiceAt = "century-city";
        plan.serviceTerminus = "science-city";
        plan.leaveAt = 1_000_000;
        plan.arriveAt = 1_000_000;
        List<EmptyTrainTrip.StopTime> stops = EmptyTrainTrip.stopTimes(LINE_1, plan);
        assertThat(stops.get(0).station().id()).isEqualTo("century-city");
        assertThat(stops.get(0).arrival()).isEqualTo(1_000_000);
        assertThat(stops).noneMatch(EmptyTrainTrip.StopTime::skipped);
        assertThat(stops.get(stops.size() - 1).station().id()).isEqualTo("science-city");

        plan.serviceTerminus = "wugensong";
        plan.startsServiceAt = "no-such-station";
        assertThatThrownBy(() -> EmptyTrainTrip.stopTimes(LINE_1, plan))
                .hasMessageContaining("no-such-station");
    }

    @Test
    void occupancyFollowsTheLoadAgainstTheRatedLoad() {
        assertThat(Occupancy.status(0, 1880, 1460)).isEqualTo(OccupancyStatus.EMPTY);
        assertThat(Occupancy.status(200, 1880, 1460))
                .isEqualTo(OccupancyStatus.MANY_SEATS_AVAILABLE);
        assertThat(Occupancy.status(400, 1880, 1460))
                .isEqualTo(OccupancyStatus.FEW_SEATS_AVAILABLE);
        assertThat(Occupancy.status(1460, 1880, 1460))
                .isEqualTo(OccupancyStatus.STANDING_ROOM_ONLY);
        assertThat(Occupancy.status(1461, 1880, 1460))
                .isEqualTo(OccupancyStatus.CRUSHED_STANDING_ROOM_ONLY);
        assertThat(Occupancy.status(1880, 1880, 1460)).isEqualTo(OccupancyStatus.FULL);
        // No rated load reported: the crush load is the reference.
        assertThat(Occupancy.percentage(940, 1880, 0)).isEqualTo(50);
        assertThat(Occupancy.status(1879, 1880, 0)).isEqualTo(OccupancyStatus.STANDING_ROOM_ONLY);
    }
}
