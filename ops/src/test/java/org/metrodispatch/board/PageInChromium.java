package org.metrodispatch.board;

import org.metrodispatch.contract.cli.LoopbackPorts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * A page of the line board in a real headless Chromium, driven through Debian's chromedriver over
 * the W3C WebDriver protocol (plain HTTP and JSON: no Selenium needed). Tests run scripts in the
 * page, wait for what it shows, reload it and take screenshots.
 */
public final class PageInChromium implements AutoCloseable {

    /** Set (to 1) where the browser must run: CI installs it and sets it. */
    public static final String REQUIRE_BROWSER = "METRO_DISPATCH_REQUIRE_BROWSER";

    private static final Duration PAGE_LOAD = Duration.ofSeconds(30);

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(30);

    private final Process driver;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String session;

    /**
     * Skips the calling test, saying why, on a machine without Debian's chromium and
     * chromium-driver; fails it instead where {@value #REQUIRE_BROWSER} is set.
     */
    public static void requireBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String missing =
                CHROMIUM
                        + " or "
                        + CHROMEDRIVER
                        + " is missing: the line board's browser test needs Debian's chromium and"
                        + " chromium-driver. Run .ci/run (it installs them) or: apt-get install -y"
                        + " --no-install-recommends chromium chromium-driver";
        if ("1".equals(System.getenv(REQUIRE_BROWSER))) {
            Assertions.fail(missing);
        }
        // Visible in the build's output, not only in the report files.
        System.err.println("SKIPPED: " + missing);
        Assumptions.abort("SKIPPED: " + missing);
    }

    /** Opens the board at {@code url} and waits until it has drawn the line. */
    public PageInChromium(String url, Path log) throws IOException, InterruptedException {
        this(url, log, 1700, 1150);
    }

    public PageInChromium(String url, Path log, int width, int height)
            throws IOException, InterruptedException {
        int port = LoopbackPorts.free();
        driver =
                new ProcessBuilder(
                                CHROMEDRIVER.toString(),
                                "--port=" + port,
                                "--allowed-ips=127.0.0.1")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        base = "http://127.0.0.1:" + port;
        try {
            awaitReady();
            ObjectNode body = MAPPER.createObjectNode();
            ObjectNode chrome =
                    body.putObject("capabilities")
                            .putObject("alwaysMatch")
                            .put("browserName", "chrome")
                            .putObject("goog:chromeOptions");
            chrome.put("binary", CHROMIUM.toString());
            List.of(
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--window-size=" + width + "," + height)
                    .forEach(chrome.putArray("args")::add);
            session = call("POST", "/session", body).path("sessionId").asText();
            open(url);
        } catch (IOException | RuntimeException e) {
            driver.destroy();
            throw e;
        }
    }

    /** The stations drawn on the map, once the page has drawn them. */
    public int stationsDrawn() throws IOException, InterruptedException {
        return await(
                        "return document.querySelectorAll('#line g[data-station] circle').length;",
                        count -> count.asInt() > 0,
                        PAGE_LOAD)
                .asInt();
    }

    /** Reloads the page, as a person would. */
    public void reload() throws IOException, InterruptedException {
        call("POST", "/session/" + session + "/refresh", MAPPER.createObjectNode());
        stationsDrawn();
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            try {
                if (call("GET", "/status", null).path("ready").asBoolean()) {
                    return;
                }
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !driver.isAlive()) {
                    throw new IOException("chromedriver did not start", notYet);
                }
            }
            Thread.sleep(100);
        }
    }

    private JsonNode call(String method, String path, JsonNode body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        request.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        request.header("Content-Type", "application/json");
        HttpResponse<String> response =
                http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = MAPPER.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IOException(method + " " + path + ": " + response.statusCode() + " " + json);
        }
        return json.path("value");
    }

    private void open(String url) throws IOException, InterruptedException {
        call("POST", "/session/" + session + "/url", MAPPER.createObjectNode().put("url", url));
    }

    /** Runs a script in the page; its return value as JSON. */
    public JsonNode script(String script) throws IOException, InterruptedException {
        ObjectNode body = MAPPER.createObjectNode().put("script", script);
        body.putArray("args");
        return call("POST", "/session/" + session + "/execute/sync", body);
    }

    /** Runs the script until its value passes {@code done}; fails after {@code timeout}. */
    public JsonNode await(String script, Predicate<JsonNode> done, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode value = script(script);
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "the page did not get there in " + timeout + "; the script gave " + value);
            }
            Thread.sleep(100);
            value = script(script);
        }
        return value;
    }

    public void screenshot(Path png) throws IOException, InterruptedException {
        String base64 = call("GET", "/session/" + session + "/screenshot", null).asText();
        Files.write(png, Base64.getDecoder().decode(base64));
    }

    @Override
    public void close() throws InterruptedException {
        try {
            call("DELETE", "/session/" + session, null);
        } catch (IOException e) {
            // Going down with its driver anyway.
        }
        driver.destroy();
        driver.waitFor();
    }
}
