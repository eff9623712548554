package org.metrodispatch.gtfsrt;

import org.metrodispatch.board.EmptyTrains;
import org.metrodispatch.board.LineBoard;
import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.network.Service;

import com.google.transit.realtime.GtfsRealtime.FeedEntity;
import com.google.transit.realtime.GtfsRealtime.FeedHeader;
import com.google.transit.realtime.GtfsRealtime.FeedMessage;
import com.google.transit.realtime.GtfsRealtime.TripDescriptor;
import com.google.transit.realtime.GtfsRealtime.TripUpdate;
import com.google.transit.realtime.GtfsRealtime.TripUpdate.StopTimeEvent;
import com.google.transit.realtime.GtfsRealtime.TripUpdate.StopTimeUpdate;
import com.google.transit.realtime.GtfsRealtime.VehicleDescriptor;
import com.google.transit.realtime.GtfsRealtime.VehiclePosition;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The recommendations as GTFS-Realtime, built from the specification's protobuf: a {@code
 * TripUpdate} for each empty train (a {@code NEW} trip with its stop times, {@code CANCELED} when
 * stood down before it left) and a {@code VehiclePosition} with its occupancy for each train heard
 * lately. A full dataset as of the board's event time: the same outputs give the same feed.
 */
public final class GtfsRealtimeFeed {

    /** The version of the specification the feed follows. */
    public static final String VERSION = "2.0";

    /** A train not heard for this long is left out of the vehicle positions (gone to depot). */
    public static final Duration VEHICLE_STALE_AFTER = Duration.ofMinutes(10);

