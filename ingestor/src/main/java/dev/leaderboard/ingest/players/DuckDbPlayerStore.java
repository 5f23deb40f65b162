package dev.leaderboard.ingest.players;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.time.Instant;
import java.util.Collection;

import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import org.duckdb.DuckDBConnection;

/**
 * The Players table in DuckDB: applies a poll's changes in one transaction. The newest UpdatedAt wins,
 * whatever order profiles arrive in, so replaying records after a crash changes nothing.
 */
final class DuckDbPlayerStore implements AutoCloseable {

    private final DuckDBConnection connection;
    private final PreparedStatement upsert;
    private final PreparedStatement delete;

    /** Takes its own connection to the database (see {@link DuckDBConnection#duplicate()}), and closes it. */
    DuckDbPlayerStore(DuckDBConnection connection) throws SQLException {
        this.connection = connection;
        DuckDbGamePlaySink.createSchema(connection);
        connection.setAutoCommit(false);
        this.upsert = connection.prepareStatement(sql("upsert-player.sql"));
        this.delete = connection.prepareStatement(sql("delete-player.sql"));
    }

    void apply(Collection<PlayerChange> changes) throws SQLException {
        try {
            for (PlayerChange change : changes) {
                if (change instanceof PlayerChange.Upsert upsertChange) {
                    upsert.setInt(1, upsertChange.profile().playerId());
                    upsert.setString(2, upsertChange.profile().name());
                    upsert.setString(3, upsertChange.profile().country());
                    upsert.setLong(4, epochMicros(upsertChange.profile().updatedAt()));
                    upsert.executeUpdate();
                } else {
                    delete.setInt(1, change.playerId());
                    delete.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        upsert.close();
        delete.close();
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
