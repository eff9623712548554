package org.metrodispatch.simulator.engine;

import org.metrodispatch.contract.network.Direction;
import org.metrodispatch.contract.network.Network;
import org.metrodispatch.contract.time.DayClock;
import org.metrodispatch.simulator.TestScenarios;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TripPlannerTest {

    private final Network network = TestScenarios.fullDay().network();
    private final long dayStart = 1_772_553_600L; // 2026-03-04T00:00+08:00
    private final List<TripPlan> trips =
            new TripPlanner(network, new DayClock(LocalDate.of(2026, 3, 4), network.timeZone()))
                    .plan();

    @Test
    void trainsPassTheSharedSectionAtTheTimetableHeadway() {
        int tianfuSquare = network.indexOf("tianfu-square");
        for (Direction direction : Direction.values()) {
            List<Long> departures = departures(tianfuSquare, direction, "08:00", "09:00");
            assertThat(departures).hasSizeBetween(23, 25);
            for (int i = 1; i < departures.size(); i++) {
                assertThat(departures.get(i) - departures.get(i - 1))
                        .as("headway at Tianfu Square " + direction)
                        .isEqualTo(network.timetable().headwayAt(8 * 3600));
            }
        }
    }

    @Test
    void servicesAlternateOnTheSharedSection() {
        List<String> services = new ArrayList<>();
        for (TripPlan trip : trips) {
            if (trip.direction() == Direction.FORWARD
                    && trip.start() >= dayStart + 8 * 3600
                    && services.size() < 6) {
                services.add(trip.serviceId());
            }
        }
        for (int i = 1; i < services.size(); i++) {
            assertThat(services.get(i)).isNotEqualTo(services.get(i - 1));
        }
    }

    @Test
    void tripsStayWithinServiceHoursAndRunTerminusToTerminus() {
        for (TripPlan trip : trips) {
            long departure = trip.departures[0];
            assertThat(departure - dayStart)
                    .isBetween(
                            (long) network.timetable().serviceStartSecond(),
                            (long) network.timetable().serviceEndSecond());
            assertThat(network.direction(trip.origin(), trip.terminus()))
                    .isEqualTo(trip.direction());
            for (int i = 1; i < trip.stations.length; i++) {
                assertThat(trip.arrivals[i]).isGreaterThan(trip.departures[i - 1]);
                assertThat(trip.departures[i]).isGreaterThanOrEqualTo(trip.arrivals[i]);
            }
        }
    }

    private List<Long> departures(int station, Direction direction, String from, String to) {
        long start = dayStart + TestScenarios.time(from);
        long end = dayStart + TestScenarios.time(to);
        List<Long> times = new ArrayList<>();
        for (TripPlan trip : trips) {
            long t = trip.direction() == direction ? trip.departureFrom(station) : -1;
            if (t >= start && t < end) {
                times.add(t);
            }
        }
        times.sort(Long::compare);
        return times;
    }
}
