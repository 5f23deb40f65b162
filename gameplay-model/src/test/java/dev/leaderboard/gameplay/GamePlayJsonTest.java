package dev.leaderboard.gameplay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GamePlayJsonTest {

    @Test
    void readsTheBlogsOwnSampleEvent() {
        ParsedGamePlay parsed = parse(
                "{\"playerId\": 108, \"gameId\": 15, \"stake\": 285, \"win\": 0, \"eventTime\": \"2023-02-26 03:56:10.339232\"}");

        assertThat(parsed).isEqualTo(new ParsedGamePlay.Valid(
                new GamePlay(108, 15, 285, 0, Instant.parse("2023-02-26T03:56:10.339232Z"))));
    }

    @Test
    void writesTheBlogsFieldsAndTimeFormat() {
        GamePlay play = new GamePlay(108, 15, 285, 495, Instant.parse("2023-02-26T03:56:10.339232Z"));

        assertThat(new String(GamePlayJson.toJson(play), StandardCharsets.UTF_8)).isEqualTo(
                "{\"playerId\":108,\"gameId\":15,\"stake\":285,\"win\":495,\"eventTime\":\"2023-02-26 03:56:10.339232\"}");
        assertThat(play.key()).isEqualTo("108");
    }

    @Test
    void roundTripsEveryField() {
        GamePlay play = new GamePlay(100, 10, 10, 500, Instant.parse("2026-11-25T07:00:00.000001Z"));

        assertThat(GamePlayJson.parse(GamePlayJson.toJson(play))).isEqualTo(new ParsedGamePlay.Valid(play));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2023-02-26 03:56:10.339232    | 2023-02-26T03:56:10.339232Z",
            "2023-02-26 03:56:10           | 2023-02-26T03:56:10Z",
            "2023-02-26 03:56:10.5         | 2023-02-26T03:56:10.500Z",
            "2023-02-26T03:56:10.339232Z   | 2023-02-26T03:56:10.339232Z",
            "2023-02-26T05:56:10.339+02:00 | 2023-02-26T03:56:10.339Z",
            "2023-02-26T03:56:10.339232    | 2023-02-26T03:56:10.339232Z"})
    void readsEventTimeInWireAndIsoForms(String text, String expected) {
        assertThat(EventTimeFormat.parse(text)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{not json                                                             | not valid JSON",
            "[1,2]                                                                 | value must be a JSON object",
            "{\"gameId\":1,\"stake\":1,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10\"}              | missing field 'playerId'",
            "{\"playerId\":null,\"gameId\":1,\"stake\":1,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10\"} | missing field 'playerId'",
            "{\"playerId\":\"7\",\"gameId\":1,\"stake\":1,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10\"} | field 'playerId' must be an integer, was string \"7\"",
            "{\"playerId\":7.5,\"gameId\":1,\"stake\":1,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10\"}  | field 'playerId' must be an integer, was number 7.5",
            "{\"playerId\":0,\"gameId\":1,\"stake\":1,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10\"}    | field 'playerId' must be positive, was 0",
            "{\"playerId\":3000000000,\"gameId\":1,\"stake\":1,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10\"} | field 'playerId' is out of range: 3000000000",
            "{\"playerId\":7,\"gameId\":-1,\"stake\":1,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10\"}   | field 'gameId' must be positive, was -1",
            "{\"playerId\":7,\"gameId\":1,\"stake\":-5,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10\"}   | field 'stake' must be positive, was -5",
            "{\"playerId\":7,\"gameId\":1,\"stake\":5,\"win\":-1,\"eventTime\":\"2023-02-26 03:56:10\"}   | field 'win' must not be negative, was -1",
            "{\"playerId\":7,\"gameId\":1,\"stake\":5,\"win\":0}                                          | missing field 'eventTime'",
            "{\"playerId\":7,\"gameId\":1,\"stake\":5,\"win\":0,\"eventTime\":1677383770}                 | field 'eventTime' must be a string, was number 1677383770",
            "{\"playerId\":7,\"gameId\":1,\"stake\":5,\"win\":0,\"eventTime\":\"yesterday\"}              | field 'eventTime' is not a time",
            "{\"playerId\":{\"id\":7},\"gameId\":1,\"stake\":5,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10\"} | field 'playerId' must be an integer, was object",
            "{\"playerId\":[7],\"gameId\":1,\"stake\":5,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10\"} | field 'playerId' must be an integer, was array",
            "{\"playerId\":true,\"gameId\":1,\"stake\":5,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10\"} | field 'playerId' must be an integer, was boolean true",
            "{\"playerId\":7,\"playerId\":0,\"gameId\":1,\"stake\":5,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10\"} | field 'playerId' must be positive, was 0",
            "{\"extra\":{\"a\":[1,2,}]},\"playerId\":7,\"gameId\":1,\"stake\":5,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10\"} | not valid JSON",
            "{\"playerId\":7,\"gameId\":1,\"stake\":5,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10\"                   | not valid JSON",
            "[1,2                                                                  | not valid JSON",
            "\"just text\"                                                          | value must be a JSON object"})
    void rejectsBadValuesWithAReason(String json, String reasonStart) {
        ParsedGamePlay parsed = parse(json);

        assertThat(parsed).isInstanceOfSatisfying(ParsedGamePlay.Rejected.class,
                rejected -> assertThat(rejected.reason()).startsWith(reasonStart));
    }

    @Test
    void rejectsAnEmptyValueAndInvalidUtf8() {
        assertThat(GamePlayJson.parse(new byte[0])).isEqualTo(new ParsedGamePlay.Rejected("empty value"));
        assertThat(GamePlayJson.parse(null)).isEqualTo(new ParsedGamePlay.Rejected("empty value"));
        assertThat(GamePlayJson.parse(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}))
                .isInstanceOfSatisfying(ParsedGamePlay.Rejected.class,
                        rejected -> assertThat(rejected.reason()).startsWith("not valid JSON"));
    }

    @Test
    void rejectsAValueTooLargeToBeASpinEvenIfItParses() {
        String padding = "x".repeat(GamePlayJson.MAX_VALUE_BYTES);
        ParsedGamePlay parsed = parse("{\"playerId\":1,\"gameId\":1,\"stake\":1,\"win\":0,"
                + "\"eventTime\":\"2023-02-26 03:56:10\",\"pad\":\"" + padding + "\"}");

        assertThat(parsed).isInstanceOfSatisfying(ParsedGamePlay.Rejected.class,
                rejected -> assertThat(rejected.reason()).endsWith("more than the 65536 a spin may have"));
    }

    private static ParsedGamePlay parse(String json) {
        return GamePlayJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
