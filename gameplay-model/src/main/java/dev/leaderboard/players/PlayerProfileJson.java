package dev.leaderboard.players;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaderboard.gameplay.EventTimeFormat;

/**
 * The value on {@code players}: {@code {"playerId":108,"name":"Ada Lovelace","country":"Norway",
 * "updatedAt":"2026-11-25 07:00:00.000000"}}, updatedAt in the spin's eventTime format (UTC).
 * Parsing never throws on bad input; it names the first problem.
 */
public final class PlayerProfileJson {

    /** Longer names are refused rather than cut: a board row is no place for an essay. */
    public static final int MAX_NAME_LENGTH = 100;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PlayerProfileJson() {
    }

    public static byte[] toJson(PlayerProfile profile) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("playerId", profile.playerId())
                .put("name", profile.name())
                .put("country", profile.country())
                .put("updatedAt", EventTimeFormat.format(profile.updatedAt()));
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a record; the key must name the same player as the value. */
    public static ParsedPlayerProfile parse(String key, byte[] value) {
        if (value == null || value.length == 0) {
            return new ParsedPlayerProfile.Rejected("empty value");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(value);
        } catch (IOException e) {
            return new ParsedPlayerProfile.Rejected("not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return new ParsedPlayerProfile.Rejected("value must be a JSON object");
        }
        JsonNode id = root.get("playerId");
        if (id == null || !id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() <= 0) {
            return new ParsedPlayerProfile.Rejected("field 'playerId' must be a positive integer");
        }
        if (!Integer.toString(id.intValue()).equals(key)) {
            return new ParsedPlayerProfile.Rejected("key '" + key + "' does not match playerId " + id.intValue());
        }
        JsonNode name = root.get("name");
        if (name == null || !name.isTextual() || name.textValue().isBlank()) {
            return new ParsedPlayerProfile.Rejected("field 'name' must be a non-blank string");
        }
        if (name.textValue().length() > MAX_NAME_LENGTH) {
            return new ParsedPlayerProfile.Rejected("field 'name' is longer than " + MAX_NAME_LENGTH + " characters");
        }
        JsonNode country = root.get("country");
        if (country != null && !country.isNull() && !country.isTextual()) {
            return new ParsedPlayerProfile.Rejected("field 'country' must be a string or null");
        }
        JsonNode updatedAt = root.get("updatedAt");
        Optional<Instant> time = updatedAt != null && updatedAt.isTextual()
                ? EventTimeFormat.parse(updatedAt.textValue()) : Optional.empty();
        if (time.isEmpty()) {
            return new ParsedPlayerProfile.Rejected(
                    "field 'updatedAt' must be a time as 'yyyy-MM-dd HH:mm:ss.SSSSSS' (UTC) or ISO-8601");
        }
        String countryText = country == null || country.isNull() ? null : country.textValue();
        return new ParsedPlayerProfile.Valid(new PlayerProfile(id.intValue(), name.textValue(), countryText, time.get()));
    }
}
