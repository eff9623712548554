package org.metrodispatch.simulator.engine;

import org.metrodispatch.contract.event.FeedEvent;
import org.metrodispatch.contract.event.GateDirection;
import org.metrodispatch.contract.event.GateEvent;
import org.metrodispatch.contract.json.EventReader;
import org.metrodispatch.contract.json.InvalidEventException;
import org.metrodispatch.simulator.TestScenarios;
import org.metrodispatch.simulator.output.FileEventSink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every simulated passenger taps in and out with one pseudonymous card id of the day. */
class CardIdTest {

    @TempDir Path dir;

    /** A passenger's taps, by card id: the first entry and exit seen (resends are the same). */
    private static final class Journey {
        GateEvent entry;
        GateEvent exit;
        final Set<String> eventIds = new HashSet<>();
    }

    private Map<String, Journey> journeys(long seed, String name) throws IOException {
        TestScenarios.runToFiles(
                TestScenarios.morningPeak(),
                seed,
                "07:30",
                "08:00",
                dir.resolve(name),
                SimulationObserver.NONE);
        EventReader reader = new EventReader();
        Map<String, Journey> journeys = new HashMap<>();
        List<String> lines =
                Files.readAllLines(
                        dir.resolve(name).resolve(FileEventSink.GATE_EVENTS_FILE),
                        StandardCharsets.UTF_8);
        for (String line : lines) {
            FeedEvent event;
            try {
                event = reader.read(line);
            } catch (InvalidEventException e) {
                throw new AssertionError("unreadable record " + line, e);
            }
            if (event instanceof GateEvent tap) {
                assertThat(tap.cardId).as(line).isNotNull().matches("c[0-9a-f]{16}");
                Journey journey = journeys.computeIfAbsent(tap.cardId, id -> new Journey());
                journey.eventIds.add(tap.eventId);
                if (tap.direction == GateDirection.ENTRY) {
                    journey.entry = journey.entry == null ? tap : journey.entry;
                } else {
                    journey.exit = journey.exit == null ? tap : journey.exit;
                }
            }
        }
        return journeys;
    }

    @Test
    void eachPassengersEntryAndExitShareOneIdThatNoOtherPassengerHas() throws IOException {
        Map<String, Journey> journeys = journeys(7, "a");
        int paired = 0;
        for (Map.Entry<String, Journey> entry : journeys.entrySet()) {
            Journey journey = entry.getValue();
            // One tap in and at most one tap out per card: no two passengers share an id.
            assertThat(journey.eventIds).as(entry.getKey()).hasSizeBetween(1, 2);
            if (journey.entry != null && journey.exit != null) {
                paired++;
                assertThat(journey.exit.eventTime)
                        .as("%s leaves after entering", entry.getKey())
                        .isGreaterThan(journey.entry.eventTime);
                assertThat(journey.exit.stationId)
                        .as("%s rides somewhere", entry.getKey())
                        .isNotEqualTo(journey.entry.stationId);
            }
        }
        // Half an hour of the morning peak: thousands both enter and leave in the window.
        assertThat(paired).isGreaterThan(8_000);
        assertThat(journeys).hasSizeGreaterThan(paired);
    }

    @Test
    void theSameSeedGivesTheSameIdsAndAnotherSeedUnrelatedOnes() throws IOException {
        Map<String, Journey> first = journeys(7, "a");
        Map<String, Journey> again = journeys(7, "b");
        Map<String, Journey> otherDay = journeys(8, "c");
        assertThat(again.keySet()).isEqualTo(first.keySet());
        for (Map.Entry<String, Journey> entry : first.entrySet()) {
            assertThat(again.get(entry.getKey()).eventIds).isEqualTo(entry.getValue().eventIds);
        }
        Set<String> shared = new HashSet<>(otherDay.keySet());
        shared.retainAll(first.keySet());
        assertThat(shared).as("ids of another day").isEmpty();
    }

    @Test
    void cardIdsAreDistinctAndDependOnTheSeed() {
        CardIds day = new CardIds(1);
        Set<String> ids = new HashSet<>();
        for (long passenger = 0; passenger < 200_000; passenger++) {
            ids.add(day.of(passenger));
        }
        assertThat(ids).hasSize(200_000);
        assertThat(new CardIds(1).of(42)).isEqualTo(day.of(42)).matches("c[0-9a-f]{16}");
        assertThat(new CardIds(2).of(42)).isNotEqualTo(day.of(42));
        assertThat(new CardIds(2).of(0)).isNotEqualTo(day.of(1));
    }
}
