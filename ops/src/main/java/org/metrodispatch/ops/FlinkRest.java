package org.metrodispatch.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * A small client of Flink's REST API (the one the web UI uses): JSON in and out, jar uploads as
 * multipart forms. Errors carry Flink's own message.
 */
public final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final Duration requestTimeout;

    /**
     * @param baseUrl e.g. {@code http://localhost:8081}
     */
    public FlinkRest(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(60));
    }

    public FlinkRest(String baseUrl, Duration requestTimeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The REST API did not answer at all (nothing listens, or it hangs). */
    public static final class Unreachable extends IOException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The REST API answered with an error status. */
    public static final class Failure extends IOException {
        private static final long serialVersionUID = 1L;

        public final int status;

        Failure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** Whether a Flink REST API answers at the base address now. */
    public boolean answers() {
        try {
            get("/config");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public JsonNode get(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public JsonNode post(String path, Object body) throws IOException {
        byte[] json = JSON.writeValueAsBytes(body);
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    public JsonNode delete(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** POST /jars/upload: returns the jar id for /jars/{id}/run. */
    public String uploadJar(Path jar) throws IOException {
        String boundary = "metro-dispatch-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--"
                                + boundary
                                + "\r\n"
                                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\n"
                                + "Content-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode answer =
                send(
                        HttpRequest.newBuilder(uri("/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String stored = answer.path("filename").asText("");
        if (!"success".equals(answer.path("status").asText()) || stored.isEmpty()) {
            throw new Failure(200, "the jar upload was not accepted: " + answer);
        }
        // The id is the stored file's name, e.g. 0f5c..._metro-dispatch-jobs-job.jar.
        return Path.of(stored).getFileName().toString();
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException {
        HttpResponse<byte[]> response;
        try {
            response =
                    http.send(
                            request.timeout(requestTimeout).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new Unreachable("no Flink REST API answers at " + baseUrl, e);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new Unreachable(
                    "the Flink REST API at " + baseUrl + " did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + baseUrl, e);
        } catch (IOException e) {
            throw new Unreachable(
                    "no Flink REST API answers at " + baseUrl + " (" + e.getMessage() + ")", e);
        }
        byte[] body = response.body();
        JsonNode json;
        try {
            json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new Failure(
                    response.statusCode(),
                    "not a Flink REST API at "
                            + baseUrl
                            + " (HTTP "
                            + response.statusCode()
                            + ", not JSON)");
        }
        if (response.statusCode() >= 300) {
            throw new Failure(response.statusCode(), errorMessage(json, response.statusCode()));
        }
        return json;
    }

    /** Flink answers errors as {"errors": ["message", "stack trace or more"]}. */
    private static String errorMessage(JsonNode json, int status) {
        JsonNode errors = json.path("errors");
        if (errors.isArray() && errors.size() > 0) {
            StringBuilder message = new StringBuilder();
            for (JsonNode error : errors) {
                if (message.length() > 0) {
                    message.append('\n');
                }
                message.append(error.asText());
            }
            return message.toString();
        }
        return "HTTP " + status + ": " + json;
    }
}
