package dev.leaderboard.web.board.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.ingest.SinkException;
import dev.leaderboard.ingest.batch.Batch;
import dev.leaderboard.ingest.batch.OffsetRange;
import dev.leaderboard.ingest.batch.SourcedGamePlay;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.web.board.Metric;
import dev.leaderboard.web.board.Standings.Standing;
import org.apache.kafka.common.TopicPartition;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rollup board (board.sql over the ingestor's rollups) answers exactly what the board read from every
 * raw spin answers (board-from-spins.sql, the definition): same players, ranks, scores, names and order,
 * for every metric, over ranges inside one minute, across hour, day and century edges, all time,
 * campaigns with and without games, and one game. The spins arrive through the ingestor's DuckDB sink in
 * batches out of event-time order, with late spins, replayed batches the sink refuses, and rollup merges
 * at random points.
 */
class RollupBoardEqualsSpinsBoardTest {

    private static final String SPINS_BOARD = resource("board-from-spins.sql");
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final int PLAYERS = 40;
    private static final int GAMES = 5;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void rollupBoardEqualsTheBoardReadFromEverySpin(long seed) throws Exception {
        Random random = new Random(seed);
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            DuckDbGamePlaySink.createSchema(db);
            List<GamePlay> spins = randomSpins(random, 1_500 + random.nextInt(1_500));
            ingest(db, spins, random);
            assertThat(DuckDbGamePlaySink.rollupMismatches(db).values()).as("rollups against the spins").containsOnly(0L);
            assertThat(watermark(db)).as("the coarse rollups stop inside the spins' days")
                    .isBetween(NOW.minus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(2)));
            insertPlayers(db);
            assertThat(compareBoards(db, spins, random)).as("entries compared").isGreaterThan(1_000);
        }
    }

    /**
     * The state a move of the coarse rollups' watermark leaves when every spin of the minutes it passed was stored
     * while it ran (the ingestor's Rollups.move): those minutes' rows in RollupLate, not in the coarse rollups, until
     * the ingestor hands them over. Boards count them once all the same.
     */
    @Test
    void rowsAWatermarkMoveLeftInRollupLateCountWithTheCoarseRollups() throws Exception {
        Random random = new Random(8);
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            DuckDbGamePlaySink.createSchema(db);
            List<GamePlay> spins = randomSpins(random, 2_000);
            ingest(db, spins, random);
            try (Statement statement = db.createStatement()) {
                statement.execute("CREATE TEMP TABLE Moved AS SELECT min(Bin) + INTERVAL 1 MINUTE AS Before FROM RollupMinute "
                        + "WHERE Bin >= (SELECT CoarseBefore FROM RollupWatermark) AND Bin < TIMESTAMP '2100-01-01'");
                statement.execute("INSERT INTO RollupLate SELECT * FROM RollupMinute "
                        + "WHERE Bin >= (SELECT CoarseBefore FROM RollupWatermark) AND Bin < (SELECT Before FROM Moved)");
                statement.execute("INSERT INTO RollupLateAllGames SELECT * FROM RollupMinuteAllGames "
                        + "WHERE Bin >= (SELECT CoarseBefore FROM RollupWatermark) AND Bin < (SELECT Before FROM Moved)");
                statement.execute("UPDATE RollupWatermark SET CoarseBefore = (SELECT Before FROM Moved)");
            }
            assertThat(count(db, "SELECT count(*) FROM RollupLate")).as("rows left in RollupLate").isPositive();
            assertThat(DuckDbGamePlaySink.rollupMismatches(db).values()).as("rollups against the spins").containsOnly(0L);
            insertPlayers(db);
            assertThat(compareBoards(db, spins, random)).as("entries compared").isGreaterThan(1_000);
        }
    }

    /** Every board of {@link #ranges}, metric, campaign and now and then one game: rollups against every spin. */
    private static int compareBoards(DuckDBConnection db, List<GamePlay> spins, Random random) throws Exception {
        DuckDbBoard board = new DuckDbBoard(db, Clock.fixed(NOW, ZoneOffset.UTC));

        int compared = 0;
        List<BoardRange> ranges = ranges(random, spins);
        ranges.add(campaignRange(db));  // read from RollupCampaign when its rollup was built for it
        for (BoardRange range : ranges) {
            for (Metric metric : Metric.values()) {
                for (Optional<String> campaign : List.of(Optional.<String>empty(), Optional.of("three-games"))) {
                    Optional<Integer> game = random.nextInt(4) == 0 ? Optional.of(1 + random.nextInt(GAMES))
                            : Optional.empty();
                    List<Standing> fromRollups = board.standings(range, campaign, game, metric, 10_000, Optional.empty());
                    List<Standing> fromSpins = spinsBoard(db, range, campaign, game, metric);
                    assertThat(fromRollups)
                            .as("%s %s campaign %s game %s", range, metric, campaign, game)
                            .containsExactlyElementsOf(fromSpins);
                    compared += fromSpins.size();
                    // A board loaded less deep than its field is the field's head: the best players, ties at its
                    // last score among them (board-scores.sql's ratio_cut leaves out every player below that score).
                    int depth = 1 + random.nextInt(PLAYERS);
                    assertThat(board.standings(range, campaign, game, metric, depth, Optional.empty()))
                            .as("%s %s campaign %s game %s, %d deep", range, metric, campaign, game, depth)
                            .containsExactlyElementsOf(fromSpins.subList(0, Math.min(depth, fromSpins.size())));
                    // Around-me (board-around.sql): a player on the board and up to 2 neighbours each side, 0 included.
                    if (!fromSpins.isEmpty()) {
                        int at = random.nextInt(fromSpins.size());
                        int neighbours = random.nextInt(3);
                        assertThat(board.standings(range, campaign, game, metric, neighbours,
                                Optional.of(fromSpins.get(at).playerId())))
                                .as("%s %s campaign %s game %s, around #%d with %d each side", range, metric, campaign, game,
                                        at, neighbours)
                                .containsExactlyElementsOf(fromSpins.subList(Math.max(0, at - neighbours),
                                        Math.min(fromSpins.size(), at + neighbours + 1)));
                    }
                }
            }
        }
        return compared;
    }

    private static long count(DuckDBConnection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** A file from an ingestor before the watermark (WebMain reads it read-only): its coarse rollups hold every spin. */
    @Test
    void aStoreWithoutTheWatermarkTableIsReadAsCoarseRollupsHoldingEverySpin() throws Exception {
        Random random = new Random(7);
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            DuckDbGamePlaySink.createSchema(db);
            List<GamePlay> spins = randomSpins(random, 500);
            try (Statement statement = db.createStatement()) {
                for (int i = 0; i < spins.size(); i++) {
                    GamePlay spin = spins.get(i);
                    statement.execute(String.format("INSERT INTO GamePlay VALUES (%d, %d, %d, %d, make_timestamp(%d), "
                            + "'gameplay', 0, %d)", spin.playerId(), spin.gameId(), spin.win(), spin.stake(),
                            spin.eventTime().getEpochSecond() * 1_000_000L + spin.eventTime().getNano() / 1_000, i));
                }
                DuckDbGamePlaySink.rebuildRollups(db);
                statement.execute("DROP TABLE RollupWatermark");
            }
            insertPlayers(db);
            DuckDbBoard board = new DuckDbBoard(db, Clock.fixed(NOW, ZoneOffset.UTC));
            for (BoardRange range : List.of(BoardRange.ALL_TIME, new BoardRange(NOW.minus(Duration.ofHours(5)), NOW))) {
                assertThat(board.standings(range, Optional.empty(), Optional.empty(), Metric.NET, 10_000, Optional.empty()))
                        .as("%s", range)
                        .containsExactlyElementsOf(spinsBoard(db, range, Optional.empty(), Optional.empty(), Metric.NET))
                        .isNotEmpty();
            }
        }
    }

    /**
     * Spins of a few players over three days around now, with ties (ratios, totals and times repeat),
     * times on bin edges, win = stake (net unchanged), no win, and a few far outside 2000-2100.
     */
    private static List<GamePlay> randomSpins(Random random, int count) {
        List<Instant> times = new ArrayList<>();
        Instant start = NOW.minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS);
        for (int i = 0; i < 40; i++) {
            times.add(start.plus(Duration.ofMinutes(random.nextInt(4 * 24 * 60))));  // whole minutes, hour and day edges
        }
        List<GamePlay> spins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant time = switch (random.nextInt(10)) {
                case 0, 1 -> times.get(random.nextInt(times.size()));
                case 2 -> NOW.minusMillis(random.nextInt(120_000));                       // the last two minutes
                case 3 -> random.nextBoolean() ? Instant.parse("1999-12-31T23:59:59.999999Z")
                        : Instant.parse("2100-01-01T00:00:00Z").plusSeconds(random.nextInt(90));
                default -> start.plus(Duration.ofNanos(1_000L * random.nextLong(4L * 24 * 3600 * 1_000_000)));
            };
            int stake = List.of(10, 20, 50).get(random.nextInt(3));
            long win = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> stake;
                default -> (long) stake * random.nextInt(6) + (random.nextInt(5) == 0 ? 7 : 0);
            };
            spins.add(new GamePlay(100 + random.nextInt(PLAYERS), 1 + random.nextInt(GAMES), stake, win, time));
        }
        return spins;
    }

    /**
     * Through the sink, in batches on two partitions; replays of stored batches are refused; merges at random.
     * The sink's clock starts on the first day of the spins and steps through them by up to four hours a batch,
     * often not at all: the coarse rollups' watermark moves through the spins' times, in jumps of a minute to
     * hours, across hour and day edges, so that each batch has spins before it (late) and after it.
     */
    private static void ingest(DuckDBConnection db, List<GamePlay> spins, Random random) throws Exception {
        long compactAfterRows = 1 + random.nextInt(400);
        AtomicReference<Instant> now = new AtomicReference<>(
                NOW.minus(Duration.ofDays(2)).plus(Duration.ofMinutes(random.nextInt(24 * 60))));
        try (DuckDbGamePlaySink sink = new DuckDbGamePlaySink(db.duplicate(), compactAfterRows, Duration.ZERO, now::get)) {
            long[] next = new long[2];
            List<Batch> written = new ArrayList<>();
            int i = 0;
            boolean campaign = false;
            boolean redefined = false;
            while (i < spins.size()) {
                // The campaign appears before a random batch (its rollup is built from the rollups stored so
                // far, then kept by each batch), sometimes before the first one, or after the last (never
                // built: boards read the bins); sometimes its range and games change later (built again).
                if (!campaign && random.nextInt(12) == 0) {
                    insertCampaign(db);
                    campaign = true;
                } else if (campaign && !redefined && random.nextInt(40) == 0) {
                    redefineCampaign(db);
                    redefined = true;
                }
                int size = Math.min(spins.size() - i, 1 + random.nextInt(120));
                int partition = random.nextInt(2);
                TopicPartition topicPartition = new TopicPartition("gameplay", partition);
                List<SourcedGamePlay> rows = new ArrayList<>();
                for (int k = 0; k < size; k++) {
                    rows.add(new SourcedGamePlay(spins.get(i + k), "gameplay", partition, next[partition] + k));
                }
                Batch batch = new Batch(rows, List.of(),
                        Map.of(topicPartition, new OffsetRange(next[partition], next[partition] + size - 1)));
                sink.write(batch);
                written.add(batch);
                if (random.nextBoolean()) {
                    now.set(now.get().plusSeconds(random.nextInt(4 * 3600)));
                }
                next[partition] += size;
                i += size;
                if (random.nextInt(8) == 0) {
                    Batch replay = written.get(random.nextInt(written.size()));
                    try {
                        sink.write(replay);
                        throw new AssertionError("a replayed batch was stored twice");
                    } catch (SinkException.OverlapsStoredOffsets expected) {
                        // refused, as it must be: its spins are in the rollups once
                    }
                }
            }
            if (!campaign) {
                insertCampaign(db);
            }
        }
    }

    private static void insertPlayers(DuckDBConnection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("INSERT INTO Players SELECT i, 'player ' || i, NULL, TIMESTAMP '2026-01-01' "
                    + "FROM range(100, 100 + " + PLAYERS + ", 2) t(i)");
        }
    }

    private static void insertCampaign(DuckDBConnection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("INSERT INTO Campaigns VALUES ('three-games', 'Three games', "
                    + "TIMESTAMP '2026-11-24 00:00:00', TIMESTAMP '2026-11-26 00:00:00', [1, 3, 5])");
        }
    }

    /** Edges off the minute, and other games. */
    private static void redefineCampaign(DuckDBConnection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("UPDATE Campaigns SET StartTime = TIMESTAMP '2026-11-24 07:13:20.123456', "
                    + "EndTime = TIMESTAMP '2026-11-25 07:59:10.5', Games = [1, 2, 5] WHERE CampaignId = 'three-games'");
        }
    }

    private static Instant watermark(DuckDBConnection db) throws SQLException {
        try (Statement statement = db.createStatement();
             ResultSet row = statement.executeQuery("SELECT CoarseBefore FROM RollupWatermark")) {
            row.next();
            return row.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        }
    }

    private static BoardRange campaignRange(DuckDBConnection db) throws SQLException {
        try (Statement statement = db.createStatement();
             ResultSet row = statement.executeQuery("SELECT StartTime, EndTime FROM Campaigns WHERE CampaignId = 'three-games'")) {
            row.next();
            return new BoardRange(row.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                    row.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC));
        }
    }

    /** All time, and ranges whose edges are random times, spin times, and bin edges. */
    private static List<BoardRange> ranges(Random random, List<GamePlay> spins) {
        List<BoardRange> ranges = new ArrayList<>(List.of(BoardRange.ALL_TIME,
                new BoardRange(Instant.parse("1999-12-31T23:59:00Z"), Instant.parse("2100-01-01T00:01:00Z")),
                new BoardRange(NOW.minus(Duration.ofHours(1)), NOW),
                new BoardRange(NOW.minus(Duration.ofDays(1)), NOW)));
        Instant start = NOW.minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS);
        for (int i = 0; i < 14; i++) {
            Instant a = edge(random, spins, start);
            Instant b = switch (random.nextInt(3)) {
                case 0 -> a.plusNanos(1_000L * random.nextInt(60_000_000));            // inside a minute or two
                case 1 -> a.plus(Duration.ofMinutes(random.nextInt(180)));            // across hours
                default -> edge(random, spins, start);
            };
            ranges.add(a.isBefore(b) ? new BoardRange(a, b) : new BoardRange(b, a));
        }
        Collections.shuffle(ranges, random);
        return ranges;
    }

    private static Instant edge(Random random, List<GamePlay> spins, Instant start) {
        return switch (random.nextInt(4)) {
            case 0 -> spins.get(random.nextInt(spins.size())).eventTime();
            case 1 -> start.plus(Duration.ofHours(random.nextInt(4 * 24)));
            case 2 -> start.plus(Duration.ofMinutes(random.nextInt(4 * 24 * 60)));
            default -> start.plus(Duration.ofNanos(1_000L * random.nextLong(4L * 24 * 3600 * 1_000_000)));
        };
    }

    private static List<Standing> spinsBoard(DuckDBConnection db, BoardRange range, Optional<String> campaign,
                                             Optional<Integer> game, Metric metric) throws SQLException {
        try (PreparedStatement statement = db.duplicate().prepareStatement(SPINS_BOARD)) {
            statement.setObject(1, LocalDateTime.ofInstant(range.from(), ZoneOffset.UTC));
            statement.setObject(2, LocalDateTime.ofInstant(range.to(), ZoneOffset.UTC));
            statement.setString(3, campaign.orElse(null));
            if (game.isPresent()) {
                statement.setInt(4, game.get());
            } else {
                statement.setNull(4, Types.INTEGER);
            }
            statement.setString(5, metric.id());
            statement.setInt(6, 10_000);
            List<Standing> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Standing(rows.getLong("Rank"), rows.getInt("PlayerID"), rows.getString("Name"),
                            rows.getDouble("Score")));
                }
            }
            return entries;
        }
    }

    private static String resource(String name) {
        try (InputStream in = RollupBoardEqualsSpinsBoardTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
