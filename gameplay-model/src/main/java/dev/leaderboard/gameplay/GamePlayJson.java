package dev.leaderboard.gameplay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The blog's record value: schemaless JSON {@code {"playerId","gameId","stake","win","eventTime"}}.
 * Parsing never throws on bad input; it says what is wrong, one reason per rejection.
 */
public final class GamePlayJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> SPIN_FIELDS = Set.of("playerId", "gameId", "stake", "win", "eventTime");
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
        Map<String, JsonNode> fields;
        try {
            fields = spinFields(value);
        } catch (IOException e) {
            return new ParsedGamePlay.Rejected("not valid JSON: " + firstLine(e.getMessage()));
        }
        if (fields == null) {
            return new ParsedGamePlay.Rejected("value must be a JSON object");
        }
        return readFields(fields);
    }

    /**
     * The spin's five fields of a JSON object, read with Jackson's streaming parser: the ingestor parses
     * every record, and a whole tree per record was the largest share of its CPU. Other fields are checked
     * for syntax and skipped; a repeated field keeps its last value, as a tree would. Null when the value
     * is valid JSON but not an object.
     */
    private static Map<String, JsonNode> spinFields(byte[] value) throws IOException {
        try (JsonParser parser = MAPPER.getFactory().createParser(value)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return null;
            }
            Map<String, JsonNode> fields = new HashMap<>(8);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (SPIN_FIELDS.contains(name)) {
                    fields.put(name, scalarOrShape(parser, token));
                } else {
                    parser.skipChildren();
                }
            }
            return fields;
        }
    }

    /** The value at the parser as the node a tree would hold; an object or array only as its shape. */
    private static JsonNode scalarOrShape(JsonParser parser, JsonToken token) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (token) {
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> nodes.booleanNode(token == JsonToken.VALUE_TRUE);
            case START_OBJECT -> {
                parser.skipChildren();
                yield nodes.objectNode();
            }
            case START_ARRAY -> {
                parser.skipChildren();
                yield nodes.arrayNode();
            }
            default -> nodes.nullNode();
        };
    }

    private static ParsedGamePlay readFields(Map<String, JsonNode> root) {
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
        private final Map<String, JsonNode> root;
        private String problem;

        FieldReader(Map<String, JsonNode> root) {
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
