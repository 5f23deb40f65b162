package dev.leaderboard.web.board.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.ingest.batch.Batch;
import dev.leaderboard.ingest.batch.OffsetRange;
import dev.leaderboard.ingest.batch.SourcedGamePlay;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.web.board.BoardQuery;
import dev.leaderboard.web.board.Metric;
import dev.leaderboard.web.board.Standings.Standing;
import org.apache.kafka.common.TopicPartition;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

/**
 * A whole-campaign board reads the ingestor's rollup of that campaign alone, once it was built for the
 * campaign as it is defined now; otherwise the time bins. (RollupBoardEqualsSpinsBoardTest proves both
 * give the raw-spin answer; this proves which one is read, by emptying the other.)
 */
class CampaignRollupTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("gameplay", 0);
    private static final BoardQuery SPRINT_WINS =
            new BoardQuery(Optional.of("sprint"), Optional.empty(), Metric.WINS, Optional.empty());

    @Test
    void wholeCampaignBoardReadsTheCampaignRollupWhileItMatchesTheCampaign() throws Exception {
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            DuckDbGamePlaySink.createSchema(db);
            execute(db, "INSERT INTO Campaigns VALUES ('sprint', 'Sprint', TIMESTAMP '2026-11-25 07:00:00', "
                    + "TIMESTAMP '2026-11-25 07:30:00', [10])");
            try (DuckDbGamePlaySink sink = new DuckDbGamePlaySink(db.duplicate())) {
                sink.write(batch(0, List.of(
                        new GamePlay(1, 10, 50, 100, Instant.parse("2026-11-25T07:10:00Z")),
                        new GamePlay(2, 10, 50, 300, Instant.parse("2026-11-25T07:20:00Z")),
                        new GamePlay(1, 11, 50, 900, Instant.parse("2026-11-25T07:20:00Z")),    // other game
                        new GamePlay(2, 10, 50, 900, Instant.parse("2026-11-25T07:40:00Z")))));  // after it
            }
            // Only RollupCampaign can answer now. (Each other rollup is a view over a base table and two tails.)
            execute(db, "DELETE FROM GamePlay");
            for (String table : List.of("RollupMinute", "RollupTenMinutes", "RollupHour", "RollupDay", "RollupCentury",
                    "RollupMinuteAllGames", "RollupTenMinutesAllGames", "RollupHourAllGames", "RollupDayAllGames",
                    "RollupCenturyAllGames")) {
                for (String part : List.of("Base", "Tail0", "Tail1")) {
                    execute(db, "DELETE FROM " + table + part);
                }
            }
            DuckDbBoard board = new DuckDbBoard(db, Clock.fixed(NOW, ZoneOffset.UTC));

            assertThat(board.standings(SPRINT_WINS, 10).entries())
                    .containsExactly(new Standing(1, 2, "2", 300.0), new Standing(2, 1, "1", 100.0));

            execute(db, "UPDATE Campaigns SET EndTime = TIMESTAMP '2026-11-25 07:31:00' WHERE CampaignId = 'sprint'");
            assertThat(board.standings(SPRINT_WINS, 10).entries()).as("built for another range: the bins, now empty")
                    .isEmpty();
        }
    }

    private static Batch batch(long first, List<GamePlay> plays) {
        List<SourcedGamePlay> rows = new ArrayList<>();
        for (int i = 0; i < plays.size(); i++) {
            rows.add(new SourcedGamePlay(plays.get(i), P0.topic(), P0.partition(), first + i));
        }
        return new Batch(rows, List.of(), Map.of(P0, new OffsetRange(first, first + plays.size() - 1)));
    }

    private static void execute(DuckDBConnection db, String sql) throws Exception {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }
}
