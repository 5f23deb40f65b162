package dev.leaderboard.ingest.players;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.time.Instant;
import java.util.Collection;

import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.ingest.duckdb.Transactions;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The Players table in DuckDB: applies a poll's changes in one transaction, appended in bulk to a
 * staging table and merged with two statements. The newest UpdatedAt wins,
 * whatever order profiles arrive in, so replaying records after a crash changes nothing.
 */
final class DuckDbPlayerStore implements AutoCloseable {

    private final DuckDBConnection connection;

    /** Takes its own connection to the database (see {@link DuckDBConnection#duplicate()}), and closes it. */
    DuckDbPlayerStore(DuckDBConnection connection) throws SQLException {
        this.connection = connection;
        DuckDbGamePlaySink.createSchema(connection);
        connection.setAutoCommit(false);
    }

    /** Changes hold at most one per player (see {@link PlayerChanges}), as one INSERT needs. */
    void apply(Collection<PlayerChange> changes) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // Clearing the staging table also opens the transaction the appender then joins.
            statement.execute(sql("player-changes.sql"));
            appendChanges(changes);
            statement.execute(sql("apply-upserts.sql"));
            statement.execute(sql("apply-deletes.sql"));
            connection.commit();
        } catch (SQLException e) {
            Transactions.rollback(connection, "the player profiles' changes");
            throw e;
        }
    }

    private void appendChanges(Collection<PlayerChange> changes) throws SQLException {
        try (DuckDBAppender appender = connection.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "PlayerChanges")) {
            for (PlayerChange change : changes) {
                appender.beginRow().append(change.playerId());
                if (change instanceof PlayerChange.Upsert upsert) {
                    appender.append(false).append(upsert.profile().name());
                    if (upsert.profile().country() == null) {
                        appender.appendNull();
                    } else {
                        appender.append(upsert.profile().country());
                    }
                    appender.appendEpochMicros(epochMicros(upsert.profile().updatedAt()));
                } else {
                    appender.append(true).appendNull().appendNull().appendNull();
                }
                appender.endRow();
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    private static long epochMicros(Instant time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }

    private static String sql(String name) {
        try (InputStream in = DuckDbPlayerStore.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing SQL resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
