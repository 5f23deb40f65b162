package dev.leaderboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.web.board.Activity;
import dev.leaderboard.web.board.Board;
import dev.leaderboard.web.board.BoardQuery;
import dev.leaderboard.web.board.BoardUnavailableException;
import dev.leaderboard.web.board.Campaign;
import dev.leaderboard.web.board.Standings;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import dev.leaderboard.web.cache.CachedBoards;
import io.javalin.Javalin;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rank for every player, not only the best {@link CachedBoards#HEAD} that each load reads, and pages down to
 * {@link CachedBoards#DEPTH}: 12,500 players with one spin each, player 100 + i at ratio i + 1 (rank 12,500 - i),
 * except player 151, whose ratio 51 ties 150's.
 */
class DeepRankTest {

    private static final int PLAYERS = 12_500;
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");

    private DuckDBConnection db;
    /** The depth of each board the web loaded from the store, in order. */
    private final List<Integer> loadedDepths = new CopyOnWriteArrayList<>();
    private Javalin app;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        db = BoardFixture.emptyDatabase();
        BoardFixture.execute(db, "INSERT INTO GamePlay SELECT 100 + i, 1, CASE WHEN i = 51 THEN 510 ELSE (i + 1) * 10 END, "
                + "10, TIMESTAMP '2026-11-25 07:00:00', 'fixture', 0, i FROM range(" + PLAYERS + ") t(i)");
        DuckDbGamePlaySink.rebuildRollups(db);
        // A TTL longer than any test: every load below is one that a request asked for.
        app = LeaderboardApp.create(recordingDepths(new DuckDbBoard(db, Clock.fixed(NOW, ZoneOffset.UTC))),
                new ServingConfig(Duration.ofHours(1), Duration.ofHours(1))).start(0);
        api = new ApiClient(app.port());
    }

    @AfterEach
    void stop() throws Exception {
        app.stop();
        db.close();
    }

    @Test
    void answersTheExactRankAndNeighboursOfAPlayerBelowTheCachedDepth() throws Exception {
        // Player 1,100 (i = 1,000) has ratio 1,001: players 1,101..12,599 are ahead of it.
        JsonNode around = api.getJson("/api/players/1100?metric=ratio&around=2", 200);

        assertThat(around.get("player").get("rank").asLong()).isEqualTo(11_500);
        assertThat(rows(around.get("entries"))).containsExactly(
                "11498 1102 1003.0", "11499 1101 1002.0", "11500 1100 1001.0", "11501 1099 1000.0", "11502 1098 999.0");
    }

    @Test
    void ranksTiesTheSameBelowTheCachedDepth() throws Exception {
        // 150 and 151 share rank 12,449 (150 first, the lower id); 149 comes next at 12,451.
        JsonNode around = api.getJson("/api/players/151?metric=ratio&around=1", 200);

        assertThat(rows(around.get("entries"))).containsExactly("12449 150 51.0", "12449 151 51.0", "12451 149 50.0");
    }

    @Test
    void asksTheStoreOncePerTtlForAPlayerPolledBelowTheCachedDepth() throws Exception {
        for (int i = 0; i < 20; i++) {
            api.getJson("/api/players/99999?metric=ratio&around=1", 404);
        }

        assertThat(api.get("/metrics").body().lines()
                .filter(line -> line.startsWith("leaderboard_backend_queries_seconds_count{cache=\"around\"")))
                .singleElement().satisfies(line -> assertThat(line).endsWith("} 1"));
    }

    @Test
    void answersAPlayerInsideTheCachedDepthFromTheCache() throws Exception {
        JsonNode around = api.getJson("/api/players/12599?metric=ratio&around=1", 200);

        assertThat(rows(around.get("entries"))).containsExactly("1 12599 12500.0", "2 12598 12499.0");
    }

    @Test
    void loadsOnlyTheHeadOfABoardForPagesWithinIt() throws Exception {
        JsonNode page = api.getJson("/api/leaderboard?metric=ratio&offset=990&limit=10", 200);

        assertThat(rows(page.get("entries"))).hasSize(10).startsWith("991 11609 11510.0").endsWith("1000 11600 11501.0");
        assertThat(loadedDepths).containsExactly(1_000);
    }

    @Test
    void servesAPageBelowTheHeadFromACopyLoadedDeeper() throws Exception {
        JsonNode page = api.getJson("/api/leaderboard?metric=ratio&offset=5000&limit=3", 200);
        api.getJson("/api/leaderboard?metric=ratio&offset=9990&limit=20", 200);

        // Rank r is player 100 + (12,500 - r), at ratio 12,501 - r.
        assertThat(rows(page.get("entries"))).containsExactly("5001 7599 7500.0", "5002 7598 7499.0", "5003 7597 7498.0");
        assertThat(loadedDepths).as("both pages from one deep copy").containsExactly(1_000, 10_000);
    }

    @Test
    void endsTheDeepestPageAtTheDeepCopy() throws Exception {
        JsonNode page = api.getJson("/api/leaderboard?metric=ratio&offset=9998&limit=5", 200);

        assertThat(rows(page.get("entries"))).containsExactly("9999 2601 2502.0", "10000 2600 2501.0");
    }

    /** {@code board}, noting in {@link #loadedDepths} how deep each board was loaded. */
    private Board recordingDepths(Board board) {
        return new Board() {
            @Override
            public List<Campaign> campaigns() throws BoardUnavailableException {
                return board.campaigns();
            }

            @Override
            public Standings standings(BoardQuery query, int depth) throws BoardUnavailableException {
                loadedDepths.add(depth);
                return board.standings(query, depth);
            }

            @Override
            public Optional<Standings> around(BoardQuery query, int playerId, int neighbours) throws BoardUnavailableException {
                return board.around(query, playerId, neighbours);
            }

            @Override
            public Activity activity(Duration span) throws BoardUnavailableException {
                return board.activity(span);
            }

            @Override
            public boolean isReachable() {
                return board.isReachable();
            }
        };
    }

    private static List<String> rows(JsonNode entries) {
        List<String> rows = new ArrayList<>();
        entries.forEach(e -> rows.add(e.get("rank").asLong() + " " + e.get("playerId").asInt() + " " + e.get("score").asDouble()));
        return rows;
    }
}
