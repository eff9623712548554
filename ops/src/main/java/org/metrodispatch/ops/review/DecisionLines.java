package org.metrodispatch.ops.review;

import org.metrodispatch.contract.decision.DispatchDecision;
import org.metrodispatch.contract.decision.OutputJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reads one decision line as the job writes it, of any schema version the contract knows, with a
 * short reason when it cannot (a newer schema version among them).
 */
final class DecisionLines {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_SHOWN = 60;

    private DecisionLines() {}

    /** A line that is not a decision, with the reason a person reads. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    static LoggedDecision parse(String where, String text) throws Malformed {
        DispatchDecision decision;
        try {
            decision = OutputJson.readDecision(text);
        } catch (JsonProcessingException e) {
            throw new Malformed(
                    "malformed JSON: " + firstLine(e.getOriginalMessage()) + shown(text));
        } catch (IOException e) {
            throw new Malformed(e.getMessage() + shown(text));
        }
        return new LoggedDecision(where, offset(text), decision, oneLine(text));
    }

    /**
     * The record on one line: as it is (a log line always is), or, for a topic record written over
     * several lines, with its line ends made spaces. JSON strings cannot hold a raw line end, so
     * those are whitespace between tokens, and names, values and order stay as written.
     */
    private static String oneLine(String text) {
        return text.indexOf('\n') < 0 && text.indexOf('\r') < 0
                ? text
                : text.replace('\r', ' ').replace('\n', ' ');
    }

    /** The UTC offset the decision's eventTime was written with (UTC when unreadable). */
    private static ZoneOffset offset(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return OffsetDateTime.parse(node.path("eventTime").asText()).getOffset();
        } catch (IOException | DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The start of the line, so the reader can find it. */
    private static String shown(String text) {
        String start = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
        return " [" + start + "]";
    }
}
