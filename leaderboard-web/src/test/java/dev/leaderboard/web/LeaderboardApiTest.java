package dev.leaderboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import io.javalin.Javalin;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeaderboardApiTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private DuckDBConnection db;
    private Javalin app;

    @BeforeEach
    void start() throws Exception {
        db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        DuckDbGamePlaySink.createSchema(db);
        app = LeaderboardApp.create(new DuckDbBoard(db, Clock.fixed(NOW, ZoneOffset.UTC))).start(0);
    }

    @AfterEach
    void stop() throws Exception {
        app.stop();
        db.close();
    }

    /**
     * Hand-computed: 101's best is 495/10 = 49.5 (integer division would say 49); 102, 103 and 106 all
     * reach 2.0, 103 first (07:00), then 102 and 106 at 07:01 in id order; 104 has 100/300; 105 never won.
     */
    @Test
    void ranksByBestRatioWithSharedRanksForTiesInADeterministicOrder() throws Exception {
        insert("(101, 1, 495, 10, '2026-11-25 07:02:00'), (101, 1, 0, 50, '2026-11-25 07:00:00'),"
                + "(102, 1, 200, 100, '2026-11-25 07:01:00'), (102, 2, 100, 50, '2026-11-25 07:03:00'),"
                + "(103, 2, 300, 150, '2026-11-25 07:00:00'), (103, 2, 100, 100, '2026-11-25 07:04:00'),"
                + "(104, 3, 100, 300, '2026-11-25 07:00:00'),"
                + "(105, 3, 0, 10, '2026-11-25 07:00:00'),"
                + "(106, 4, 150, 75, '2026-11-25 07:01:00')");

        JsonNode board = getJson("/api/leaderboard", 200);

        assertThat(board.get("asOf").asText()).isEqualTo("2026-11-25T08:00:00Z");
        assertThat(board.get("entries").toString()).isEqualTo("["
                + "{\"rank\":1,\"playerId\":101,\"name\":\"101\",\"score\":49.5},"
                + "{\"rank\":2,\"playerId\":103,\"name\":\"103\",\"score\":2.0},"
                + "{\"rank\":2,\"playerId\":102,\"name\":\"102\",\"score\":2.0},"
                + "{\"rank\":2,\"playerId\":106,\"name\":\"106\",\"score\":2.0},"
                + "{\"rank\":5,\"playerId\":104,\"name\":\"104\",\"score\":" + (100.0 / 300) + "}]");
    }

    @Test
    void answersTheSkeletonsRequestWithTheAllTimeRatioBoard() throws Exception {
        insert("(101, 1, 300, 100, '2026-11-25 07:00:00')");

        JsonNode board = getJson("/api/leaderboard?limit=1", 200);

        assertThat(board.get("campaign").isNull()).isTrue();
        assertThat(board.get("window").isNull()).isTrue();
        assertThat(board.get("game").isNull()).isTrue();
        assertThat(board.get("metric").asText()).isEqualTo("ratio");
        assertThat(board.get("offset").asInt()).isZero();
    }

    @Test
    void limitCutsTheBoardButKeepsRanksOfTheWholeField() throws Exception {
        insert("(101, 1, 300, 100, '2026-11-25 07:00:00'), (102, 1, 300, 100, '2026-11-25 07:01:00'),"
                + "(103, 1, 100, 100, '2026-11-25 07:00:00')");

        JsonNode board = getJson("/api/leaderboard?limit=2", 200);

        assertThat(board.get("entries").toString()).isEqualTo(
                "[{\"rank\":1,\"playerId\":101,\"name\":\"101\",\"score\":3.0},{\"rank\":1,\"playerId\":102,\"name\":\"102\",\"score\":3.0}]");
    }

    @Test
    void defaultsToTenEntries() throws Exception {
        StringBuilder values = new StringBuilder();
        for (int player = 1; player <= 12; player++) {
            values.append(player == 1 ? "" : ",").append("(").append(player).append(", 1, ").append(player * 10)
                    .append(", 10, '2026-11-25 07:00:00')");
        }
        insert(values.toString());

        JsonNode board = getJson("/api/leaderboard", 200);

        assertThat(board.get("entries")).hasSize(10);
        assertThat(board.get("entries").get(0).get("playerId").asInt()).isEqualTo(12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-1", "abc", "2.5", "99999999999", "", "1;DROP TABLE GamePlay"})
    void rejectsABadLimitWithAJsonError(String limit) throws Exception {
        JsonNode error = getJson("/api/leaderboard?limit=" + URLEncoder.encode(limit, StandardCharsets.UTF_8), 400);

        assertThat(error.get("parameter").asText()).isEqualTo("limit");
        assertThat(error.get("error").asText()).startsWith("limit must be an integer in 1..1000");
    }

    @Test
    void answersUnknownPathsWithAJson404() throws Exception {
        JsonNode error = getJson("/api/nope", 404);

        assertThat(error.get("error").asText()).isEqualTo("no such resource: /api/nope");
    }

    @Test
    void reportsHealthAndServesThePage() throws Exception {
        assertThat(getJson("/health", 200).get("status").asText()).isEqualTo("UP");

        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<table id=\"board\"").contains("/app.js");
        assertThat(get("/app.js").body()).contains("/api/leaderboard");
    }

    private void insert(String values) throws Exception {
        try (Statement statement = db.createStatement()) {
            statement.execute("INSERT INTO GamePlay "
                    + "SELECT p, g, w, s, t::TIMESTAMP, 'fixture', 0, row_number() OVER () "
                    + "FROM (VALUES " + values + ") v(p, g, w, s, t)");
        }
        DuckDbGamePlaySink.rebuildRollups(db);
    }

    private JsonNode getJson(String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("status of %s: %s", path, response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
