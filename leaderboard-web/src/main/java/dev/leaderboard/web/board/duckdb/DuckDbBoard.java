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
import dev.leaderboard.web.board.Metric;
import dev.leaderboard.web.board.Standings;
import dev.leaderboard.web.board.Standings.Standing;
import dev.leaderboard.web.board.duckdb.RollupReads.Grain;
import dev.leaderboard.web.board.duckdb.RollupReads.Span;
import org.duckdb.DuckDBConnection;

/**
 * Boards computed by SQL on the DuckDB database the ingestor writes, with the semantics of the ADX
 * stored functions, from the ingestor's rollups (see {@link RollupReads}), so that a board's cost follows
 * players and time bins, not the number of stored spins. Each query runs on its own connection to the same database instance, so requests
 * never share a statement. Timestamps in DuckDB are UTC without a zone.
 */
public final class DuckDbBoard implements Board {

    /** The best players of a board; ranks are numbered in {@link #readTop}. */
    private static final String BOARD_TOP = sql("board-scores.sql").replace("{ratioCut}", "true") + "\n" + sql("board-top.sql");
    /** A player and its neighbours, ranks included: every player is ranked, so none is cut (board-scores.sql's ratio_cut). */
    private static final String BOARD_AROUND = sql("board-scores.sql").replace("{ratioCut}", "false") + "\n"
            + sql("board-around.sql");
    private static final String CAMPAIGNS = sql("campaigns.sql");
    private static final String CAMPAIGN_BOARD = sql("campaign-board.sql");
    private static final String EVENTS_PER_SECOND = sql("events-per-second.sql");
    private static final String INGEST_LATENCY = sql("ingest-latency.sql");
    /**
     * board-scores.sql's switches ($22, $23) between per-game and all-games tables: an upper bound on Bin, above
     * or below every bin whatever its year (DuckDB's infinite timestamps).
     */
    private static final String TABLE_ON = "infinity";
    private static final String TABLE_OFF = "-infinity";

