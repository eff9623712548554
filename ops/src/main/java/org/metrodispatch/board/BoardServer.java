package org.metrodispatch.board;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The live line board: a web page, served on the loopback interface, that draws the line and
 * updates from the job's outputs as they come (server-sent events). Every page that connects, or
 * reconnects after a reload, first gets the whole board: nothing is lost. One thread reads the feed
 * into the {@link LineBoard}; each open page holds one of the server's threads.
 */
public final class BoardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BoardServer.class);

    /** How long the reader waits for new outputs before looking again. */
    private static final Duration POLL = Duration.ofMillis(250);

    /** Pages get at most this many updates a second: a burst of outputs is one update. */
    private static final long MIN_UPDATE_MILLIS = 200;

    /** A comment line this often keeps idle connections (and proxies) open. */
    private static final long KEEP_ALIVE_MILLIS = 15_000;

    /** Open pages at once; more wait for a thread. */
    private static final int PAGE_THREADS = 16;

    private final HttpServer server;
    private final ExecutorService threads;
    private final LineBoard board;
    private final BoardFeed feed;
    private final Thread reader;
    private final Object changed = new Object();
    private volatile boolean running = true;
    private volatile String feedProblem;

    private BoardServer(HttpServer server, LineBoard board, BoardFeed feed) {
        this.server = server;
        this.board = board;
        this.feed = feed;
        this.threads =
                Executors.newFixedThreadPool(
                        PAGE_THREADS,
                        task -> {
                            Thread thread = new Thread(task, "line-board-http");
                            thread.setDaemon(true);
                            return thread;
                        });
        this.reader = new Thread(this::read, "line-board-reader");
        reader.setDaemon(true);
    }

    /**
     * Starts serving the board of {@code board} on {@code port} (0 takes a free one), fed by {@code
     * feed}, which the server closes with itself.
     */
    public static BoardServer start(int port, LineBoard board, BoardFeed feed) throws IOException {
        HttpServer http =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        BoardServer server = new BoardServer(http, board, feed);
        http.setExecutor(server.threads);
        http.createContext("/", server::page);
        http.createContext("/api/network", json(() -> board.networkJson()));
        http.createContext("/api/state", json(server::state));
        http.createContext("/api/events", server::events);
        http.start();
        server.reader.start();
        return server;
    }

    /** Adds a resource at {@code path}: the GTFS-Realtime feed, for one. */
    public BoardServer serve(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String address() {
        return "http://localhost:" + port() + "/";
    }

    public LineBoard board() {
        return board;
    }

    private void read() {
        while (running) {
            try {
                List<BoardRecord> records = feed.poll(POLL);
                boolean any = false;
                for (BoardRecord record : records) {
                    any |= board.apply(record);
                }
                if (feedProblem != null) {
                    feedProblem = null;
                    any = true;
                }
                if (any) {
                    synchronized (changed) {
                        changed.notifyAll();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                if (feedProblem == null) {
                    LOG.warn("The line board cannot read {}: {}", feed.describe(), e.toString());
                }
                feedProblem = "cannot read " + feed.describe() + ": " + e.getMessage();
                synchronized (changed) {
                    changed.notifyAll();
                }
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode state() {
        ObjectNode snapshot = board.snapshot();
        if (feedProblem != null) {
            snapshot.put("feedProblem", feedProblem);
        }
        snapshot.put("source", feed.describe());
        return snapshot;
    }

    private void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String resource;
            String type;
            switch (path) {
                case "/", "/index.html" -> {
                    resource = "/board/index.html";
                    type = "text/html; charset=utf-8";
                }
                case "/board.js" -> {
                    resource = "/board/board.js";
                    type = "text/javascript; charset=utf-8";
                }
                case "/board.css" -> {
                    resource = "/board/board.css";
                    type = "text/css; charset=utf-8";
                }
                default -> {
                    send(
                            exchange,
                            404,
                            "text/plain; charset=utf-8",
                            bytes("no such page: " + path));
                    return;
                }
            }
            try (InputStream in = BoardServer.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("the board's " + resource + " is missing from the build");
                }
                send(exchange, 200, type, in.readAllBytes());
            }
        }
    }

    private static HttpHandler json(Supplier<JsonNode> body) {
        return exchange -> {
            try (exchange) {
                send(
                        exchange,
                        200,
                        "application/json; charset=utf-8",
                        bytes(body.get().toString()));
            }
        };
    }

    /** Server-sent events: the whole board at once, then again whenever it changes. */
    private void events(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            long sentVersion = -1;
            String sentProblem = null;
            long lastWrite = 0;
            while (running) {
                long version = board.version();
                String problem = feedProblem;
                if (version != sentVersion || !Objects.equals(problem, sentProblem)) {
                    out.write(
                            bytes("id: " + version + "\nevent: state\ndata: " + state() + "\n\n"));
                    out.flush();
                    sentVersion = version;
                    sentProblem = problem;
                    lastWrite = System.currentTimeMillis();
                    // At most one update per MIN_UPDATE_MILLIS: a burst of outputs is one.
                    TimeUnit.MILLISECONDS.sleep(MIN_UPDATE_MILLIS);
                } else if (System.currentTimeMillis() - lastWrite >= KEEP_ALIVE_MILLIS) {
                    out.write(bytes(": still here\n\n"));
                    out.flush();
                    lastWrite = System.currentTimeMillis();
                } else {
                    synchronized (changed) {
                        if (board.version() == sentVersion) {
                            changed.wait(KEEP_ALIVE_MILLIS);
                        }
                    }
                }
            }
        } catch (IOException closedByPage) {
            // The page went away (closed, reloaded): its thread is free again.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Sends a whole response. */
    public static void send(HttpExchange exchange, int status, String type, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        reader.interrupt();
        synchronized (changed) {
            changed.notifyAll();
        }
        server.stop(0);
        threads.shutdownNow();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        feed.close();
    }
}
