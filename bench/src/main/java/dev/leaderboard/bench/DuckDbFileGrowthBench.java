package dev.leaderboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.duckdb.DuckDBConnection;

/**
 * What makes DuckDB's file grow while every checkpoint is a concurrent one, as {@code Checkpoints} makes them by
 * keeping a read transaction open (the pin): the same rollup rows kept three ways, each in a database of its own,
 * same run, same rows, a checkpoint every {@code checkpoint} batches on another connection with the pin renewed after
 * each, as {@code Checkpoints} does.
 * <ul>
 *   <li>{@code append}: only the merged rows are inserted, once per bin: what the data is (the baseline).</li>
 *   <li>{@code delete}: each batch adds its rows uncompacted, and every {@code merge} batches the bins with such rows
 *       are merged by DELETE and INSERT, as rollup-compact.sql does. A concurrent checkpoint never vacuums deletes
 *       (DuckDB's {@code RowGroupCollection::InitializeVacuumState}), so every deleted row stays in the file.</li>
 *   <li>{@code rotate}: the same merges, but in one of two tail tables; once a bin has ended, the next fold appends
 *       the tail's merged rows of ended bins to the history table, carries the rest to the other tail, and drops and
 *       makes again the first (CREATE OR REPLACE TABLE), which gives its blocks back. A checkpoint is refused while a
 *       transaction older than the drop is open, so the pin is renewed after each fold.</li>
 * </ul>
 * Prints each way's file size and DuckDB's used blocks as it goes, then each against {@code append}, and checks that
 * all three hold the same sums. Sizes, not times: it may run on a busy machine.
 *
 * <p>Usage: bench/duckdb-file-growth.sh [batches, default 3000] [rows per batch, default 1000] [batches per bin,
 * default 60] [merge every, default 10] [checkpoint every, default 50]
 */
public final class DuckDbFileGrowthBench {

    private static final int PLAYERS = 10_000;
    private static final int GAMES = 6;
    private static final String COLUMNS = "(PlayerID INTEGER, GameID INTEGER, Bin BIGINT, Spins BIGINT, SumWin BIGINT,"
            + " SumStake BIGINT, BestRatio DOUBLE, FirstSpinAt TIMESTAMP, Compacted BOOLEAN)";
    private static final String MERGED = "SELECT PlayerID, GameID, Bin, sum(Spins), sum(SumWin), sum(SumStake),"
            + " max(BestRatio), min(FirstSpinAt), true FROM %s WHERE %s GROUP BY PlayerID, GameID, Bin";

