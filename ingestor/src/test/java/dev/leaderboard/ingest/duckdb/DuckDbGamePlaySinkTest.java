package dev.leaderboard.ingest.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.ingest.SinkException;
import dev.leaderboard.ingest.batch.Batch;
import dev.leaderboard.ingest.batch.OffsetRange;
import dev.leaderboard.ingest.batch.SourcedGamePlay;
import org.apache.kafka.common.TopicPartition;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbGamePlaySinkTest {

    private static final TopicPartition P0 = new TopicPartition("gameplay", 0);
    private static final TopicPartition P1 = new TopicPartition("gameplay", 1);
    @SuppressWarnings("unchecked")
    private static final Map.Entry<String, Long>[] NO_MISMATCHES = new Map.Entry[] {Map.entry("RollupMinute", 0L),
            Map.entry("RollupTenMinutes", 0L), Map.entry("RollupHour", 0L), Map.entry("RollupDay", 0L),
            Map.entry("RollupCentury", 0L), Map.entry("RollupMinuteAllGames", 0L),
            Map.entry("RollupTenMinutesAllGames", 0L), Map.entry("RollupHourAllGames", 0L),
            Map.entry("RollupDayAllGames", 0L), Map.entry("RollupCenturyAllGames", 0L), Map.entry("RollupCampaign", 0L)};

    private DuckDBConnection db;
    private DuckDbGamePlaySink sink;

    @BeforeEach
    void open() throws Exception {
        db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        sink = new DuckDbGamePlaySink(db.duplicate());
    }

    @AfterEach
    void close() throws Exception {
        sink.close();
        db.close();
    }

    @Test
    void storesRowsWithTheNextOffsetOfEachPartition() throws Exception {
        sink.write(batch(P0, 0, 9));
        sink.write(batch(P1, 0, 4));

        assertThat(count("SELECT count(*) FROM GamePlay")).isEqualTo(15);
        assertThat(sink.storedNextOffsets(List.of(P0, P1, new TopicPartition("gameplay", 2))))
                .isEqualTo(Map.of(P0, 10L, P1, 5L));
    }

    @Test
    void storesOffsetsByInsertsOnlyAndRewritingTheLogKeepsEachPartitionsHighestInATableOfItsOwn() throws Exception {
        String columns = "SELECT sql FROM duckdb_tables() WHERE table_name = 'IngestOffsetLog'";
        String asCreated = string(columns);
        sink.write(batch(P0, 0, 9));
        sink.write(batch(P0, 10, 19));
        sink.write(batch(P1, 0, 4));
        sink.write(batch(P0, 20, 24));

        assertThat(count("SELECT count(*) FROM IngestOffsetLog")).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM IngestOffsets")).isZero();
        assertThat(sink.rewriteOffsetLog()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM IngestOffsetLog")).isEqualTo(2);
        assertThat(count("SELECT sum(count) FROM pragma_storage_info('IngestOffsetLog') WHERE column_name = 'NextOffset' "
                + "AND segment_type <> 'VALIDITY'"))
                .as("rows stored, deleted or not").isEqualTo(2);
        assertThat(string(columns)).isEqualTo(asCreated);
        assertThat(sink.storedNextOffsets(List.of(P0, P1))).isEqualTo(Map.of(P0, 25L, P1, 5L));
        assertThatThrownBy(() -> sink.write(batch(P0, 24, 30))).isInstanceOf(SinkException.OverlapsStoredOffsets.class);
        sink.write(batch(P0, 25, 30));
        assertThat(sink.storedNextOffsets(List.of(P0, P1))).isEqualTo(Map.of(P0, 31L, P1, 5L));
    }

    @Test
    void readsTheOffsetsThatAnIngestorBeforeTheLogKeptInIngestOffsets() throws Exception {
        try (Statement statement = db.createStatement()) {
            statement.execute("INSERT INTO IngestOffsets VALUES ('gameplay', 0, 40, TIMESTAMP '2026-12-01 00:00:00')");
        }

        assertThat(sink.storedNextOffsets(List.of(P0, P1))).isEqualTo(Map.of(P0, 40L));
        assertThatThrownBy(() -> sink.write(batch(P0, 39, 45))).isInstanceOf(SinkException.OverlapsStoredOffsets.class);
        sink.write(batch(P0, 40, 45));
        assertThat(sink.storedNextOffsets(List.of(P0))).isEqualTo(Map.of(P0, 46L));
    }

    @Test
    void knowsTheOffsetsItCommittedAndReadsThemFromTheStoreOnAssignmentAndAfterAFailedBatch() throws Exception {
        sink.write(batch(P0, 0, 9));
        // Not what an ingestor does (only the sink writes offsets): it shows where the sink reads the store.
        try (Statement statement = db.createStatement()) {
            statement.execute("INSERT INTO IngestOffsetLog VALUES ('gameplay', 0, 30, TIMESTAMP '2026-12-01 00:00:00')");
        }
        sink.write(batch(P0, 10, 14));
        assertThat(count("SELECT count(*) FROM GamePlay")).as("checked against the offset it committed").isEqualTo(15);

        assertThatThrownBy(() -> sink.write(batch(P0, 14, 20))).isInstanceOf(SinkException.OverlapsStoredOffsets.class);
        assertThatThrownBy(() -> sink.write(batch(P0, 15, 20)))
                .as("after a failed batch, read from the store again").isInstanceOf(SinkException.OverlapsStoredOffsets.class);
        sink.write(batch(P0, 30, 31));

        try (Statement statement = db.createStatement()) {
            statement.execute("INSERT INTO IngestOffsetLog VALUES ('gameplay', 0, 50, TIMESTAMP '2026-12-01 00:00:00')");
        }
        assertThat(sink.storedNextOffsets(List.of(P0))).isEqualTo(Map.of(P0, 50L));
        assertThatThrownBy(() -> sink.write(batch(P0, 32, 40)))
                .as("on assignment, read from the store").isInstanceOf(SinkException.OverlapsStoredOffsets.class);
        assertThat(count("SELECT count(*) FROM GamePlay")).isEqualTo(17);
    }

    @Test
    void aFailedReadOfTheStoredOffsetsDoesNotKeepTheNextReadsAndBatchesFromSucceeding() throws Exception {
        sink.write(batch(P0, 0, 9));
        // DuckDB's driver closes a prepared statement whose execution failed: the offsets' read must not reuse one.
        try (Statement statement = db.createStatement()) {
            statement.execute("ALTER TABLE IngestOffsetLog RENAME TO IngestOffsetLogAway");
        }
        assertThatThrownBy(() -> sink.storedNextOffsets(List.of(P0))).isInstanceOf(SinkException.class);
        try (Statement statement = db.createStatement()) {
            statement.execute("ALTER TABLE IngestOffsetLogAway RENAME TO IngestOffsetLog");
        }

        assertThat(sink.storedNextOffsets(List.of(P0))).isEqualTo(Map.of(P0, 10L));
        sink.write(batch(P0, 10, 14));
        assertThatThrownBy(() -> sink.write(batch(P0, 12, 20))).isInstanceOf(SinkException.OverlapsStoredOffsets.class);
        sink.write(batch(P0, 15, 19));

        assertThat(count("SELECT count(*) FROM GamePlay")).isEqualTo(20);
        assertThat(count("SELECT count(DISTINCT SourceOffset) FROM GamePlay")).isEqualTo(20);
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
    }

    @Test
    void tellsADatabaseThatDuckDbInvalidatedFromAnyOtherFailure() {
        // DuckDB's words for every statement after a fatal error (bench/results/board-scale-session15/), under the driver's.
        SQLException invalidated = new SQLException("Invalid Input Error: Attempting to execute an unsuccessful or closed "
                + "pending query result", new SQLException("FATAL Error: Failed: database has been invalidated because of a "
                + "previous fatal error. The database must be restarted prior to being used again."));
        SQLException outOfMemory = new SQLException("Out of Memory Error: failed to pin block of size 256.0 KiB "
                + "(127.8 MiB/128.0 MiB used)");

        assertThat(DuckDbGamePlaySink.invalidated(invalidated)).isTrue();
        assertThat(DuckDbGamePlaySink.invalidated(outOfMemory)).isFalse();
    }

    @Test
    void refusesABatchThatOverlapsStoredOffsetsAndStoresNoneOfItsRows() throws Exception {
        sink.write(batch(P0, 0, 9));

        Batch overlapping = new Batch(rows(P1, 0, 4, rows(P0, 5, 14, new ArrayList<>())), List.of(),
                Map.of(P0, new OffsetRange(5, 14), P1, new OffsetRange(0, 4)));
        assertThatThrownBy(() -> sink.write(overlapping)).isInstanceOf(SinkException.OverlapsStoredOffsets.class);

        assertThat(count("SELECT count(*) FROM GamePlay")).isEqualTo(10);
        assertThat(sink.storedNextOffsets(List.of(P0, P1))).isEqualTo(Map.of(P0, 10L));
        assertThat(count("SELECT sum(Spins) FROM RollupMinute")).isEqualTo(10);
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
    }

    @Test
    void mergesRollupRowsIntoOneRowPerPlayerGameAndBin() throws Exception {
        sink.close();
        sink = new DuckDbGamePlaySink(db.duplicate(), 2, Duration.ZERO);
        sink.write(batch(P0, 0, 4));
        assertThat(count("SELECT count(*) FROM RollupHour")).as("one batch, not yet merged").isEqualTo(1);
        sink.write(batch(P0, 5, 9));
        sink.awaitMerges();

        assertThat(count("SELECT count(*) FROM RollupHour WHERE Compacted AND Spins = 10")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM RollupHour")).isEqualTo(1);
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
    }

    @Test
    void aMergeRewritesTheRowsOfThePlayersThatPlayedSinceTheLastOneAndLeavesTheOthersInTheBinAsTheyAre() throws Exception {
        sink.write(spins(0, 100, 101));
        sink.mergeRollupsNow();
        long other = minuteRowId(101);

        sink.write(spins(2, 100));
        sink.mergeRollupsNow();

        assertThat(count("SELECT count(*) FROM RollupMinute WHERE Compacted")).as("one row per player").isEqualTo(2);
        assertThat(count("SELECT count(*) FROM RollupMinute")).isEqualTo(2);
        assertThat(count("SELECT Spins FROM RollupMinute WHERE PlayerID = 100")).isEqualTo(2);
        assertThat(minuteRowId(101)).as("the row of the player who did not play, not rewritten").isEqualTo(other);
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
    }

    /** One spin for each player given, of game 10 at 07:00, from offset {@code first} of P0 on. */
    private static Batch spins(long first, int... players) {
        List<SourcedGamePlay> rows = new ArrayList<>();
        for (int i = 0; i < players.length; i++) {
            GamePlay play = new GamePlay(players[i], 10, 50, 20, Instant.parse("2025-11-25T07:00:00Z"));
            rows.add(new SourcedGamePlay(play, P0.topic(), P0.partition(), first + i));
        }
        return new Batch(rows, List.of(), Map.of(P0, new OffsetRange(first, first + players.length - 1)));
    }

    /** The rowid of the player's row in the minute's tails (07:00's bin): a merge that rewrites the row gives it another. */
    private long minuteRowId(int player) throws Exception {
        return count("SELECT rowid FROM RollupMinuteTail0 WHERE PlayerID = " + player
                + " UNION ALL SELECT rowid FROM RollupMinuteTail1 WHERE PlayerID = " + player);
    }

    @Test
    void mergesOnItsOwnThreadWhileBatchesKeepComingAndCountsEverySpinOnce() throws Exception {
        sink.close();
        sink = new DuckDbGamePlaySink(db.duplicate(), 50, Duration.ZERO);
        int spins = 0;
        for (int b = 0; b < 200; b++) {
            List<SourcedGamePlay> rows = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                GamePlay play = new GamePlay(100 + (b * 7 + i) % 60, 10 + i % 3, 50, (b + i) % 4 == 0 ? 0 : 10L * i,
                        Instant.parse("2025-11-25T07:00:00Z").plusSeconds(37L * b + i));
                rows.add(new SourcedGamePlay(play, P0.topic(), P0.partition(), spins + i));
            }
            sink.write(new Batch(rows, List.of(), Map.of(P0, new OffsetRange(spins, spins + 19))));
            spins += 20;
        }
        sink.awaitMerges();

        assertThat(count("SELECT count(*) FROM RollupCentury WHERE Compacted")).as("merged at least once").isPositive();
        for (String table : List.of("RollupMinute", "RollupTenMinutes", "RollupHour", "RollupDay", "RollupCentury")) {
            assertThat(count("SELECT sum(Spins) FROM " + table)).as(table).isEqualTo(spins);
        }
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
    }

    @Test
    void buildsTheAllGamesTablesThatADatabaseFromBeforeThemLacksFromItsPerGameTables() throws Exception {
        sink.close();
        sink = new DuckDbGamePlaySink(db.duplicate(), 30, Duration.ZERO);
        for (int b = 0; b < 40; b++) {
            List<SourcedGamePlay> rows = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                // Three games a player; equal ratios on several games, so the earliest time among them must win.
                long win = (b + i) % 3 == 0 ? 0 : 20L * (i % 2 + 1);
                GamePlay play = new GamePlay(100 + (b + i) % 7, 10 + (b * 3 + i) % 3, 10, win,
                        Instant.parse("2026-11-25T07:58:00Z").plusSeconds(11L * b + i));
                rows.add(new SourcedGamePlay(play, P0.topic(), P0.partition(), b * 10L + i));
            }
            sink.write(new Batch(rows, List.of(), Map.of(P0, new OffsetRange(b * 10L, b * 10L + 9))));
        }
        sink.close();
        try (Statement statement = db.createStatement()) {
            for (String table : List.of("RollupMinuteAllGames", "RollupHourAllGames", "RollupDayAllGames",
                    "RollupCenturyAllGames")) {
                statement.execute("DROP VIEW " + table);
                for (String part : List.of("Base", "Tail0", "Tail1")) {
                    statement.execute("DROP TABLE " + table + part);
                }
            }
        }

        DuckDbGamePlaySink.createSchema(db);

        assertThat(count("SELECT sum(Spins) FROM RollupMinuteAllGames")).isEqualTo(400);
        assertThat(count("SELECT count(*) FROM RollupCenturyAllGames")).isEqualTo(7);
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
        sink = new DuckDbGamePlaySink(db.duplicate());
    }

    @Test
    void buildsTheTenMinuteTablesThatADatabaseFromBeforeThemLacksFromItsMinuteTablesOnOpening() throws Exception {
        for (int b = 0; b < 30; b++) {
            List<SourcedGamePlay> rows = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long win = (b + i) % 3 == 0 ? 0 : 20L * (i % 2 + 1);
                GamePlay play = new GamePlay(100 + (b + i) % 7, 10 + (b * 3 + i) % 3, 10, win,
                        Instant.parse("2026-11-25T07:48:00Z").plusSeconds(47L * b + i));  // 07:48 to 08:11
                rows.add(new SourcedGamePlay(play, P0.topic(), P0.partition(), b * 10L + i));
            }
            sink.write(new Batch(rows, List.of(), Map.of(P0, new OffsetRange(b * 10L, b * 10L + 9))));
        }
        sink.close();
        try (Statement statement = db.createStatement()) {
            for (String table : List.of("RollupTenMinutes", "RollupTenMinutesAllGames")) {
                statement.execute("DROP VIEW " + table);
                for (String part : List.of("Base", "Tail0", "Tail1")) {
                    statement.execute("DROP TABLE " + table + part);
                }
            }
        }

        sink = new DuckDbGamePlaySink(db.duplicate());

        assertThat(bins("RollupTenMinutes")).containsExactly("2026-11-25T07:40", "2026-11-25T07:50", "2026-11-25T08:00",
                "2026-11-25T08:10");
        assertThat(count("SELECT sum(Spins) FROM RollupTenMinutes")).isEqualTo(300);
        assertThat(count("SELECT sum(Spins) FROM RollupTenMinutesAllGames")).isEqualTo(300);
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
    }

    @Test
    void binsSpinsByMinuteHourDayAndCenturyFrom2000BothWhenTheyAreLateAndWhenTheWatermarkPassesThem() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T08:00:30Z"));
        reopenWithClock(now);
        Instant[] times = {Instant.parse("1999-12-31T23:59:59.999999Z"), Instant.parse("2026-11-25T07:59:59.999999Z"),
                Instant.parse("2100-01-01T00:00:00Z")};
        List<SourcedGamePlay> rows = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            rows.add(new SourcedGamePlay(new GamePlay(100 + i, 10, 50, 0, times[i]), "gameplay", 0, i));
        }
        sink.write(new Batch(rows, List.of(), Map.of(P0, new OffsetRange(0, times.length - 1))));

        assertThat(bins("RollupMinute")).containsExactly("1999-12-31T23:59", "2026-11-25T07:59", "2100-01-01T00:00");
        assertThat(bins("RollupTenMinutes")).as("before the watermark (08:00): late").containsExactly("1999-12-31T23:50",
                "2026-11-25T07:50");
        assertThat(bins("RollupHour")).as("before the watermark (08:00): late").containsExactly("1999-12-31T23:00",
                "2026-11-25T07:00");
        assertThat(bins("RollupDay")).containsExactly("1999-12-31T00:00", "2026-11-25T00:00");
        assertThat(bins("RollupCentury")).containsExactly("1900-01-01T00:00", "2000-01-01T00:00");

        now.set(Instant.parse("2100-01-01T00:01:30Z"));
        for (int offset = 3; offset <= 4; offset++) {  // the first asks for the minutes' merge the move waits for
            sink.write(new Batch(List.of(new SourcedGamePlay(new GamePlay(104, 10, 50, 0, times[1]), "gameplay", 0,
                    offset)), List.of(), Map.of(P0, new OffsetRange(offset, offset))));
            sink.awaitMerges();
        }

        assertThat(bins("RollupTenMinutes")).as("the watermark passed 2100").containsExactly("1999-12-31T23:50",
                "2026-11-25T07:50", "2100-01-01T00:00");
        assertThat(bins("RollupHour")).as("the watermark passed 2100").containsExactly("1999-12-31T23:00",
                "2026-11-25T07:00", "2100-01-01T00:00");
        assertThat(bins("RollupDay")).containsExactly("1999-12-31T00:00", "2026-11-25T00:00", "2100-01-01T00:00");
        assertThat(bins("RollupCentury")).containsExactly("1900-01-01T00:00", "2000-01-01T00:00", "2100-01-01T00:00");
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
    }

    @Test
    void deletesRawSpinsPastTheRetentionAndKeepsThemInTheRollups() throws Exception {
        sink.close();
        sink = new DuckDbGamePlaySink(db.duplicate(), DuckDbGamePlaySink.COMPACT_AFTER_ROWS, Duration.ofHours(1));
        Instant now = Instant.now();
        List<SourcedGamePlay> rows = List.of(
                new SourcedGamePlay(new GamePlay(100, 10, 50, 100, now.minus(Duration.ofHours(2))), "gameplay", 0, 0),
                new SourcedGamePlay(new GamePlay(101, 10, 50, 100, now.minus(Duration.ofMinutes(59))), "gameplay", 0, 1));

        sink.write(new Batch(rows, List.of(), Map.of(P0, new OffsetRange(0, 1))));

        assertThat(count("SELECT count(*) FROM GamePlay")).isEqualTo(1);
        assertThat(count("SELECT PlayerID FROM GamePlay")).isEqualTo(101);
        assertThat(count("SELECT sum(Spins) FROM RollupCentury")).isEqualTo(2);
        assertThat(count("SELECT sum(Spins) FROM RollupMinute")).isEqualTo(2);
    }

    @Test
    void buildsTheRollupsOnceForADatabaseWrittenBeforeThem() throws Exception {
        sink.write(batch(P0, 0, 9));
        try (Statement statement = db.createStatement()) {
            for (String table : List.of("RollupMinute", "RollupTenMinutes", "RollupHour", "RollupDay", "RollupCentury")) {
                for (String part : List.of("Base", "Tail0", "Tail1")) {
                    statement.execute("DELETE FROM " + table + part);
                }
            }
        }

        DuckDbGamePlaySink.createSchema(db);

        assertThat(count("SELECT sum(Spins) FROM RollupCentury")).isEqualTo(10);
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
    }

    @Test
    void checkpointsOutsideTheBatchesCommitsOnceEnoughSpinsAreStoredAndLeavesDuckDbsOwnForALargeLog(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("store.duckdb");
        Path log = dir.resolve("store.duckdb.wal");
        try (DuckDBConnection store = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
             DuckDbGamePlaySink checkpointing = new DuckDbGamePlaySink(store.duplicate(),
                     DuckDbGamePlaySink.COMPACT_AFTER_ROWS, Duration.ZERO, InstantSource.system(), 30)) {
            checkpointing.write(batch(P0, 0, 19));
            checkpointing.awaitCheckpoint();
            assertThat(Files.size(log)).as("20 spins stored, fewer than 30: still in the log").isPositive();

            // The first batch's chores renewed the pin: the checkpoint waits for the second batch after that.
            checkpointing.write(batch(P0, 20, 39));
            checkpointing.awaitCheckpoint();
            checkpointing.write(batch(P0, 40, 44));
            checkpointing.awaitCheckpoint();

            assertThat(Files.exists(log) ? Files.size(log) : 0).as("45 spins stored: checkpointed").isZero();
            try (Statement statement = store.createStatement();
                 ResultSet result = statement.executeQuery("SELECT current_setting('wal_autocheckpoint'), "
                         + "(SELECT count(*) FROM GamePlay)")) {
                result.next();
                assertThat(result.getString(1)).isEqualTo("256.0 MiB");
                assertThat(result.getLong(2)).isEqualTo(45);
            }
        }
    }

    @Test
    void rewritesARollupTableWhoseSumsAreBitPackedAndKeepsEveryRow(@TempDir Path dir) throws Exception {
        String url = "jdbc:duckdb:" + dir.resolve("old.duckdb");
        try (DuckDBConnection old = (DuckDBConnection) DriverManager.getConnection(url);
             Statement statement = old.createStatement()) {
            // RollupDay as the schema declared it before SumWin was stored uncompressed.
            statement.execute("CREATE TABLE RollupDay (PlayerID INTEGER NOT NULL, GameID INTEGER NOT NULL, "
                    + "Bin TIMESTAMP NOT NULL, Spins BIGINT NOT NULL, SumWin HUGEINT NOT NULL, SumStake BIGINT NOT NULL, "
                    + "BestRatio DOUBLE, BestRatioAt TIMESTAMP, LastWinAt TIMESTAMP, LastChangeAt TIMESTAMP, "
                    + "FirstSpinAt TIMESTAMP NOT NULL, Compacted BOOLEAN NOT NULL)");
            statement.execute("INSERT INTO RollupDay SELECT i, 10, TIMESTAMP '2026-12-01', 1, i % 1000, 5, NULL, NULL, "
                    + "NULL, NULL, TIMESTAMP '2026-12-01', true FROM range(20000) t(i)");
            statement.execute("CHECKPOINT");
        }
        try (DuckDBConnection reopened = (DuckDBConnection) DriverManager.getConnection(url)) {
            assertThat(sumWinCompressions(reopened, "RollupDay")).as("the old table's sums, before").doesNotContain("Uncompressed");

            DuckDbGamePlaySink.createSchema(reopened);
            try (Statement statement = reopened.createStatement()) {
                statement.execute("CHECKPOINT");
            }

            assertThat(sumWinCompressions(reopened, "RollupDayBase")).as("its rows, now the base of the view RollupDay")
                    .containsOnly("Uncompressed");
            try (Statement statement = reopened.createStatement();
                 ResultSet result = statement.executeQuery("SELECT count(*), sum(SumWin), sum(PlayerID) FROM RollupDay")) {
                result.next();
                assertThat(List.of(result.getLong(1), result.getLong(2), result.getLong(3)))
                        .containsExactly(20_000L, 20L * 499_500, 199_990_000L);
            }
        }
    }

    private static List<String> sumWinCompressions(DuckDBConnection connection, String table) throws Exception {
        List<String> compressions = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT DISTINCT compression FROM pragma_storage_info('" + table + "') "
                     + "WHERE column_name = 'SumWin' AND segment_type = 'HUGEINT'")) {
            while (result.next()) {
                compressions.add(result.getString(1));
            }
        }
        return compressions;
    }

    @Test
    void keepsMicrosecondEventTimes() throws Exception {
        sink.write(batch(P0, 0, 0));

        try (Statement statement = db.createStatement();
             ResultSet result = statement.executeQuery("SELECT epoch_us(EventTime) FROM GamePlay")) {
            result.next();
            assertThat(result.getLong(1)).isEqualTo(1_764_054_000_000_001L);
        }
    }

    @Test
    void coarseRollupsTakeEachMinuteFromTheMinuteRowsOnceItHasEndedAndLateSpinsDirectly() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-11-25T07:00:30Z"));
        reopenWithClock(now);
        assertThat(watermark()).isEqualTo("2025-11-25T07:00");

        sink.write(batch(P0, 0, 4));  // spins at 07:00:00.000001, the minute the watermark is at
        assertThat(count("SELECT sum(Spins) FROM RollupMinute")).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM RollupHour")).as("not before the minute has ended").isZero();

        now.set(now.get().plusSeconds(45));  // 07:01:15: the minute ended more than 10 s ago
        sink.write(batch(P0, 5, 9));
        assertThat(watermark()).as("its rows not merged yet").isEqualTo("2025-11-25T07:00");
        sink.awaitMerges();
        assertThat(count("SELECT count(*) FROM RollupMinute WHERE NOT Compacted")).as("merged for the move").isZero();
        sink.write(batch(P0, 10, 14));
        sink.awaitMerges();  // the move runs after the batch, apart from it
        assertThat(watermark()).isEqualTo("2025-11-25T07:01");
        for (String table : List.of("RollupTenMinutes", "RollupHour", "RollupDay", "RollupCentury",
                "RollupTenMinutesAllGames", "RollupHourAllGames", "RollupDayAllGames", "RollupCenturyAllGames")) {
            assertThat(count("SELECT sum(Spins) FROM " + table)).as(table).isEqualTo(15);
        }

        sink.close();
        sink = new DuckDbGamePlaySink(db.duplicate(), DuckDbGamePlaySink.COMPACT_AFTER_ROWS, Duration.ZERO, now::get);
        sink.write(batch(P0, 15, 19));  // late now, after a restart too: straight into the coarse rollups
        assertThat(watermark()).isEqualTo("2025-11-25T07:01");
        assertThat(count("SELECT sum(Spins) FROM RollupHour")).isEqualTo(20);
        assertThat(count("SELECT sum(Spins) FROM RollupCenturyAllGames")).isEqualTo(20);
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
    }

    @Test
    void afterAMoveTheBatchesTurnToTheOtherTailAndTheFirstIsFoldedIntoTheBaseAndDroppedCountingEverySpinOnce() throws Exception {
        tenSpinsOfAMinuteMergedAndEndedTenSecondsAgo();
        sink.foldAfterDeletedRows(0);
        sink.write(batch(P0, 10, 14));  // starts the move; its spins are of the same minute, 07:00
        sink.awaitMerges();
        assertThat(watermark()).isEqualTo("2025-11-25T07:01");
        assertThat(count("SELECT sum(Spins) FROM RollupMinuteTail0")).as("before the fold").isEqualTo(15);

        sink.write(batch(P0, 15, 19));  // learns of the move, then hands over the fold of the first tail
        sink.awaitMerges();

        assertThat(count("SELECT sum(Spins) FROM RollupMinuteBase")).as("the ended minute, merged").isEqualTo(20);
        assertThat(count("SELECT count(*) FROM RollupMinuteBase")).as("one row for its one player and game").isEqualTo(1);
        assertThat(count("SELECT sum(Spins) FROM RollupCenturyTail1")).as("the open century bin, carried").isEqualTo(20);
        assertThat(count("SELECT count(*) FROM RollupCenturyTail1")).isEqualTo(1);
        for (String table : List.of("RollupMinuteTail0", "RollupHourTail0", "RollupCenturyAllGamesTail0", "RollupCampaignTail0")) {
            assertThat(count("SELECT count(*) FROM " + table)).as(table + ", dropped and made again").isZero();
        }
        assertThat(count("SELECT sum(Spins) FROM RollupMinute")).as("what boards read").isEqualTo(20);
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);

        sink.write(batch(P0, 20, 24));
        sink.awaitMerges();
        assertThat(count("SELECT sum(Spins) FROM RollupMinuteTail1")).as("the next batch, in the other tail").isEqualTo(5);
        assertThat(count("SELECT sum(Spins) FROM RollupCentury")).isEqualTo(25);
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
    }

    @Test
    void aFoldIsCheckpointedAtTheSecondBatchAfterItNeverAtTheFirstWhichWouldMakeItAFullCheckpoint() throws Exception {
        tenSpinsOfAMinuteMergedAndEndedTenSecondsAgo();
        sink.foldAfterDeletedRows(0);
        sink.write(batch(P0, 10, 14));  // starts the move
        sink.awaitMerges();
        sink.write(batch(P0, 15, 19));  // hands over the fold, which renews the pin
        sink.awaitMerges();
        sink.awaitCheckpoint();
        long taken = sink.checkpointsTaken();

        sink.write(batch(P0, 20, 24));
        sink.awaitMerges();
        sink.awaitCheckpoint();
        assertThat(sink.checkpointsTaken()).as("one batch since the pin: its commit may be older than the pin").isEqualTo(taken);

        sink.write(batch(P0, 25, 29));
        sink.awaitMerges();
        sink.awaitCheckpoint();
        assertThat(sink.checkpointsTaken()).as("the fold's copies checkpointed, far fewer than 50,000 spins stored")
                .isEqualTo(taken + 1);

        sink.write(batch(P0, 30, 34));
        sink.write(batch(P0, 35, 39));
        sink.awaitMerges();
        sink.awaitCheckpoint();
        assertThat(sink.checkpointsTaken()).as("no fold since, and far fewer than 50,000 spins").isEqualTo(taken + 1);
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
    }

    @Test
    void aMergedRowThatAFoldCarriesToATailHoldingOneOfItsKeyIsLeftForTheNextMergeWhichMakesThemOne() throws Exception {
        tenSpinsOfAMinuteMergedAndEndedTenSecondsAgo();
        sink.foldAfterDeletedRows(0);
        sink.write(batch(P0, 10, 14));  // starts the move
        sink.mergeRollupsNow();
        // What a fold that failed leaves: a merged row of the century's one key in the other tail too (one spin of it).
        assertThat(count("SELECT count(*) FROM RollupCenturyTail0 WHERE Compacted")).isEqualTo(1);
        try (Statement statement = db.createStatement()) {
            statement.execute("INSERT INTO RollupCenturyTail1 SELECT * REPLACE (1 AS Spins, 50 AS SumStake) "
                    + "FROM RollupCenturyTail0 WHERE Compacted");
            statement.execute("UPDATE RollupCenturyTail0 SET Spins = Spins - 1, SumStake = SumStake - 50 WHERE Compacted");
        }

        sink.write(batch(P0, 15, 19));  // hands over the fold of the first tail
        sink.awaitMerges();
        assertThat(count("SELECT count(*) FROM RollupCenturyTail1 WHERE NOT Compacted")).as("the row carried, left unmerged")
                .isEqualTo(1);
        sink.mergeRollupsNow();

        assertThat(count("SELECT count(*) FROM RollupCenturyTail1")).as("one row for the key").isEqualTo(1);
        assertThat(count("SELECT sum(Spins) FROM RollupCentury")).isEqualTo(20);
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
    }

    @Test
    void aMoveFoldsNothingUntilTheMergesHaveDeletedEnoughRowsInTheTailThenTheNextBatchHandsTheFoldOver() throws Exception {
        tenSpinsOfAMinuteMergedAndEndedTenSecondsAgo();
        sink.foldAfterDeletedRows(Long.MAX_VALUE);
        sink.write(batch(P0, 10, 14));  // starts the move
        sink.awaitMerges();
        sink.write(batch(P0, 15, 19));  // learns of the move: no fold is due
        sink.awaitMerges();

        assertThat(watermark()).isEqualTo("2025-11-25T07:01");
        assertThat(count("SELECT sum(Spins) FROM RollupMinuteTail0")).as("every batch in the first tail").isEqualTo(20);
        assertThat(count("SELECT count(*) FROM RollupMinuteBase")).isZero();
        assertThat(count("SELECT count(*) FROM RollupMinuteTail1")).isZero();
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);

        sink.foldAfterDeletedRows(0);
        sink.write(batch(P0, 20, 24));  // a fold is due: handed over after this batch
        sink.awaitMerges();

        assertThat(count("SELECT sum(Spins) FROM RollupMinuteBase")).as("the ended minute").isEqualTo(25);
        assertThat(count("SELECT count(*) FROM RollupMinuteTail0")).isZero();
        assertThat(count("SELECT sum(Spins) FROM RollupCentury")).isEqualTo(25);
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
    }

    @Test
    void aWatermarkMoveThatFailsIsRolledBackWholeWithoutTheBatchesAndALaterOneMovesIt() throws Exception {
        tenSpinsOfAMinuteMergedAndEndedTenSecondsAgo();  // the next batch starts the move

        try (Statement statement = db.createStatement()) {
            // The last table the watermark's move writes (the tail batches add to: the first, as no fold ran yet), gone:
            // the move fails after every other table took rows.
            statement.execute("ALTER TABLE RollupCenturyAllGamesTail0 RENAME TO Away");
            sink.write(batch(P0, 10, 14));
            sink.awaitMerges();
            statement.execute("ALTER TABLE Away RENAME TO RollupCenturyAllGamesTail0");
        }
        assertThat(watermark()).isEqualTo("2025-11-25T07:00");
        assertThat(count("SELECT count(*) FROM GamePlay")).as("the batch is stored all the same").isEqualTo(15);
        assertThat(count("SELECT count(*) FROM RollupHour")).isZero();
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);

        sink.write(batch(P0, 15, 19));
        sink.awaitMerges();

        assertThat(watermark()).isEqualTo("2025-11-25T07:01");
        assertThat(count("SELECT sum(Spins) FROM RollupHour")).isEqualTo(20);
        assertThat(count("SELECT count(*) FROM RollupLate")).isZero();
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
    }

    @Test
    void spinsOfTheMovedMinutesStoredWhileTheMoveRunsAreCountedOnceBeforeDuringAndAfterIt() throws Exception {
        tenSpinsOfAMinuteMergedAndEndedTenSecondsAgo();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        sink.afterMoveSnapshot(() -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        sink.write(batch(P0, 10, 14));  // committed before the move's snapshot: the move copies these
        assertThat(held.await(10, TimeUnit.SECONDS)).as("the move started").isTrue();
        sink.write(batch(P0, 15, 19));  // of the minute being moved, committed while the move runs

        assertThat(count("SELECT sum(Spins) FROM RollupLate")).as("its spins also in RollupLate").isEqualTo(5);
        assertThat(watermark()).isEqualTo("2025-11-25T07:00");
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).as("during the move").containsOnly(NO_MISMATCHES);

        release.countDown();
        sink.awaitMerges();
        assertThat(watermark()).isEqualTo("2025-11-25T07:01");
        assertThat(count("SELECT sum(Spins) FROM RollupHour")).as("the copy: the batches before its snapshot").isEqualTo(15);
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).as("moved, RollupLate not yet emptied").containsOnly(NO_MISMATCHES);

        sink.write(batch(P0, 20, 24));  // late now: straight into the coarse rollups; then RollupLate is emptied
        sink.awaitMerges();
        assertThat(count("SELECT count(*) FROM RollupLate")).isZero();
        assertThat(count("SELECT sum(Spins) FROM RollupHour")).isEqualTo(25);
        assertThat(count("SELECT sum(Spins) FROM RollupCenturyAllGames")).isEqualTo(25);
        assertThat(DuckDbGamePlaySink.rollupMismatches(db)).containsOnly(NO_MISMATCHES);
    }

    /** Spins 0-9 of 07:00 stored and merged, on a new sink whose clock is then at 07:01:15: the next batch moves the watermark. */
    private void tenSpinsOfAMinuteMergedAndEndedTenSecondsAgo() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-11-25T07:00:30Z"));
        reopenWithClock(now);
        sink.write(batch(P0, 0, 4));
        now.set(now.get().plusSeconds(45));
        sink.write(batch(P0, 5, 9));
        sink.awaitMerges();
    }

    /** A new sink on an empty store whose clock is {@code now}: its watermark starts there, not at the time of day. */
    private void reopenWithClock(AtomicReference<Instant> now) throws Exception {
        sink.close();
        try (Statement statement = db.createStatement()) {
            statement.execute("DELETE FROM RollupWatermark");
        }
        sink = new DuckDbGamePlaySink(db.duplicate(), DuckDbGamePlaySink.COMPACT_AFTER_ROWS, Duration.ZERO, now::get);
    }

    private String watermark() throws Exception {
        try (Statement statement = db.createStatement();
             ResultSet result = statement.executeQuery("SELECT CoarseBefore FROM RollupWatermark")) {
            assertThat(result.next()).as("a watermark row").isTrue();
            return result.getObject(1, LocalDateTime.class).toString();
        }
    }

    private static Batch batch(TopicPartition partition, long first, long last) {
        return new Batch(rows(partition, first, last, new ArrayList<>()), List.of(),
                Map.of(partition, new OffsetRange(first, last)));
    }

    private static List<SourcedGamePlay> rows(TopicPartition partition, long first, long last, List<SourcedGamePlay> into) {
        for (long offset = first; offset <= last; offset++) {
            GamePlay play = new GamePlay(100, 10, 50, 0, Instant.parse("2025-11-25T07:00:00.000001Z"));
            into.add(new SourcedGamePlay(play, partition.topic(), partition.partition(), offset));
        }
        return into;
    }

    private List<String> bins(String table) throws Exception {
        List<String> bins = new ArrayList<>();
        try (Statement statement = db.createStatement();
             ResultSet result = statement.executeQuery("SELECT DISTINCT Bin FROM " + table + " ORDER BY Bin")) {
            while (result.next()) {
                bins.add(result.getObject(1, LocalDateTime.class).toString());
            }
        }
        return bins;
    }

    private String string(String sql) throws Exception {
        try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private long count(String sql) throws Exception {
        try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
