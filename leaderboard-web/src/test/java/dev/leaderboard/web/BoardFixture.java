package dev.leaderboard.web;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import org.duckdb.DuckDBConnection;

/**
 * An in-memory DuckDB with the ingestor's schema, and the hand-computed fixture the board tests share.
 * Now is 2026-11-25 08:00 UTC.
 *
 * <pre>
 * campaigns  autumn "Autumn Cup"  07:00-09:00 every game (running)
 *            slots  "Slots Week"  07:00-09:00 games 1, 2
 *            early  "Early Bird"  06:00-07:30 every game (ended)
 * players    101 Ada, 102 Grace, 103 Linus; 104 and 105 have no profile
 * spins      player game  win stake  time   ratio
 *            101    1     500 100    06:30  5
 *            101    1     300 100    07:10  3
 *            101    3       0 100    07:50  -
 *            102    2     450 150    07:20  3
 *            102    2       0  50    07:55  -
 *            103    3     600 100    07:40  6
 *            103    1     100 100    07:05  1   (win = stake: net unchanged)
 *            104    1     300 100    07:10  3   (same score and time as 101's: the lower id first)
 *            105    2       0 200    07:58  -
 * </pre>
 */
final class BoardFixture {

    private BoardFixture() {
    }

    static DuckDBConnection emptyDatabase() throws SQLException {
        DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        DuckDbGamePlaySink.createSchema(db);
        return db;
    }

    static void insertFixture(DuckDBConnection db) throws SQLException {
        execute(db, "INSERT INTO Campaigns VALUES "
                + "('autumn', 'Autumn Cup', '2026-11-25 07:00:00', '2026-11-25 09:00:00', NULL),"
                + "('slots', 'Slots Week', '2026-11-25 07:00:00', '2026-11-25 09:00:00', [1, 2]),"
                + "('early', 'Early Bird', '2026-11-25 06:00:00', '2026-11-25 07:30:00', [])");
        execute(db, "INSERT INTO Players VALUES (101, 'Ada', 'Norway', '2026-11-25 05:00:00'),"
                + "(102, 'Grace', 'USA', '2026-11-25 05:00:00'), (103, 'Linus', 'Finland', '2026-11-25 05:00:00')");
        insertSpins(db, "(101, 1, 500, 100, '2026-11-25 06:30:00'), (101, 1, 300, 100, '2026-11-25 07:10:00'),"
                + "(101, 3, 0, 100, '2026-11-25 07:50:00'),"
                + "(102, 2, 450, 150, '2026-11-25 07:20:00'), (102, 2, 0, 50, '2026-11-25 07:55:00'),"
                + "(103, 3, 600, 100, '2026-11-25 07:40:00'), (103, 1, 100, 100, '2026-11-25 07:05:00'),"
                + "(104, 1, 300, 100, '2026-11-25 07:10:00'),"
                + "(105, 2, 0, 200, '2026-11-25 07:58:00')");
    }

    /** Rows of (player, game, win, stake, 'time'), as the ingestor would write them, on partition 0 of topic 'fixture'. */
    static void insertSpins(DuckDBConnection db, String values) throws SQLException {
        insertSpins(db, 0, values);
    }

    /**
     * The same on {@code partition}, at the offsets after the ones it has (the first is 1). The board
     * rollups are built again from every spin, as the ingestor would have kept them.
     */
    static void insertSpins(DuckDBConnection db, int partition, String values) throws SQLException {
        execute(db, "INSERT INTO GamePlay "
                + "SELECT p, g, w, s, t::TIMESTAMP, 'fixture', " + partition + ", "
                + "(SELECT count(*) FROM GamePlay WHERE SourcePartition = " + partition + ") + row_number() OVER () "
                + "FROM (VALUES " + values + ") v(p, g, w, s, t)");
        DuckDbGamePlaySink.rebuildRollups(db);
    }

    static void execute(DuckDBConnection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }
}
