package dev.leaderboard.web.board.adx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.leaderboard.adx.AdxConnection;
import dev.leaderboard.adxdouble.AdxDouble;
import dev.leaderboard.adxdouble.AdxDouble.Endpoint;
import dev.leaderboard.adxdouble.AdxDouble.Request;
import dev.leaderboard.adxdouble.KustoTable;
import dev.leaderboard.settings.Settings;
import dev.leaderboard.web.LeaderboardApp;
import dev.leaderboard.web.board.BoardQuery;
import dev.leaderboard.web.board.BoardUnavailableException;
import dev.leaderboard.web.board.Campaign;
import dev.leaderboard.web.board.Metric;
import dev.leaderboard.web.board.Standings;
import dev.leaderboard.web.board.Standings.Standing;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the ADX board sends (fixed texts from the .kql resources, values as query parameters) and how it reads the answers. */
class AdxBoardTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final List<String> BOARD_COLUMNS =
            List.of("Rank:long", "PlayerID:int", "Name:string", "Score:real", "ReachedAt:datetime");
    private static final KustoTable TWO_PLAYERS = table(BOARD_COLUMNS, List.of(
            List.of(1, 103, "Linus", 500.0, "2026-11-25T07:40:00Z"),
            List.of(2, 102, "Grace", 250, "2026-11-25T07:55:00Z")));
    private static final List<String> CAMPAIGN_COLUMNS =
            List.of("CampaignId:string", "Name:string", "StartTime:datetime", "EndTime:datetime", "Games:dynamic");

    private AdxDouble adx;

    @BeforeEach
    void start() {
        adx = AdxDouble.start(Path.of("..", "kql", "schema"));
    }

    @AfterEach
    void stop() {
        adx.close();
    }

    @Test
    void asksCampaignWindowBoardWithEveryValueAsAQueryParameter() throws Exception {
        adx.answerQueries(query -> TWO_PLAYERS);
        String hostile = "autumn\" | take 1; .drop table GamePlay //";

        Standings standings = board().standings(new BoardQuery(Optional.of(hostile), Optional.of(Duration.ofMinutes(15)),
                Metric.NET, Optional.of(3)), 10_000);

        Request sent = queries().get(0);
        assertThat(sent.database()).isEqualTo("leaderboard");
        assertThat(sent.text()).isEqualTo(resource("campaign-window-board.kql").trim());
        assertThat(sent.parameters()).isEqualTo(Map.of("campaignId", hostile, "window", "time(00:15:00.0000000)",
                "metric", "net", "depth", "long(10000)", "gameId", "int(3)"));
        assertThat(standings).isEqualTo(new Standings(NOW, List.of(
                new Standing(1, 103, "Linus", 500.0), new Standing(2, 102, "Grace", 250.0))));
    }

    @Test
    void picksTheStoredFunctionCallForEachKindOfBoardAndLeavesAnAbsentGameToItsDefault() throws Exception {
        adx.answerQueries(query -> TWO_PLAYERS);
        AdxBoard board = board();

        board.standings(BoardQuery.ALL_TIME, 10);
        board.standings(new BoardQuery(Optional.empty(), Optional.of(Duration.ofHours(2)), Metric.WINS, Optional.empty()), 10);
        board.standings(new BoardQuery(Optional.of("slots"), Optional.empty(), Metric.RATIO, Optional.empty()), 10);

        List<Request> sent = queries();
        assertThat(sent.get(0).text()).isEqualTo(resource("all-time-board.kql").trim());
        assertThat(sent.get(0).parameters()).isEqualTo(Map.of("metric", "ratio", "depth", "long(10)"));
        assertThat(sent.get(1).text()).isEqualTo(resource("window-board.kql").trim());
        assertThat(sent.get(1).parameters()).isEqualTo(Map.of("metric", "wins", "depth", "long(10)",
                "window", "time(02:00:00.0000000)"));
        assertThat(sent.get(2).text()).isEqualTo(resource("campaign-board.kql").trim());
        assertThat(sent.get(2).parameters()).isEqualTo(Map.of("metric", "ratio", "depth", "long(10)", "campaignId", "slots"));
    }

    @Test
    void asksAroundMeOnACampaignWindowWithEveryValueAsAQueryParameter() throws Exception {
        adx.answerQueries(query -> table(BOARD_COLUMNS, List.of(
                List.of(4, 105, "Ada", 300.0, "2026-11-25T07:30:00Z"),
                List.of(4, 102, "Grace", 300, "2026-11-25T07:55:00Z"),
                List.of(6, 104, "104", 120.5, "2026-11-25T07:58:00Z"))));
        String hostile = "autumn\" | take 1; .drop table GamePlay //";

        Optional<Standings> around = board().around(new BoardQuery(Optional.of(hostile),
                Optional.of(Duration.ofMinutes(15)), Metric.NET, Optional.of(3)), 102, 1);

        assertThat(queries()).hasSize(1);
        Request sent = queries().get(0);
        assertThat(sent.database()).isEqualTo("leaderboard");
        assertThat(sent.text()).isEqualTo(resource("campaign-window-board-around.kql").trim());
        assertThat(sent.parameters()).isEqualTo(Map.of("campaignId", hostile, "window", "time(00:15:00.0000000)",
                "metric", "net", "playerId", "int(102)", "neighbours", "long(1)", "gameId", "int(3)"));
        assertThat(around).contains(new Standings(NOW, List.of(new Standing(4, 105, "Ada", 300.0),
                new Standing(4, 102, "Grace", 300.0), new Standing(6, 104, "104", 120.5))));
    }

    @Test
    void picksTheAroundFunctionCallForEachKindOfBoardAndLeavesAnAbsentGameToItsDefault() throws Exception {
        adx.answerQueries(query -> TWO_PLAYERS);
        AdxBoard board = board();

        board.around(BoardQuery.ALL_TIME, 103, 5);
        board.around(new BoardQuery(Optional.empty(), Optional.of(Duration.ofHours(2)), Metric.WINS, Optional.empty()), 103, 5);
        board.around(new BoardQuery(Optional.of("slots"), Optional.empty(), Metric.RATIO, Optional.of(11)), 103, 0);

        List<Request> sent = queries();
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0).text()).isEqualTo(resource("all-time-board-around.kql").trim());
        assertThat(sent.get(0).parameters()).isEqualTo(Map.of("metric", "ratio", "playerId", "int(103)",
                "neighbours", "long(5)"));
        assertThat(sent.get(1).text()).isEqualTo(resource("window-board-around.kql").trim());
        assertThat(sent.get(1).parameters()).isEqualTo(Map.of("metric", "wins", "playerId", "int(103)",
                "neighbours", "long(5)", "window", "time(02:00:00.0000000)"));
        assertThat(sent.get(2).text()).isEqualTo(resource("campaign-board-around.kql").trim());
        assertThat(sent.get(2).parameters()).isEqualTo(Map.of("metric", "ratio", "playerId", "int(103)",
                "neighbours", "long(0)", "campaignId", "slots", "gameId", "int(11)"));
    }

    @Test
    void aroundAPlayerWithoutAScoreIsEmpty() throws Exception {
        adx.answerQueries(query -> table(BOARD_COLUMNS, List.of()));

        Optional<Standings> around = board().around(BoardQuery.ALL_TIME, 999, 5);

        assertThat(around).isEmpty();
        assertThat(queries()).extracting(Request::text).containsExactly(resource("all-time-board-around.kql").trim());
    }

    @Test
    void readsCampaignsWithTheirGames() throws Exception {
        adx.answerQueries(query -> table(CAMPAIGN_COLUMNS,
                List.of(List.of("autumn", "Autumn Cup", "2026-11-25T07:00:00Z", "2026-11-25T09:00:00.0000000Z", List.of()),
                        List.of("slots", "Slots Week", "2026-11-25T07:00:00Z", "2026-11-25T09:00:00Z", List.of(10, 11)))));

        List<Campaign> campaigns = board().campaigns();

        assertThat(queries().get(0).text()).isEqualTo(resource("campaigns.kql").trim());
        assertThat(campaigns).containsExactly(
                new Campaign("autumn", "Autumn Cup", NOW.minusSeconds(3600), NOW.plusSeconds(3600), List.of()),
                new Campaign("slots", "Slots Week", NOW.minusSeconds(3600), NOW.plusSeconds(3600), List.of(10, 11)));
    }

    @Test
    void reportsAnErrorAnswerAsBoardUnavailable() throws Exception {
        // No answer registered: the double refuses every query with a permanent 400, as ADX refuses a
        // query naming a function the database does not have.
        assertThatThrownBy(() -> board().standings(BoardQuery.ALL_TIME, 10))
                .isInstanceOf(BoardUnavailableException.class)
                .hasMessageStartingWith("ADX did not answer the leaderboard query");
        assertThat(board().isReachable()).isFalse();
        assertThat(queries()).extracting(Request::text)
                .containsExactly(resource("all-time-board.kql").trim(), "print Up = 1");
    }

    @Test
    void servesTheApiFromAdxCheckingTheCampaignFirst() throws Exception {
        KustoTable campaigns = table(CAMPAIGN_COLUMNS,
                List.<List<Object>>of(List.of("autumn", "Autumn Cup", "2026-11-25T07:00:00Z", "2026-11-25T09:00:00Z", List.of())));
        adx.answerQueries(query -> query.text().contains("LatestCampaigns") ? campaigns : TWO_PLAYERS);
        Javalin app = LeaderboardApp.create(board()).start(0);
        try {
            HttpResponse<String> board = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + app.port() + "/api/leaderboard?campaign=autumn&metric=net&limit=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + app.port() + "/api/leaderboard?campaign=winter")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(board.body()).isEqualTo("{\"asOf\":\"2026-11-25T08:00:00Z\",\"campaign\":\"autumn\",\"window\":null,"
                    + "\"metric\":\"net\",\"game\":null,\"offset\":0,"
                    + "\"entries\":[{\"rank\":1,\"playerId\":103,\"name\":\"Linus\",\"score\":500.0}]}");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(queries()).extracting(Request::text)
                    .containsExactly(resource("campaigns.kql").trim(), resource("campaign-board.kql").trim());
        } finally {
            app.stop();
        }
    }

    private AdxBoard board() {
        AdxConnection connection = AdxConnection.from(new Settings(Map.of("ADX_CLUSTER_URL", adx.clusterUrl(), "ADX_AUTH", "none")));
        return AdxBoard.connect(connection, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private List<Request> queries() {
        return adx.requestsTo(Endpoint.QUERY);
    }

    /** A primary result from columns written as name:type. */
    private static KustoTable table(List<String> columns, List<List<Object>> rows) {
        return KustoTable.of("PrimaryResult", columns.stream()
                .map(column -> new KustoTable.Column(column.split(":")[0], column.split(":")[1])).toList(), rows);
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = AdxBoard.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
