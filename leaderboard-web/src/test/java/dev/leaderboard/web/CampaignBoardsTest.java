package dev.leaderboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import io.javalin.Javalin;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Campaign and window boards, metrics, games, pages and around-me on {@link BoardFixture}'s hand-computed data. */
class CampaignBoardsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");

    private DuckDBConnection db;
    private Javalin app;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        db = BoardFixture.emptyDatabase();
        BoardFixture.insertFixture(db);
        app = LeaderboardApp.create(new DuckDbBoard(db, Clock.fixed(NOW, ZoneOffset.UTC))).start(0);
        api = new ApiClient(app.port());
    }

    @AfterEach
    void stop() throws Exception {
        app.stop();
        db.close();
    }

    @Test
    void listsCampaignsLatestFirstWithTheirGames() throws Exception {
        assertThat(api.getJson("/api/campaigns", 200).toString()).isEqualTo("["
                + "{\"id\":\"autumn\",\"name\":\"Autumn Cup\",\"start\":\"2026-11-25T07:00:00Z\",\"end\":\"2026-11-25T09:00:00Z\",\"games\":[]},"
                + "{\"id\":\"slots\",\"name\":\"Slots Week\",\"start\":\"2026-11-25T07:00:00Z\",\"end\":\"2026-11-25T09:00:00Z\",\"games\":[1,2]},"
                + "{\"id\":\"early\",\"name\":\"Early Bird\",\"start\":\"2026-11-25T06:00:00Z\",\"end\":\"2026-11-25T07:30:00Z\",\"games\":[]}]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // The 06:30 spin is before autumn; 101 and 104 tie at 3.0 reached at 07:10 (id order), 102 at 07:20.
            "campaign=autumn                      | 1 103 Linus 6.0; 2 101 Ada 3.0; 2 104 104 3.0; 2 102 Grace 3.0",
            "campaign=autumn&metric=wins          | 1 103 Linus 700.0; 2 102 Grace 450.0; 3 101 Ada 300.0; 3 104 104 300.0",
            // 103's 07:05 spin (win = stake) does not move its net: reached at 07:40, still first.
            "campaign=autumn&metric=net           | 1 103 Linus 500.0; 2 102 Grace 250.0; 3 104 104 200.0; 4 101 Ada 100.0; 5 105 105 -200.0",
            // Games 1 and 2 only: 103's game-3 spin is out.
            "campaign=slots                       | 1 101 Ada 3.0; 1 104 104 3.0; 1 102 Grace 3.0; 4 103 Linus 1.0",
            "campaign=slots&game=2                | 1 102 Grace 3.0",
            "campaign=slots&game=3                | ''",
            "campaign=autumn&game=3&metric=net    | 1 103 Linus 500.0; 2 101 Ada -100.0",
            // Ended at 07:30: counts 06:30 .. 07:20.
            "campaign=early                       | 1 101 Ada 5.0; 2 104 104 3.0; 2 102 Grace 3.0; 4 103 Linus 1.0",
            // An ended campaign's window ends at its end: [07:00, 07:30).
            "campaign=early&window=30m            | 1 101 Ada 3.0; 1 104 104 3.0; 1 102 Grace 3.0; 4 103 Linus 1.0",
            // A running campaign's window ends now: [07:45, 08:00) has only losses.
            "campaign=autumn&window=15m           | ''",
            "campaign=autumn&window=15m&metric=net| 1 102 Grace -50.0; 2 101 Ada -100.0; 3 105 105 -200.0",
            "campaign=autumn&window=45m           | 1 103 Linus 6.0; 2 102 Grace 3.0",
            // A window longer than the campaign so far starts at the campaign's start.
            "campaign=autumn&window=24h           | 1 103 Linus 6.0; 2 101 Ada 3.0; 2 104 104 3.0; 2 102 Grace 3.0",
            // No campaign: all time, or the last window up to now.
            "metric=ratio                         | 1 103 Linus 6.0; 2 101 Ada 5.0; 3 104 104 3.0; 3 102 Grace 3.0",
            "window=2h&game=1                     | 1 101 Ada 5.0; 2 104 104 3.0; 3 103 Linus 1.0",
            "window=1h&metric=wins                | 1 103 Linus 700.0; 2 102 Grace 450.0; 3 101 Ada 300.0; 3 104 104 300.0",
            // Pages cut the ranked board; ranks stay those of the whole field.
            "campaign=autumn&limit=2&offset=1     | 2 101 Ada 3.0; 2 104 104 3.0",
            "campaign=autumn&offset=9999          | ''",
    })
    void ranksEachBoardAsComputedByHand(String query, String expected) throws Exception {
        JsonNode board = api.getJson("/api/leaderboard?" + query, 200);

        assertThat(rows(board.get("entries"))).isEqualTo(expected);
    }

    @Test
    void echoesTheBoardItAnswers() throws Exception {
        JsonNode board = api.getJson("/api/leaderboard?campaign=slots&window=45m&metric=net&game=2&limit=1", 200);

        assertThat(board.get("asOf").asText()).isEqualTo("2026-11-25T08:00:00Z");
        assertThat(board.get("campaign").asText()).isEqualTo("slots");
        assertThat(board.get("window").asText()).isEqualTo("45m");
        assertThat(board.get("metric").asText()).isEqualTo("net");
        assertThat(board.get("game").asInt()).isEqualTo(2);
        assertThat(board.get("entries").toString()).isEqualTo("[{\"rank\":1,\"playerId\":102,\"name\":\"Grace\",\"score\":250.0}]");
    }

    @Test
    void showsAPlayerWithItsNeighbours() throws Exception {
        JsonNode around = api.getJson("/api/players/104?campaign=autumn&metric=net&around=1", 200);

        assertThat(around.get("player").toString()).isEqualTo("{\"rank\":3,\"playerId\":104,\"name\":\"104\",\"score\":200.0}");
        assertThat(rows(around.get("entries"))).isEqualTo("2 102 Grace 250.0; 3 104 104 200.0; 4 101 Ada 100.0");
        assertThat(around.get("metric").asText()).isEqualTo("net");
    }

    @Test
    void cutsNeighboursAtTheTopOfTheBoard() throws Exception {
        JsonNode around = api.getJson("/api/players/103?campaign=autumn&metric=net&around=2", 200);

        assertThat(rows(around.get("entries"))).isEqualTo("1 103 Linus 500.0; 2 102 Grace 250.0; 3 104 104 200.0");
    }

    @Test
    void answersAPlayerNotOnTheBoardWithA404NamingTheId() throws Exception {
        JsonNode error = api.getJson("/api/players/105?campaign=autumn", 404);

        assertThat(error.get("parameter").asText()).isEqualTo("id");
        assertThat(error.get("error").asText()).isEqualTo("player 105 has no score on this board");
    }

    @Test
    void answersAnUnknownCampaignWithA404NamingTheCampaign() throws Exception {
        JsonNode error = api.getJson("/api/leaderboard?campaign=winter", 404);

        assertThat(error.toString()).isEqualTo("{\"error\":\"no such campaign: winter\",\"parameter\":\"campaign\"}");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "campaign | autumn' or 1=1 --          | campaign must be a campaign id (1 to 64 of A-Z a-z 0-9 . _ -)",
            "campaign | autumn\"); .drop table GamePlay | campaign must be a campaign id (1 to 64 of A-Z a-z 0-9 . _ -)",
            "campaign | ''                         | campaign must be a campaign id (1 to 64 of A-Z a-z 0-9 . _ -)",
            "window   | 0m                         | window must be a duration like 15m, 2h or 7d, from 1m to 30d",
            "window   | 31d                        | window must be a duration like 15m, 2h or 7d, from 1m to 30d",
            "window   | 1w                         | window must be a duration like 15m, 2h or 7d, from 1m to 30d",
            "window   | 1h); .drop table GamePlay              | window must be a duration like 15m, 2h or 7d, from 1m to 30d",
            "metric   | ratio;drop                 | metric must be one of ratio, wins, net",
            "metric   | RATIO                      | metric must be one of ratio, wins, net",
            "game     | -1                         | game must be an integer in 0..2147483647",
            "game     | 1 or 1=1                   | game must be an integer in 0..2147483647",
            "offset   | 10000                      | offset must be an integer in 0..9999",
            "limit    | 1001                       | limit must be an integer in 1..1000",
    })
    void rejectsABadParameterWithA400NamingIt(String parameter, String value, String message) throws Exception {
        String query = "campaign".equals(parameter) ? "" : "campaign=autumn&";
        JsonNode error = api.getJson("/api/leaderboard?" + query + parameter + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8), 400);

        assertThat(error.get("parameter").asText()).isEqualTo(parameter);
        assertThat(error.get("error").asText()).isEqualTo(message + ", was '" + value + "'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/api/players/abc             | id     | id must be an integer in 0..2147483647, was 'abc'",
            "/api/players/101?around=51   | around | around must be an integer in 0..50, was '51'",
            "/api/players/101?metric=best | metric | metric must be one of ratio, wins, net, was 'best'",
    })
    void rejectsBadAroundMeParameters(String path, String parameter, String message) throws Exception {
        JsonNode error = api.getJson(path, 400);

        assertThat(error.get("parameter").asText()).isEqualTo(parameter);
        assertThat(error.get("error").asText()).isEqualTo(message);
    }

    /** "rank id name score" per entry, "; " between entries. */
    static String rows(JsonNode entries) {
        List<String> rows = new ArrayList<>();
        for (JsonNode entry : entries) {
            rows.add(entry.get("rank").asLong() + " " + entry.get("playerId").asInt() + " " + entry.get("name").asText()
                    + " " + entry.get("score").asDouble());
        }
        return String.join("; ", rows);
    }
}
