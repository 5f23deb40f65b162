package dev.leaderboard.ingest.duckdb;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the leaderboard's DuckDB file for writing, with the block size it is made with when it does not exist yet.
 * <p>
 * DuckDB 1.5 gives every column of a table appended to since the last checkpoint a whole block of its own, and another
 * for its validity, however few the rows. The rollups are about 25 tables of 12 columns (a base and two tails per
 * grain, GamePlay, the late tables), so at DuckDB's 256 KiB blocks that took up to 150 MiB, more than the runner's
 * 128 MiB limit: queries and merges were refused for memory, and a bulk load of 100 million spins ended with DuckDB
 * invalidating the database (bench/results/board-scale-session15/). At 64 KiB the same appends take a quarter, and on
 * the rollups' own table a board reads as fast and the file is as large (bench/duckdb-append-memory.sh); at 16 KiB the
 * file grew by two thirds. A file keeps the block size it was made with.
 */
public final class DuckDbFiles {

    private static final Logger log = LoggerFactory.getLogger(DuckDbFiles.class);

    /** The block size of a file made here, in bytes (DuckDB's default is 262,144; it takes powers of two from 16,384). */
    public static final int BLOCK_SIZE = 65_536;

    private DuckDbFiles() {
    }

    /**
     * Opens {@code file}, making it with {@link #BLOCK_SIZE} blocks if it does not exist; {@code settings} (DuckDB's
     * configuration, such as {@code memory_limit}) are applied too, and may name another {@code default_block_size}.
     * A file made with larger blocks (before this class, or by another program) is opened as it is, with a warning.
     */
    public static DuckDBConnection open(Path file, Properties settings) throws SQLException {
        Properties all = new Properties();
        all.setProperty("default_block_size", String.valueOf(BLOCK_SIZE));
        all.putAll(settings);
        DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), all);
        long blockSize = blockSize(connection);
        if (blockSize > BLOCK_SIZE) {
            log.warn("{} was made with {} KiB blocks, not {}: its rollup tables need up to {} times as much of DuckDB's memory "
                    + "limit between two checkpoints; give it more (DUCKDB_MEMORY_LIMIT_MB) or copy it into a new file "
                    + "(README: DuckDB's block size)", file, blockSize >> 10, BLOCK_SIZE >> 10, blockSize / BLOCK_SIZE);
        } else {
            log.info("DuckDB file {} ({} KiB blocks)", file, blockSize >> 10);
        }
        return connection;
    }

    /** The block size of the database {@code connection} is on, in bytes. */
    static long blockSize(DuckDBConnection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet size = statement.executeQuery("SELECT block_size FROM pragma_database_size() WHERE database_name = current_database()")) {
            size.next();
            return size.getLong(1);
        }
    }
}
