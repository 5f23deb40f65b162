package dev.leaderboard.ingest.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbFilesTest {

    /** The runner's DUCKDB_MEMORY_LIMIT_MB default. */
    private static final long RUNNER_MEMORY_LIMIT = 128L << 20;

    @TempDir
    Path dir;

    @Test
    void makesANewFileWithItsBlockSize() throws Exception {
        try (DuckDBConnection db = DuckDbFiles.open(dir.resolve("new.duckdb"), new Properties())) {
            assertThat(DuckDbFiles.blockSize(db)).isEqualTo(DuckDbFiles.BLOCK_SIZE).isEqualTo(65_536);
        }
    }

    @Test
    void opensAFileMadeWithDuckDbsDefaultBlocksAsItIs() throws Exception {
        Path file = dir.resolve("old.duckdb");
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
             Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE Spins AS SELECT range AS Id FROM range(1000)");
        }

        try (DuckDBConnection db = DuckDbFiles.open(file, new Properties());
             Statement statement = db.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM Spins")) {
            count.next();
            assertThat(count.getLong(1)).isEqualTo(1000);
            assertThat(DuckDbFiles.blockSize(db)).isEqualTo(262_144);
        }
    }

    @Test
    void appendingToEveryRollupTableAfterACheckpointTakesLessThanHalfTheRunnersMemoryLimit() throws Exception {
        Properties limit = new Properties();
        limit.setProperty("memory_limit", (RUNNER_MEMORY_LIMIT >> 20) + "MiB");
        try (DuckDBConnection db = DuckDbFiles.open(dir.resolve("rollups.duckdb"), limit);
             Statement statement = db.createStatement()) {
            DuckDbGamePlaySink.createSchema(db);
            List<String> rollupTables = rollupTables(statement);
            appendARowToEach(statement, rollupTables);
            statement.execute("CHECKPOINT");

            appendARowToEach(statement, rollupTables);

            // Each of those tables now holds a block per column and another for its validity until the next checkpoint:
            // at DuckDB's 256 KiB blocks that is more than the whole limit (134 MiB here), at 64 KiB 55 MiB.
            assertThat(rollupTables).hasSizeGreaterThan(20);
            assertThat(inMemoryTableBytes(statement)).isPositive().isLessThan(RUNNER_MEMORY_LIMIT / 2);
        }
    }

    private static void appendARowToEach(Statement statement, List<String> tables) throws Exception {
        for (String table : tables) {
            statement.execute("INSERT INTO " + table + " VALUES (100, 1, TIMESTAMP '2026-12-07 10:00', 1, 10, 10, 1.0,"
                    + " TIMESTAMP '2026-12-07 10:00', TIMESTAMP '2026-12-07 10:00', TIMESTAMP '2026-12-07 10:00',"
                    + " TIMESTAMP '2026-12-07 10:00', false)");
        }
    }

    /** The rollup tables of the schema (base, tails and late tables, every one with the rollup's columns). */
    private static List<String> rollupTables(Statement statement) throws Exception {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT table_name FROM duckdb_columns()"
                + " WHERE column_name = 'Compacted' AND table_name IN (SELECT table_name FROM duckdb_tables()) ORDER BY 1")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    private static long inMemoryTableBytes(Statement statement) throws Exception {
        try (ResultSet memory = statement.executeQuery(
                "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'")) {
            memory.next();
            return memory.getLong(1);
        }
    }
}
