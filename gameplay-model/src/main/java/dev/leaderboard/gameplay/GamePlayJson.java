package dev.leaderboard.gameplay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The blog's record value: schemaless JSON {@code {"playerId","gameId","stake","win","eventTime"}}.
 * Parsing never throws on bad input; it says what is wrong, one reason per rejection.
 */
public final class GamePlayJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int QUOTED_TEXT_LIMIT = 40;
    /** A spin is about 100 bytes; anything this large is not one, whatever it contains. */
    public static final int MAX_VALUE_BYTES = 64 * 1024;

    private GamePlayJson() {
    }

    public static byte[] toJson(GamePlay play) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("playerId", play.playerId())
                .put("gameId", play.gameId())
                .put("stake", play.stake())
                .put("win", play.win())
                .put("eventTime", EventTimeFormat.format(play.eventTime()));
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ParsedGamePlay parse(byte[] value) {
        if (value == null || value.length == 0) {
            return new ParsedGamePlay.Rejected("empty value");
        }
        if (value.length > MAX_VALUE_BYTES) {
            return new ParsedGamePlay.Rejected("value is " + value.length + " bytes, more than the "
                    + MAX_VALUE_BYTES + " a spin may have");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(value);
        } catch (IOException e) {
            return new ParsedGamePlay.Rejected("not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return new ParsedGamePlay.Rejected("value must be a JSON object");
        }
        return readFields(root);
    }

    private static ParsedGamePlay readFields(JsonNode root) {
        FieldReader fields = new FieldReader(root);
        int playerId = fields.positiveInt("playerId");
        int gameId = fields.positiveInt("gameId");
        int stake = fields.positiveInt("stake");
        long win = fields.nonNegativeLong("win");
        Instant eventTime = fields.time("eventTime");
        return fields.problem()
                .<ParsedGamePlay>map(ParsedGamePlay.Rejected::new)
                .orElseGet(() -> new ParsedGamePlay.Valid(new GamePlay(playerId, gameId, stake, win, eventTime)));
    }

    /** Reads fields in order and keeps the first problem; later reads become no-ops. */
    private static final class FieldReader {
        private final JsonNode root;
        private String problem;

        FieldReader(JsonNode root) {
            this.root = root;
        }

        Optional<String> problem() {
            return Optional.ofNullable(problem);
        }

        int positiveInt(String name) {
            JsonNode node = present(name);
            if (node == null) {
                return 0;
            }
            if (!node.isIntegralNumber()) {
                return fail("field '" + name + "' must be an integer, was " + describe(node));
            }
            if (!node.canConvertToInt()) {
                return fail("field '" + name + "' is out of range: " + node.asText());
            }
            if (node.intValue() <= 0) {
                return fail("field '" + name + "' must be positive, was " + node.intValue());
            }
            return node.intValue();
        }

        long nonNegativeLong(String name) {
            JsonNode node = present(name);
            if (node == null) {
                return 0;
            }
            if (!node.isIntegralNumber()) {
                return fail("field '" + name + "' must be an integer, was " + describe(node));
            }
            if (!node.canConvertToLong()) {
                return fail("field '" + name + "' is out of range: " + node.asText());
            }
            if (node.longValue() < 0) {
                return fail("field '" + name + "' must not be negative, was " + node.longValue());
            }
            return node.longValue();
        }

        Instant time(String name) {
            JsonNode node = present(name);
            if (node == null) {
                return null;
            }
            if (!node.isTextual()) {
                fail("field '" + name + "' must be a string, was " + describe(node));
                return null;
            }
            Optional<Instant> time = EventTimeFormat.parse(node.textValue());
            if (time.isEmpty()) {
                fail("field '" + name + "' is not a time as 'yyyy-MM-dd HH:mm:ss.SSSSSS' (UTC) or ISO-8601: '"
                        + truncate(node.textValue()) + "'");
                return null;
            }
            return time.get();
        }

        private JsonNode present(String name) {
            if (problem != null) {
                return null;
            }
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                fail("missing field '" + name + "'");
                return null;
            }
            return node;
        }

        private int fail(String reason) {
            problem = reason;
            return 0;
        }
    }

    private static String describe(JsonNode node) {
        return node.getNodeType().name().toLowerCase() + (node.isValueNode() ? " " + truncate(node.toString()) : "");
    }

    private static String truncate(String text) {
        return text.length() <= QUOTED_TEXT_LIMIT ? text : text.substring(0, QUOTED_TEXT_LIMIT) + "...";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
