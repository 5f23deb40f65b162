package dev.leaderboard.web.board.duckdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.leaderboard.web.board.Activity;
import dev.leaderboard.web.board.Activity.SecondCount;
import dev.leaderboard.web.board.Board;
import dev.leaderboard.web.board.BoardQuery;
import dev.leaderboard.web.board.BoardUnavailableException;
import dev.leaderboard.web.board.Campaign;
import dev.leaderboard.web.board.Standings;
import dev.leaderboard.web.board.Standings.Standing;
import org.duckdb.DuckDBConnection;

/**
 * Boards computed by SQL on the DuckDB database the ingestor writes, with the semantics of the ADX
 * stored functions. Each query runs on its own connection to the same database instance, so requests
 * never share a statement. Timestamps in DuckDB are UTC without a zone.
 */
public final class DuckDbBoard implements Board {

    private static final String BOARD = sql("board.sql");
    private static final String CAMPAIGNS = sql("campaigns.sql");
    private static final String EVENTS_PER_SECOND = sql("events-per-second.sql");
    private static final String INGEST_LATENCY = sql("ingest-latency.sql");

    private final DuckDBConnection database;
    private final Clock clock;

    public DuckDbBoard(DuckDBConnection database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public List<Campaign> campaigns() throws BoardUnavailableException {
        try (Connection connection = database.duplicate();
             PreparedStatement statement = connection.prepareStatement(CAMPAIGNS);
             ResultSet rows = statement.executeQuery()) {
            List<Campaign> campaigns = new ArrayList<>();
            while (rows.next()) {
                campaigns.add(new Campaign(rows.getString("CampaignId"), rows.getString("Name"),
                        instant(rows, "StartTime"), instant(rows, "EndTime"),
                        games(rows.getArray("Games"))));
            }
            return campaigns;
        } catch (SQLException e) {
            throw new BoardUnavailableException("DuckDB did not answer the campaigns query", e);
        }
    }

    @Override
    public Standings standings(BoardQuery query, int depth) throws BoardUnavailableException {
        Instant now = clock.instant();
        Optional<Campaign> campaign = Optional.empty();
        if (query.campaignId().isPresent()) {
            campaign = campaigns().stream().filter(c -> c.id().equals(query.campaignId().get())).findFirst();
            if (campaign.isEmpty()) {
                return new Standings(now, List.of());
            }
        }
        BoardRange range = BoardRange.of(campaign, query.window(), now);
        try (Connection connection = database.duplicate();
             PreparedStatement statement = connection.prepareStatement(BOARD)) {
            statement.setObject(1, utc(range.from()));
            statement.setObject(2, utc(range.to()));
            statement.setString(3, query.campaignId().orElse(null));
            if (query.gameId().isPresent()) {
                statement.setInt(4, query.gameId().get());
            } else {
                statement.setNull(4, Types.INTEGER);
            }
            statement.setString(5, query.metric().id());
            statement.setInt(6, depth);
            List<Standing> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Standing(rows.getLong("Rank"), rows.getInt("PlayerID"), rows.getString("Name"),
                            rows.getDouble("Score")));
                }
            }
            return new Standings(now, entries);
        } catch (SQLException e) {
            throw new BoardUnavailableException("DuckDB did not answer the leaderboard query", e);
        }
    }

    @Override
    public Activity activity(Duration span) throws BoardUnavailableException {
        Instant now = clock.instant();
        try (Connection connection = database.duplicate();
             PreparedStatement perSecond = connection.prepareStatement(EVENTS_PER_SECOND);
             PreparedStatement latency = connection.prepareStatement(INGEST_LATENCY)) {
            LocalDateTime from = utc(now.minus(span));
            perSecond.setObject(1, from);
            perSecond.setObject(2, utc(now));
            List<SecondCount> counts = new ArrayList<>();
            try (ResultSet rows = perSecond.executeQuery()) {
                while (rows.next()) {
                    counts.add(new SecondCount(instant(rows, "Second"), rows.getLong("Events")));
                }
            }
            latency.setObject(1, from);
            Optional<Duration> ingestLatency = Optional.empty();
            try (ResultSet rows = latency.executeQuery()) {
                if (rows.next() && rows.getObject("LatencyMs") != null) {
                    ingestLatency = Optional.of(Duration.ofMillis(Math.round(rows.getDouble("LatencyMs"))));
                }
            }
            return new Activity(now, counts, ingestLatency);
        } catch (SQLException e) {
            throw new BoardUnavailableException("DuckDB did not answer the activity query", e);
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

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        LocalDateTime utc = rows.getObject(column, LocalDateTime.class);
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    private static List<Integer> games(Array games) throws SQLException {
        if (games == null) {
            return List.of();
        }
        List<Integer> ids = new ArrayList<>();
        for (Object game : (Object[]) games.getArray()) {
            ids.add(((Number) game).intValue());
        }
        return ids;
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
