package org.metrodispatch.board;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metrodispatch.board.ExampleOutputs.CLEARED_EARLY;
import static org.metrodispatch.board.ExampleOutputs.LINE_1;
import static org.metrodispatch.board.ExampleOutputs.RAISED;

/**
 * The board's server over real HTTP, without a browser: the page, the state, the server-sent events
 * a page lives on, and the GTFS-Realtime feed beside them.
 */
class BoardServerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir Path run;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(BoardServer server, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.address() + path)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Timeout(60)
    void pagesLiveOnServerSentEventsThatStartWithTheWholeBoard() throws Exception {
        Path decisions = run.resolve("decisions.jsonl");
        Files.writeString(decisions, RAISED + "\n");
        try (BoardServer server = LiveBoard.start(0, LINE_1, new FolderFeed(List.of(run)))) {
            assertThat(get(server, "").body()).contains("<script src=\"board.js\">");
            assertThat(get(server, "board.js").headers().firstValue("Content-Type"))
                    .contains("text/javascript; charset=utf-8");
            assertThat(get(server, "no-such-page").statusCode()).isEqualTo(404);
            assertThat(get(server, "api/network").body()).contains("\"name\":\"Nijiaqiao\"");

            HttpResponse<InputStream> stream =
                    http.send(
                            HttpRequest.newBuilder(URI.create(server.address() + "api/events"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.headers().firstValue("Content-Type"))
                    .contains("text/event-stream; charset=utf-8");
            try (BufferedReader events =
                    new BufferedReader(
                            new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                // The first event is the whole board as it is: the RAISED decision once read.
                String state = nextStateWith(events, "\"decision\":\"RAISED\"");
                assertThat(state).contains("\"status\":\"PREPARING\"");

                // A decision written to the run folder comes as the next state.
                Files.writeString(decisions, CLEARED_EARLY + "\n", StandardOpenOption.APPEND);
                String cleared = nextStateWith(events, "\"decision\":\"CLEARED\"");
                assertThat(cleared).contains("\"status\":\"CANCELED\"");
            }

            String feed = get(server, "gtfs-rt/trip-updates?format=json").body();
            assertThat(feed)
                    .contains("\"tripId\": \"empty-nijiaqiao-southbound-20260304-080530-1\"")
                    .contains("\"scheduleRelationship\": \"CANCELED\"");
            assertThat(get(server, "gtfs-rt").headers().firstValue("Content-Type"))
                    .contains("application/x-protobuf");
            assertThat(get(server, "gtfs-rt/nothing").statusCode()).isEqualTo(404);
        }
    }

    /** Reads events until a state whose data contains {@code text}; its data. */
    private static String nextStateWith(BufferedReader events, String text) throws Exception {
        String event = null;
        for (String line = events.readLine(); line != null; line = events.readLine()) {
            if (line.startsWith("event: ")) {
                event = line.substring("event: ".length());
            } else if (line.startsWith("data: ") && "state".equals(event)) {
                String data = line.substring("data: ".length());
                if (data.contains(text)) {
                    return data;
                }
            }
        }
        throw new AssertionError("the stream ended before a state with " + text);
    }
}