    private enum Way { APPEND, DELETE, ROTATE }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        int rowsPerBatch = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int batchesPerBin = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int mergeEvery = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int checkpointEvery = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target")).toAbsolutePath(),
                "file-growth-");
        List<Store> stores = new ArrayList<>();
        for (Way way : Way.values()) {
            stores.add(new Store(way, work.resolve(way.name().toLowerCase(Locale.ROOT) + ".duckdb")));
        }
        System.out.printf("%d batches of %d rows, %d batches a bin, merged every %d, a checkpoint every %d (pinned)%n",
                batches, rowsPerBatch, batchesPerBin, mergeEvery, checkpointEvery);
        for (int batch = 0; batch < batches; batch++) {
            long bin = batch / batchesPerBin;
            String rows = "SELECT (hash(i, " + batch + ") % " + PLAYERS + ")::INTEGER, (hash(i, " + batch + ", 1) % " + GAMES
                    + ")::INTEGER, " + bin + ", 1, (hash(i, " + batch + ", 2) % 1000)::BIGINT, 10,"
                    + " (hash(i, " + batch + ", 2) % 1000) / 10.0, TIMESTAMP '2026-01-01' + to_seconds(" + batch + "),"
                    + " false FROM range(" + rowsPerBatch + ") t(i)";
            boolean binEnds = (batch + 1) % batchesPerBin == 0;
            for (Store store : stores) {
                store.add(rows, bin, binEnds, (batch + 1) % mergeEvery == 0);
                if ((batch + 1) % checkpointEvery == 0) {
                    store.checkpoint();
                }
            }
            if ((batch + 1) % (batches / 10) == 0) {
                for (Store store : stores) {
                    store.print(batch + 1);
                }
            }
        }
        Store baseline = stores.get(0);
        String sums = baseline.sums();
        for (Store store : stores) {
            store.checkpoint();
            if (!store.sums().equals(sums)) {
                throw new IllegalStateException(store.way + " holds " + store.sums() + ", append " + sums);
            }
            System.out.printf("%-6s file %5d MiB (%.2f x append), used blocks %6d (%.2f x), checkpoints refused %d%n",
                    store.way, store.fileMiB(), (double) store.fileMiB() / Math.max(1, baseline.fileMiB()), store.usedBlocks(),
                    (double) store.usedBlocks() / Math.max(1, baseline.usedBlocks()), store.refused);
        }
        System.out.println("All three hold the same sums: " + sums);
        for (Store store : stores) {
            store.close();
        }
    }

    /** One way of keeping the rows, with its own database, a connection for checkpoints and a pinned one. */
    private static final class Store implements AutoCloseable {
        final Way way;
        final Path file;
        final DuckDBConnection db;
        final DuckDBConnection checkpointer;
        final DuckDBConnection pin;
        final Statement sql;
        /** The tail table batches add to ({@link Way#ROTATE}: Tail0 or Tail1; else T). */
        String tail;
        int refused;

        Store(Way way, Path file) throws SQLException {
            this.way = way;
            this.file = file;
            this.db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
            this.checkpointer = (DuckDBConnection) db.duplicate();
            this.pin = (DuckDBConnection) db.duplicate();
            this.sql = db.createStatement();
            sql.execute("SET GLOBAL wal_autocheckpoint = '256MiB'");  // as Checkpoints sets it
            sql.execute("CREATE TABLE T " + COLUMNS);
            if (way == Way.ROTATE) {
                sql.execute("CREATE TABLE Tail0 " + COLUMNS);
                sql.execute("CREATE TABLE Tail1 " + COLUMNS);
                tail = "Tail0";
            } else {
                tail = way == Way.APPEND ? "Staged" : "T";
                if (way == Way.APPEND) {
                    sql.execute("CREATE TEMP TABLE Staged " + COLUMNS);
                }
            }
            pin.setAutoCommit(false);
            renewPin();
        }

        void add(String rows, long bin, boolean binEnds, boolean merge) throws SQLException {
            sql.execute("INSERT INTO " + tail + " " + rows);
            switch (way) {
                case APPEND -> {
                    if (binEnds) {  // the bin's merged rows once, into T; the staging is a temporary table
                        sql.execute("BEGIN");
                        sql.execute("INSERT INTO T " + MERGED.formatted("Staged", "true"));
                        sql.execute("DELETE FROM Staged");
                        sql.execute("COMMIT");
                    }
                }
                case DELETE -> {
                    if (merge) {
                        mergeIn("T");
                    }
                }
                case ROTATE -> {
                    if (merge) {
                        mergeIn(tail);
                    }
                    if (binEnds) {
                        fold(bin + 1);
                    }
                }
            }
        }

        /** rollup-compact.sql's way: the rows of every bin with uncompacted rows, deleted and inserted merged. */
        private void mergeIn(String table) throws SQLException {
            sql.execute("BEGIN");
            sql.execute("CREATE OR REPLACE TEMP TABLE Merged AS "
                    + MERGED.formatted(table, "Bin IN (SELECT Bin FROM " + table + " WHERE NOT Compacted)"));
            sql.execute("DELETE FROM " + table + " WHERE Bin IN (SELECT Bin FROM " + table + " WHERE NOT Compacted)");
            sql.execute("INSERT INTO " + table + " SELECT * FROM Merged");
            sql.execute("COMMIT");
        }

        /** Bins before {@code before} go to T merged, the rest to the other tail; this tail is made again, empty. */
        private void fold(long before) throws SQLException {
            String next = tail.equals("Tail0") ? "Tail1" : "Tail0";
            sql.execute("BEGIN");
            sql.execute("INSERT INTO T " + MERGED.formatted(tail, "Bin < " + before));
            sql.execute("INSERT INTO " + next + " " + MERGED.formatted(tail, "Bin >= " + before));
            sql.execute("CREATE OR REPLACE TABLE " + tail + " " + COLUMNS);
            sql.execute("COMMIT");
            tail = next;
            renewPin();  // a checkpoint is refused while a transaction older than the drop is open
        }

        void checkpoint() throws SQLException {
            try (Statement statement = checkpointer.createStatement()) {
                statement.execute("CHECKPOINT");
            } catch (SQLException e) {
                refused++;
            }
            renewPin();
        }

        private void renewPin() throws SQLException {
            pin.rollback();
            try (Statement statement = pin.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1 FROM T LIMIT 1")) {
                rows.next();
            }
        }

        String sums() throws SQLException {
            String all = way == Way.ROTATE ? "(SELECT * FROM T UNION ALL SELECT * FROM Tail0 UNION ALL SELECT * FROM Tail1)"
                    : way == Way.APPEND ? "(SELECT * FROM T UNION ALL SELECT * FROM Staged)" : "T";
            try (ResultSet rows = sql.executeQuery("SELECT count(DISTINCT (PlayerID, GameID, Bin)), sum(Spins), sum(SumWin),"
                    + " min(FirstSpinAt), max(BestRatio) FROM " + all)) {
                rows.next();
                return rows.getLong(1) + " keys, " + rows.getLong(2) + " spins, " + rows.getLong(3) + " won, first "
                        + rows.getString(4) + ", best " + rows.getDouble(5);
            }
        }

        long fileMiB() throws Exception {
            return Files.size(file) >> 20;
        }

        long usedBlocks() throws SQLException {
            try (ResultSet rows = sql.executeQuery("SELECT used_blocks FROM pragma_database_size()")) {
                rows.next();
                return rows.getLong(1);
            }
        }

        void print(int batch) throws Exception {
            System.out.printf("batch %6d %-6s file %5d MiB, used blocks %6d, checkpoints refused %d%n", batch, way, fileMiB(),
                    usedBlocks(), refused);
        }

        @Override
        public void close() throws SQLException {
            pin.close();
            checkpointer.close();
            sql.close();
            db.close();
        }
    }
}
