package dev.leaderboard.ingest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Counts rows the way a reader of the store would: all rows, and distinct provenance keys. */
final class StoredRows {

    private StoredRows() {
    }

    static long count(Connection connection) throws SQLException {
        return single(connection, "SELECT count(*) FROM GamePlay");
    }

    static long distinctSources(Connection connection) throws SQLException {
        return single(connection,
                "SELECT count(*) FROM (SELECT DISTINCT SourceTopic, SourcePartition, SourceOffset FROM GamePlay)");
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