    private static final DateTimeFormatter START_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);
    private static final DateTimeFormatter START_TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    /** Which entities a feed holds. */
    public enum Content {
        TRIP_UPDATES,
        VEHICLE_POSITIONS,
        ALL
    }

    private final Network network;

    public GtfsRealtimeFeed(Network network) {
        this.network = network;
    }

    /** The feed of what the board shows now. */
    public FeedMessage of(LineBoard board, Content content) {
        long now = board.now();
        List<LineBoard.TrainReport> vehicles = board.vehicles();
        // The train feed can be ahead of the job's outputs: the feed is as of the later of them.
        long asOf = now;
        for (LineBoard.TrainReport report : vehicles) {
            asOf = Math.max(asOf, report.eventTime());
        }
        FeedMessage.Builder feed =
                FeedMessage.newBuilder()
                        .setHeader(
                                FeedHeader.newBuilder()
                                        .setGtfsRealtimeVersion(VERSION)
                                        .setIncrementality(FeedHeader.Incrementality.FULL_DATASET)
                                        .setTimestamp(asOf / 1000));
        if (content != Content.VEHICLE_POSITIONS) {
            for (EmptyTrains.Train train : board.emptyTrains()) {
                try {
                    List<EmptyTrainTrip.StopTime> stops =
                            train.canceledAt() != 0
                                    ? List.of()
                                    : EmptyTrainTrip.stopTimes(network, train.plan());
                    if (shown(train, stops, now)) {
                        feed.addEntity(
                                FeedEntity.newBuilder()
                                        .setId(train.tripId())
                                        .setTripUpdate(tripUpdate(train, stops)));
                    }
                } catch (IllegalArgumentException notOnThisNetwork) {
                    // A plan of another network (the board counts such outputs): no trip to give.
                }
            }
        }
        if (content != Content.TRIP_UPDATES) {
            for (LineBoard.TrainReport report : vehicles) {
                if (asOf - report.eventTime() <= VEHICLE_STALE_AFTER.toMillis()) {
                    feed.addEntity(
                            FeedEntity.newBuilder()
                                    .setId("vehicle-" + report.trainId())
                                    .setVehicle(vehiclePosition(report)));
                }
            }
        }
        return feed.build();
    }

    /**
     * A trip is in the feed from its decision to its end, a canceled one until it would have left.
     */
    private static boolean shown(
            EmptyTrains.Train train, List<EmptyTrainTrip.StopTime> stops, long now) {
        if (train.canceledAt() != 0) {
            return now < train.plan().leaveAt;
        }
        return now <= stops.get(stops.size() - 1).arrival();
    }

    /** The trip update of a train, with its stop times (none when canceled). */
    private TripUpdate tripUpdate(EmptyTrains.Train train, List<EmptyTrainTrip.StopTime> stops) {
        boolean canceled = train.canceledAt() != 0;
        Direction direction = network.direction(train.sentBy().direction);
        ZonedDateTime start = Instant.ofEpochMilli(train.plan().leaveAt).atZone(network.timeZone());
        TripUpdate.Builder update =
                TripUpdate.newBuilder()
                        .setTrip(
                                TripDescriptor.newBuilder()
                                        .setTripId(train.tripId())
                                        .setRouteId(network.gtfsRouteId())
                                        .setDirectionId(
                                                network.gtfsDirectionId(
                                                        direction != null
                                                                ? direction
                                                                : Direction.FORWARD))
                                        .setStartDate(START_DATE.format(start))
                                        .setStartTime(START_TIME.format(start))
                                        .setScheduleRelationship(
                                                canceled
                                                        ? TripDescriptor.ScheduleRelationship
                                                                .CANCELED
                                                        : TripDescriptor.ScheduleRelationship.NEW))
                        .setVehicle(
                                VehicleDescriptor.newBuilder()
                                        .setLabel("empty train from " + train.plan().poolName))
                        .setTimestamp(
                                (canceled ? train.canceledAt() : train.sentBy().eventTime) / 1000);
        for (int i = 0; i < stops.size(); i++) {
            EmptyTrainTrip.StopTime stop = stops.get(i);
            StopTimeUpdate.Builder time =
                    StopTimeUpdate.newBuilder()
                            .setStopSequence(i + 1)
                            .setStopId(stop.station().gtfsStopId());
            if (stop.skipped()) {
                time.setScheduleRelationship(StopTimeUpdate.ScheduleRelationship.SKIPPED);
            } else {
                if (stop.arrival() != 0) {
                    time.setArrival(StopTimeEvent.newBuilder().setTime(stop.arrival() / 1000));
                }
                if (stop.departure() != 0) {
                    time.setDeparture(StopTimeEvent.newBuilder().setTime(stop.departure() / 1000));
                }
            }
            update.addStopTimeUpdate(time);
        }
        return update.build();
    }

    VehiclePosition vehiclePosition(LineBoard.TrainReport report) {
        Direction direction = network.direction(report.direction());
        TripDescriptor.Builder trip = TripDescriptor.newBuilder().setRouteId(network.gtfsRouteId());
        if (direction != null) {
            trip.setDirectionId(network.gtfsDirectionId(direction));
        }
        VehiclePosition.Builder position =
                VehiclePosition.newBuilder()
                        .setTrip(trip)
                        .setVehicle(
                                VehicleDescriptor.newBuilder()
                                        .setId(report.trainId())
                                        .setLabel(report.trainId()))
                        .setTimestamp(report.eventTime() / 1000)
                        .setOccupancyStatus(
                                Occupancy.status(
                                        report.load(), report.capacity(), report.ratedCapacity()))
                        .setOccupancyPercentage(
                                Occupancy.percentage(
                                        report.load(), report.capacity(), report.ratedCapacity()));
        int station = network.indexOf(report.stationId());
        if (station < 0) {
            return position.build();
        }
        if ("ARRIVAL".equals(report.type())) {
            position.setStopId(network.station(station).gtfsStopId())
                    .setCurrentStatus(VehiclePosition.VehicleStopStatus.STOPPED_AT);
        } else {
            int next = nextStation(report, station, direction);
            if (next >= 0) {
                position.setStopId(network.station(next).gtfsStopId())
                        .setCurrentStatus(VehiclePosition.VehicleStopStatus.IN_TRANSIT_TO);
            }
        }
        return position.build();
    }

    /** The station a train that left {@code station} runs to next, or -1 when unknown. */
    private int nextStation(LineBoard.TrainReport report, int station, Direction direction) {
        if (direction == null || report.serviceId() == null) {
            return -1;
        }
        int serviceIndex = network.serviceIndex(report.serviceId());
        if (serviceIndex < 0) {
            return -1;
        }
        Service service = network.services().get(serviceIndex);
        int[] path = service.path(direction);
        for (int i = 0; i < path.length - 1; i++) {
            if (path[i] == station) {
                return path[i + 1];
            }
        }
        return -1;
    }
}
