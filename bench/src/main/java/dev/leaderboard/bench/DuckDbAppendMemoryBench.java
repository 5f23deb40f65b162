package dev.leaderboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.duckdb.DuckDBConnection;

/**
 * What DuckDB holds in memory for tables that were appended to since the last checkpoint, whatever the rows: the
 * part of its memory limit ({@code DUCKDB_MEMORY_LIMIT_MB}, 128 MiB by default) that the rollups' many tables take
 * before any query runs. {@code tables} tables made by the ingestor's rollup-table.sql (twelve columns) in a database
 * file: a few rows appended to each, a checkpoint, a few rows more to each, a checkpoint; DuckDB's IN_MEMORY_TABLE
 * (duckdb_memory()) after each step, and per table and column after the second append.
 * <p>
 * On DuckDB 1.5.6 the first append after a checkpoint gives each column a whole 256 KiB block and another for its
 * validity, however few the rows: 25 tables (the rollups' base and two tails per grain, GamePlay, the late tables)
 * take 150 MiB, more than the 128 MiB limit, so that a fold appending to the base tables beside the batches' appends
 * to the tails leaves too little to the queries, and a bulk load at 85,000 spins/s ran out of memory
 * (bench/board-scale.sh at 100 million spins). DuckDB 2.0 starts such a segment small (duckdb/duckdb#22725).
 * <p>
 * Usage: bench/duckdb-append-memory.sh [tables, default 25] [rows per append, default 10]; run it with
 * -Dduckdb.version=2.0.0.1 on the build (see the script) to compare versions.
 */
public final class DuckDbAppendMemoryBench {

    /** The ingestor's own rollup table (rollup-table.sql), of a time grain: {table} is left to fill in. */
    private static final String ROLLUP_TABLE = resource("/dev/leaderboard/ingest/duckdb/rollup-table.sql")
            .replace("{key}", "Bin").replace("{keyType}", "TIMESTAMP");
    private static final int COLUMN_COUNT = 12;

    public static void main(String[] args) throws Exception {
        int tables = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path file = Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target")).toAbsolutePath(),
                "append-memory-").resolve("append.duckdb");
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement statement = db.createStatement()) {
            try (ResultSet version = statement.executeQuery("SELECT version()")) {
                version.next();
                System.out.printf("DuckDB %s, %d tables of %d columns, %d rows per append%n", version.getString(1), tables,
                        COLUMN_COUNT, rows);
            }
            for (int t = 0; t < tables; t++) {
                statement.execute(ROLLUP_TABLE.replace("{table}", "t" + t));
            }
            statement.execute("CHECKPOINT");
            appendToEach(statement, tables, rows);
            long first = inMemoryTable(statement);
            System.out.printf("after the first append to each:          IN_MEMORY_TABLE %,8d KiB%n", first >> 10);
            statement.execute("CHECKPOINT");
            System.out.printf("after a checkpoint:                      IN_MEMORY_TABLE %,8d KiB%n", inMemoryTable(statement) >> 10);
            appendToEach(statement, tables, rows);
            long second = inMemoryTable(statement);
            System.out.printf("after an append to each after it:        IN_MEMORY_TABLE %,8d KiB (%,d KiB per table and column)%n",
                    second >> 10, (second >> 10) / ((long) tables * COLUMN_COUNT));
            statement.execute("CHECKPOINT");
            System.out.printf("after the next checkpoint:               IN_MEMORY_TABLE %,8d KiB%n", inMemoryTable(statement) >> 10);
            try (ResultSet sum = statement.executeQuery("SELECT sum(Spins) FROM t0")) {
                sum.next();
                if (sum.getLong(1) != 2L * rows) {
                    throw new IllegalStateException("t0 holds " + sum.getLong(1) + " spins, not " + 2 * rows);
                }
            }
        }
    }

    private static void appendToEach(Statement statement, int tables, int rows) throws Exception {
        for (int t = 0; t < tables; t++) {
            statement.execute("INSERT INTO t" + t + " SELECT i, 1, TIMESTAMP '2026-12-07', 1, 10, 10, 1.0,"
                    + " TIMESTAMP '2026-12-07', TIMESTAMP '2026-12-07', TIMESTAMP '2026-12-07', TIMESTAMP '2026-12-07', true"
                    + " FROM range(" + rows + ") r(i)");
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
