package dev.leaderboard.embedded;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.duckdb.DuckDBConnection;

/**
 * What DuckDB's buffer manager holds, from {@code duckdb_memory()}: the memory that
 * {@code DUCKDB_MEMORY_LIMIT_MB} bounds. DuckDB keeps the table's blocks cached up to that limit, so as
 * the table grows this figure climbs to the limit and stays there; it is most of what the runner's
 * resident memory outside the Java heap gains over a long run.
 *
 * @param usedBytes       memory in use across all of DuckDB's buffer manager tags
 * @param temporaryBytes  bytes spilled to temporary files
 */
public record DuckDbMemory(long usedBytes, long temporaryBytes) {

    private static final String QUERY =
            "SELECT coalesce(sum(memory_usage_bytes), 0), coalesce(sum(temporary_storage_bytes), 0) FROM duckdb_memory()";

    /** Reads it on a connection of its own to {@code database}. */
    public static DuckDbMemory read(DuckDBConnection database) throws SQLException {
        try (Connection connection = database.duplicate();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(QUERY)) {
            result.next();
            return new DuckDbMemory(result.getLong(1), result.getLong(2));
        }
    }

    public long usedMib() {
        return usedBytes >> 20;
    }

    public long temporaryMib() {
        return temporaryBytes >> 20;
    }
}
