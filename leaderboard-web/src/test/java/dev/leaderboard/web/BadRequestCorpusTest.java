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
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import io.javalin.Javalin;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The short form of the HTTP chaos scenario (bench/chaos.sh http): every parameter of every route with a
 * corpus of bad values, repeated parameters, malformed and unknown targets, over real HTTP to the DuckDB
 * board. Never a 5xx; every error a JSON body with an "error"; the board answers exactly afterwards.
 */
class BadRequestCorpusTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> BOARD_PARAMETERS = List.of("campaign", "window", "metric", "game", "limit", "offset");

    /** Values no parameter accepts, or accepts only by its rule: each must give a 2xx or a JSON 4xx. */
    static final List<String> BAD_VALUES = List.of(
            "", " ", "-1", "0", "-0", "+1", "1.5", "1e3", "0x10", "NaN", "Infinity",
            "2147483647", "2147483648", "-2147483649", "99999999999999999999999999999999",
            "\u0663", "\uFF11", "\u00f1and\u00fa", "\uD83C\uDFB0", "\u202Eevil", "\u0000", "\r\nX-Injected: 1",
            "' OR '1'='1", "1; DROP TABLE GamePlay; --", "1 UNION SELECT * FROM Players",
            "x\" | take 100000000 //", "GamePlay | summarize count()", "'); .drop table GamePlay --",
            "autumn' or 1==1 //", "../../etc/passwd", "<script>alert(1)</script>", "%", "%%", "{}", "[]", "null",
            "0m", "31d", "999999d", "1y", "15M", "autumn", "nosuchcampaign",
            "9".repeat(2_000), "a".repeat(6_000));

    /** Targets that are not routes, or not valid targets at all. */
    static final List<String> ODD_TARGETS = List.of(
            "/api/nope", "/api/leaderboard/extra", "/api/players", "/api/players/", "/api/players/1/2",
            "/api/players/%ZZ", "/api/players/%00", "/api/players/..%2F..%2Fetc%2Fpasswd", "/api/../../etc/passwd",
            "/api/leaderboard?limit=%", "/api/leaderboard?limit=%G1", "/api/leaderboard?=&&&=", "/api/leaderboard?limit",
            "/api/%F0%9F%8E%B0", "/" + "x".repeat(10_000), "/api/leaderboard?limit=" + "1".repeat(20_000));

    private DuckDBConnection db;
    private Javalin app;

    @BeforeEach
    void start() throws Exception {
        db = BoardFixture.emptyDatabase();
        BoardFixture.insertFixture(db);
        app = LeaderboardApp.create(new DuckDbBoard(db, Clock.fixed(NOW, ZoneOffset.UTC))).start(0);
    }

    @AfterEach
    void stop() throws Exception {
        app.stop();
        db.close();
    }

    @Test
    void answersEveryBadParameterAndOddTargetWithoutA5xxAndWithAJsonError() throws Exception {
        List<String> violations = new ArrayList<>();
        int sent = 0;
        for (String[] request : corpus()) {
            RawHttp.Answer answer = RawHttp.send(app.port(), request[0], request[1]);
            sent++;
            String problem = problemWith(answer);
            if (problem != null) {
                violations.add(request[0] + " " + abbreviate(request[1]) + " -> " + answer.status() + " "
                        + answer.contentType() + ": " + problem + " " + abbreviate(answer.body()));
            }
        }

        assertThat(sent).isGreaterThan(1_000);
        assertThat(violations).isEmpty();
        JsonNode board = JSON.readTree(RawHttp.send(app.port(), "GET", "/api/leaderboard?campaign=slots&limit=3").body());
        assertThat(CampaignBoardsTest.rows(board.get("entries"))).isEqualTo("1 101 Ada 3.0; 1 104 104 3.0; 1 102 Grace 3.0");
    }

    /** Null when the answer keeps the promise: below 500, and a 4xx is JSON with an "error". */
    static String problemWith(RawHttp.Answer answer) {
        if (answer.status() >= 500) {
            return "a 5xx";
        }
        if (answer.status() < 400) {
            return null;
        }
        if (!answer.contentType().startsWith("application/json")) {
            return "an error that is not JSON";
        }
        try {
            JsonNode body = JSON.readTree(answer.body());
            return body != null && body.hasNonNull("error") ? null : "a JSON error without \"error\"";
        } catch (Exception e) {
            return "a body that does not parse as JSON";
        }
    }

    static List<String[]> corpus() {
        List<String> routes = List.of("/api/leaderboard", "/api/players/101", "/api/leaderboard/stream",
                "/api/campaigns", "/api/activity", "/health");
        List<String[]> requests = new ArrayList<>();
        for (String route : routes) {
            List<String> parameters = new ArrayList<>(BOARD_PARAMETERS);
            if (route.startsWith("/api/players")) {
                parameters.add("around");
            }
            for (String parameter : parameters) {
                for (String value : BAD_VALUES) {
                    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
                    requests.add(new String[] {"GET", route + "?" + parameter + "=" + encoded});
                    // Repeated: a good value first, then the bad one, and the other way round.
                    requests.add(new String[] {"GET", route + "?" + parameter + "=" + encoded + "&" + parameter + "=1"});
                }
            }
        }
        for (String value : BAD_VALUES) {
            requests.add(new String[] {"GET", "/api/players/" + URLEncoder.encode(value, StandardCharsets.UTF_8)
                    .replace("+", "%20")});
        }
        for (String target : ODD_TARGETS) {
            requests.add(new String[] {"GET", target});
        }
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO")) {
            requests.add(new String[] {method, "/api/leaderboard"});
            requests.add(new String[] {method, "/api/nope"});
        }
        return requests;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 160) + "...(" + oneLine.length() + " chars)";
    }
}
