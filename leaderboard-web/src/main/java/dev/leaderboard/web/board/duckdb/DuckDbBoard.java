package dev.leaderboard.web.board.duckdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.leaderboard.web.board.Board;
import dev.leaderboard.web.board.BoardUnavailableException;
import dev.leaderboard.web.board.Standings;
import dev.leaderboard.web.board.Standings.Standing;
import org.duckdb.DuckDBConnection;

/**
 * Boards computed by SQL on the DuckDB database the ingestor writes. Each query runs on its own
 * connection to the same database instance, so requests never share a statement.
 */
public final class DuckDbBoard implements Board {

    private static final String TOP_BY_RATIO = sql("top-by-ratio.sql");

    private final DuckDBConnection database;
    private final Clock clock;

    public DuckDbBoard(DuckDBConnection database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Standings top(int limit) throws BoardUnavailableException {
        try (Connection connection = database.duplicate();
             PreparedStatement statement = connection.prepareStatement(TOP_BY_RATIO)) {
            statement.setInt(1, limit);
            List<Standing> entries = new ArrayList<>(limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Standing(rows.getLong("Rank"), rows.getInt("PlayerID"), rows.getDouble("Score")));
                }
            }
            return new Standings(clock.instant(), entries);
        } catch (SQLException e) {
            throw new BoardUnavailableException("DuckDB did not answer the leaderboard query", e);
        }
    }

    @Override
    public boolean isReachable() {
        try (Connection connection = database.duplicate(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static String sql(String name) {
        try (InputStream in = DuckDbBoard.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing SQL resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
