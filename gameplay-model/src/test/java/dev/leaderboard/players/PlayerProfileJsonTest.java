package dev.leaderboard.players;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class PlayerProfileJsonTest {

    private static final PlayerProfile ADA =
            new PlayerProfile(108, "Ada Lovelace", "Norway", Instant.parse("2026-11-25T07:00:00Z"));

    @Test
    void writesTheSharedContractsJson() {
        assertThat(new String(PlayerProfileJson.toJson(ADA), StandardCharsets.UTF_8)).isEqualTo(
                "{\"playerId\":108,\"name\":\"Ada Lovelace\",\"country\":\"Norway\",\"updatedAt\":\"2026-11-25 07:00:00.000000\"}");
    }

    @Test
    void readsBackWhatItWrites() {
        assertThat(PlayerProfileJson.parse("108", PlayerProfileJson.toJson(ADA)))
                .isEqualTo(new ParsedPlayerProfile.Valid(ADA));
    }

    @Test
    void acceptsAMissingCountry() {
        assertThat(parse("108", "{\"playerId\":108,\"name\":\"Ada\",\"updatedAt\":\"2026-11-25T07:00:00Z\"}"))
                .isEqualTo(new ParsedPlayerProfile.Valid(
                        new PlayerProfile(108, "Ada", null, Instant.parse("2026-11-25T07:00:00Z"))));
    }

    @Test
    void rejectsEachBadFieldWithItsName() {
        String time = "\"updatedAt\":\"2026-11-25 07:00:00.000000\"";
        assertThat(parse("108", "not json")).isEqualTo(rejected("not valid JSON"));
        assertThat(parse("108", "[1]")).isEqualTo(rejected("value must be a JSON object"));
        assertThat(parse("108", "{\"name\":\"Ada\"," + time + "}"))
                .isEqualTo(rejected("field 'playerId' must be a positive integer"));
        assertThat(parse("7", "{\"playerId\":108,\"name\":\"Ada\"," + time + "}"))
                .isEqualTo(rejected("key '7' does not match playerId 108"));
        assertThat(parse("108", "{\"playerId\":108,\"name\":\" \"," + time + "}"))
                .isEqualTo(rejected("field 'name' must be a non-blank string"));
        assertThat(parse("108", "{\"playerId\":108,\"name\":\"Ada\",\"country\":5," + time + "}"))
                .isEqualTo(rejected("field 'country' must be a string or null"));
        assertThat(parse("108", "{\"playerId\":108,\"name\":\"Ada\",\"updatedAt\":\"yesterday\"}"))
                .isEqualTo(rejected("field 'updatedAt' must be a time as 'yyyy-MM-dd HH:mm:ss.SSSSSS' (UTC) or ISO-8601"));
        assertThat(parse("108", "")).isEqualTo(rejected("empty value"));
    }

    private static ParsedPlayerProfile parse(String key, String value) {
        return PlayerProfileJson.parse(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static ParsedPlayerProfile rejected(String reason) {
        return new ParsedPlayerProfile.Rejected(reason);
    }
}