    private final DuckDBConnection database;
    private final Clock clock;
    /** Whether the store has RollupWatermark (once it has, it keeps it). */
    private volatile boolean hasWatermark;

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
        Optional<BoardRange> range = range(query, now);
        if (range.isEmpty()) {
            return new Standings(now, List.of());
        }
        return new Standings(now, standings(range.get(), query.campaignId(), query.gameId(), query.metric(), depth,
                Optional.empty()));
    }

    @Override
    public Optional<Standings> around(BoardQuery query, int playerId, int neighbours) throws BoardUnavailableException {
        Instant now = clock.instant();
        Optional<BoardRange> range = range(query, now);
        if (range.isEmpty()) {
            return Optional.empty();
        }
        List<Standing> entries = standings(range.get(), query.campaignId(), query.gameId(), query.metric(), neighbours,
                Optional.of(playerId));
        return entries.isEmpty() ? Optional.empty() : Optional.of(new Standings(now, entries));
    }

    /** The board's event-time range now; empty for a campaign id the store does not know. */
    private Optional<BoardRange> range(BoardQuery query, Instant now) throws BoardUnavailableException {
        Optional<Campaign> campaign = Optional.empty();
        if (query.campaignId().isPresent()) {
            campaign = campaigns().stream().filter(c -> c.id().equals(query.campaignId().get())).findFirst();
            if (campaign.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(BoardRange.of(campaign, query.window(), now));
    }

    /**
     * The board over {@code range} on the campaign's games (or every game), narrowed to {@code game}: the
     * best {@code count} players, or with {@code player} that player and {@code count} neighbours each side.
     */
    List<Standing> standings(BoardRange range, Optional<String> campaignId, Optional<Integer> game, Metric metric,
                             int count, Optional<Integer> player) throws BoardUnavailableException {
        try (Connection connection = database.duplicate()) {
            // One transaction: the campaign rollup's readiness and the board are read from one snapshot.
            connection.setAutoCommit(false);
            CampaignBoard campaign = campaignId.isPresent() ? campaignBoard(connection, campaignId.get(), range)
                    : CampaignBoard.NO_CAMPAIGN;
            Optional<String> campaignRollup = game.isEmpty() && campaign.rollupBuilt() ? campaignId : Optional.empty();
            RollupReads reads = campaignRollup.isPresent() ? RollupReads.NONE
                    : RollupReads.of(range.from(), range.to(), coarseBefore(connection));
            // Over every game, bins are read per player over all games, not per player and game.
            boolean everyGame = game.isEmpty() && campaign.everyGame();
            try (PreparedStatement statement = connection.prepareStatement(player.isPresent() ? BOARD_AROUND : BOARD_TOP)) {
                int parameter = bind(statement, 1, reads.bins(Grain.CENTURY, 0));
                for (Grain grain : List.of(Grain.DAY, Grain.HOUR, Grain.MINUTE)) {
                    parameter = bind(statement, parameter, reads.bins(grain, 0));
                    parameter = bind(statement, parameter, reads.bins(grain, 1));
                }
                parameter = bind(statement, parameter, reads.spins(0));
                parameter = bind(statement, parameter, reads.spins(1));
                statement.setString(parameter++, campaignRollup.isPresent() ? null : campaignId.orElse(null));
                setInteger(statement, parameter++, game);
                statement.setString(parameter++, metric.id());
                statement.setString(parameter++, everyGame ? TABLE_OFF : TABLE_ON);
                statement.setString(parameter++, everyGame ? TABLE_ON : TABLE_OFF);
                statement.setString(parameter++, campaignRollup.orElse(null));
                parameter = bind(statement, parameter, reads.late());
                parameter = bind(statement, parameter, reads.bins(Grain.TEN_MINUTES, 0));
                parameter = bind(statement, parameter, reads.bins(Grain.TEN_MINUTES, 1));
                statement.setInt(parameter++, count);
                if (player.isPresent()) {
                    statement.setInt(parameter, player.get());
                }
                try (ResultSet rows = statement.executeQuery()) {
                    return player.isPresent() ? readRanked(rows) : readTop(rows);
                }
            } finally {
                connection.rollback();  // it only read
            }
        } catch (SQLException e) {
            throw new BoardUnavailableException("DuckDB did not answer the leaderboard query", e);
        }
    }

    /**
     * How far the ingestor's coarse rollups (ten minutes, hour, day, century) reach: they hold the spins before this, and the
     * minute rollup every spin (its RollupWatermark). Instant.MAX without it: the coarse rollups hold every spin.
     */
    private Instant coarseBefore(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (!hasWatermark) {
                // A file an ingestor from before the watermark wrote (read-only here: WebMain) has no such table.
                try (ResultSet table = statement.executeQuery(
                        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'RollupWatermark'")) {
                    table.next();
                    if (table.getLong(1) == 0) {
                        return Instant.MAX;
                    }
                    hasWatermark = true;
                }
            }
            try (ResultSet row = statement.executeQuery("SELECT max(CoarseBefore) FROM RollupWatermark")) {
                LocalDateTime coarseBefore = row.next() ? row.getObject(1, LocalDateTime.class) : null;
                return coarseBefore == null ? Instant.MAX : coarseBefore.toInstant(ZoneOffset.UTC);
            }
        }
    }

    /**
     * What a campaign's board reads (campaign-board.sql): whether the campaign counts every game, and whether the board
     * is the campaign's whole range with the ingestor's rollup of the campaign built for it as Campaigns defines it now
     * (then the board reads that rollup alone).
     */
    private record CampaignBoard(boolean everyGame, boolean rollupBuilt) {
        /** A board over no campaign: every game, and no campaign rollup. */
        static final CampaignBoard NO_CAMPAIGN = new CampaignBoard(true, false);
        /** A campaign Campaigns does not hold (gone since the board's range was taken). */
        static final CampaignBoard UNKNOWN = new CampaignBoard(false, false);
    }

    private static CampaignBoard campaignBoard(Connection connection, String campaignId, BoardRange range)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CAMPAIGN_BOARD)) {
            statement.setString(1, campaignId);
            statement.setObject(2, utc(range.from()));
            statement.setObject(3, utc(range.to()));
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? new CampaignBoard(rows.getBoolean("EveryGame"), rows.getBoolean("RollupBuilt"))
                        : CampaignBoard.UNKNOWN;
            }
        }
    }

    /** Rows best first from rank 1: a row ties the one before when their scores are equal (1, 2, 2, 4). */
    private static List<Standing> readTop(ResultSet rows) throws SQLException {
        List<Standing> entries = new ArrayList<>();
        long rank = 0;
        double previous = Double.NaN;
        while (rows.next()) {
            double score = rows.getDouble("Score");
            if (entries.isEmpty() || score != previous) {
                rank = entries.size() + 1;
            }
            previous = score;
            entries.add(new Standing(rank, rows.getInt("PlayerID"), rows.getString("Name"), score));
        }
        return entries;
    }

    private static List<Standing> readRanked(ResultSet rows) throws SQLException {
        List<Standing> entries = new ArrayList<>();
        while (rows.next()) {
            entries.add(new Standing(rows.getLong("Rank"), rows.getInt("PlayerID"), rows.getString("Name"),
                    rows.getDouble("Score")));
        }
        return entries;
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

    private static void setInteger(PreparedStatement statement, int parameter, Optional<Integer> value)
            throws SQLException {
        if (value.isPresent()) {
            statement.setInt(parameter, value.get());
        } else {
            statement.setNull(parameter, Types.INTEGER);
        }
    }

    /** Binds {@code span} to the parameters {@code first} and {@code first + 1}; returns the next free one. */
    private static int bind(PreparedStatement statement, int first, Span span) throws SQLException {
        statement.setObject(first, utc(span.from()));
        statement.setObject(first + 1, utc(span.to()));
        return first + 2;
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
