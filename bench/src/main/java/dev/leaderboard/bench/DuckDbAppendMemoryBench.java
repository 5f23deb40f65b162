package dev.leaderboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;

import dev.leaderboard.ingest.duckdb.DuckDbFiles;
import org.duckdb.DuckDBConnection;

/**
 * What DuckDB holds in memory for tables that were appended to since the last checkpoint, whatever the rows: the
 * part of its memory limit ({@code DUCKDB_MEMORY_LIMIT_MB}, 128 MiB by default) that the rollups' many tables take
 * before any query runs; and, per block size, what the block size costs otherwise. For each block size, in the same
 * run (DuckDB's default of 256 KiB first, as the baseline): {@code tables} tables made by the ingestor's
 * rollup-table.sql (twelve columns) in a new file: a few rows appended to each, a checkpoint, a few rows more to each,
 * a checkpoint; DuckDB's IN_MEMORY_TABLE (duckdb_memory()) after each step. Then one such table of {@code bigRows}
 * random rollup rows of 100,000 players: the file's size, and the p50 of a board over it (sums per player, the top
 * 10,000), read 30 times.
 * <p>
 * On DuckDB 1.5.6 the first append after a checkpoint gives each column a whole block and another for its validity,
 * however few the rows: at 256 KiB, 25 tables (the rollups' base and two tails per grain, GamePlay, the late tables)
 * take 150 MiB, more than the 128 MiB limit, so that a fold appending to the base tables beside the batches' appends
 * to the tails leaves too little to the queries, and a bulk load at 85,000 spins/s ran out of memory
 * (bench/board-scale.sh at 100 million spins). Hence {@link DuckDbFiles#BLOCK_SIZE}. DuckDB 2.0 starts such a
 * segment small whatever the block size (duckdb/duckdb#22725).
 * <p>
 * Usage: bench/duckdb-append-memory.sh [tables, default 25] [rows per append, default 10] [rows of the big table,
 * default 2000000] [block sizes, default 262144,65536,16384]; run it with -Dduckdb.version=2.0.0.1 on the build (see
 * the script) to compare versions.
 */
public final class DuckDbAppendMemoryBench {

    /** The ingestor's own rollup table (rollup-table.sql), of a time grain: {table} is left to fill in. */
    private static final String ROLLUP_TABLE = resource("/dev/leaderboard/ingest/duckdb/rollup-table.sql")
            .replace("{key}", "Bin").replace("{keyType}", "TIMESTAMP");
    private static final int COLUMN_COUNT = 12;
    private static final int BOARD_RUNS = 30;
    /** A board's shape over a rollup: per player sums and the earliest best ratio, the top 10,000 by net. */
    private static final String BOARD = "SELECT PlayerID, sum(SumWin) - sum(SumStake) AS Net, sum(Spins), max(BestRatio),"
            + " min(BestRatioAt) FROM big GROUP BY PlayerID ORDER BY Net DESC, PlayerID LIMIT 10000";

    public static void main(String[] args) throws Exception {
        int tables = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long bigRows = args.length > 2 ? Long.parseLong(args[2]) : 2_000_000;
        int[] blockSizes = Arrays.stream((args.length > 3 ? args[3] : "262144,65536,16384").split(","))
                .mapToInt(size -> Integer.parseInt(size.strip())).toArray();
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target")).toAbsolutePath(), "append-memory-");
        for (int blockSize : blockSizes) {
            Properties settings = new Properties();
            settings.setProperty("default_block_size", String.valueOf(blockSize));
            try (DuckDBConnection db = DuckDbFiles.open(work.resolve("append-" + blockSize + ".duckdb"), settings);
                 Statement statement = db.createStatement()) {
                try (ResultSet version = statement.executeQuery("SELECT version(), block_size FROM pragma_database_size()")) {
                    version.next();
                    System.out.printf("DuckDB %s, blocks of %,d bytes: %d tables of %d columns, %d rows per append%n",
                            version.getString(1), version.getLong(2), tables, COLUMN_COUNT, rows);
                }
                appendMemory(statement, tables, rows);
                boardOverABigTable(statement, bigRows);
            }
        }
    }

