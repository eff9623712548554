package org.metrodispatch.gtfsrt;

import org.metrodispatch.board.BoardServer;
import org.metrodispatch.board.LineBoard;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Serves the board's GTFS-Realtime feed over HTTP: {@code /gtfs-rt} (everything), {@code
 * /gtfs-rt/trip-updates} and {@code /gtfs-rt/vehicle-positions}, as protobuf for machines, or as
 * JSON for people with {@code ?format=json}.
 */
public final class GtfsRealtimeHandler implements HttpHandler {

    /** Where the feed is served. */
    public static final String PATH = "/gtfs-rt";

    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json; charset=utf-8";

    private final LineBoard board;
    private final GtfsRealtimeFeed feed;

    public GtfsRealtimeHandler(LineBoard board) {
        this.board = board;
        this.feed = new GtfsRealtimeFeed(board.network());
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            GtfsRealtimeFeed.Content content =
                    switch (exchange.getRequestURI().getPath()) {
                        case PATH, PATH + "/" -> GtfsRealtimeFeed.Content.ALL;
                        case PATH + "/trip-updates" -> GtfsRealtimeFeed.Content.TRIP_UPDATES;
                        case PATH + "/vehicle-positions" ->
                                GtfsRealtimeFeed.Content.VEHICLE_POSITIONS;
                        default -> null;
                    };
            if (content == null) {
                BoardServer.send(
                        exchange,
                        404,
                        "text/plain; charset=utf-8",
                        ("no such feed; there are "
                                        + PATH
                                        + ", "
                                        + PATH
                                        + "/trip-updates and "
                                        + PATH
                                        + "/vehicle-positions")
                                .getBytes(StandardCharsets.UTF_8));
                return;
            }
            var message = feed.of(board, content);
            String query = exchange.getRequestURI().getQuery();
            if (query != null && query.contains("format=json")) {
                BoardServer.send(
                        exchange,
                        200,
                        JSON,
                        JsonFormat.printer().print(message).getBytes(StandardCharsets.UTF_8));
            } else {
                BoardServer.send(exchange, 200, PROTOBUF, message.toByteArray());
            }
        }
    }
}