    private static void appendMemory(Statement statement, int tables, int rows) throws Exception {
        for (int t = 0; t < tables; t++) {
            statement.execute(ROLLUP_TABLE.replace("{table}", "t" + t));
        }
        statement.execute("CHECKPOINT");
        appendToEach(statement, tables, rows);
        System.out.printf("  after the first append to each:        IN_MEMORY_TABLE %,8d KiB%n", inMemoryTable(statement) >> 10);
        statement.execute("CHECKPOINT");
        System.out.printf("  after a checkpoint:                    IN_MEMORY_TABLE %,8d KiB%n", inMemoryTable(statement) >> 10);
        appendToEach(statement, tables, rows);
        long second = inMemoryTable(statement);
        System.out.printf("  after an append to each after it:      IN_MEMORY_TABLE %,8d KiB (%,d KiB per table and column)%n",
                second >> 10, (second >> 10) / ((long) tables * COLUMN_COUNT));
        statement.execute("CHECKPOINT");
        System.out.printf("  after the next checkpoint:             IN_MEMORY_TABLE %,8d KiB%n", inMemoryTable(statement) >> 10);
        try (ResultSet sum = statement.executeQuery("SELECT sum(Spins) FROM t0")) {
            sum.next();
            if (sum.getLong(1) != 2L * rows) {
                throw new IllegalStateException("t0 holds " + sum.getLong(1) + " spins, not " + 2 * rows);
            }
        }
    }

    private static void boardOverABigTable(Statement statement, long bigRows) throws Exception {
        long before = databaseBytes(statement);
        statement.execute(ROLLUP_TABLE.replace("{table}", "big"));
        statement.execute("SELECT setseed(0.42)");
        statement.execute("INSERT INTO big SELECT (random() * 100000)::INTEGER, (random() * 40)::INTEGER,"
                + " TIMESTAMP '2026-01-01' + to_minutes((random() * 1000)::BIGINT), (random() * 100)::BIGINT,"
                + " (random() * 1000)::HUGEINT, (random() * 1000)::BIGINT, random(),"
                + " TIMESTAMP '2026-01-01' + to_seconds((random() * 1e6)::BIGINT), TIMESTAMP '2026-01-01',"
                + " TIMESTAMP '2026-01-01', TIMESTAMP '2026-01-01', true FROM range(" + bigRows + ")");
        statement.execute("CHECKPOINT");
        long[] nanos = new long[BOARD_RUNS];
        for (int run = 0; run < BOARD_RUNS; run++) {
            long started = System.nanoTime();
            try (ResultSet board = statement.executeQuery(BOARD)) {
                while (board.next()) {
                    // read every row, as the board does
                }
            }
            nanos[run] = System.nanoTime() - started;
        }
        Arrays.sort(nanos);
        System.out.printf("  a table of %,d rollup rows: %,.1f MiB in the file; board over it p50 %.1f ms, p90 %.1f ms%n",
                bigRows, (databaseBytes(statement) - before) / 1048576.0, nanos[BOARD_RUNS / 2] / 1e6,
                nanos[BOARD_RUNS * 9 / 10] / 1e6);
    }

    private static void appendToEach(Statement statement, int tables, int rows) throws Exception {
        for (int t = 0; t < tables; t++) {
            statement.execute("INSERT INTO t" + t + " SELECT i, 1, TIMESTAMP '2026-12-07', 1, 10, 10, 1.0,"
                    + " TIMESTAMP '2026-12-07', TIMESTAMP '2026-12-07', TIMESTAMP '2026-12-07', TIMESTAMP '2026-12-07', true"
                    + " FROM range(" + rows + ") r(i)");
        }
    }

    private static long databaseBytes(Statement statement) throws Exception {
        try (ResultSet size = statement.executeQuery("SELECT used_blocks * block_size FROM pragma_database_size()")) {
            size.next();
            return size.getLong(1);
        }
    }

    private static String resource(String name) {
        try (InputStream in = DuckDbAppendMemoryBench.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + name + " (the ingestor's jar is on the classpath)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long inMemoryTable(Statement statement) throws Exception {
        try (ResultSet memory = statement.executeQuery(
                "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'")) {
            memory.next();
            return memory.getLong(1);
        }
    }
}
