package dev.leaderboard.ingest.duckdb;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.UnaryOperator;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The board rollups of rollup-table.sql: a batch's spins are staged, added to every grain's table in the
 * batch's own transaction ({@link #addStaged()}), and the rows of a grain are merged once enough have
 * been added since its last merge ({@link #compactWhereDue()}). Merging never changes what a board
 * reads, so it runs in a transaction of its own, on a thread and connection of its own.
 */
final class Rollups {

    private static final Logger log = LoggerFactory.getLogger(Rollups.class);

    /** By default a grain merges once this many rows were added to it, or as many as its last merge wrote if more. */
    static final long MIN_ROWS_BEFORE_COMPACTION = 50_000;

    /** A spin's GameID in a rollup table: its game, or 0 in a table kept per player over all games. */
    private static final String PER_GAME = "s.GameID";
    private static final String ALL_GAMES = "0";

    /**
     * Every rollup table: the time grains finest first, each keyed by its bin (from 2000-01-01 UTC, see the
     * web's RollupReads), then each grain again per player over all games (boards without a game filter over
     * every game read players x bins there, not players x games x bins), then the campaigns', keyed by campaign, per player over the campaign's games: a spin counts in each
     * campaign of RollupCampaignBuilt whose range and games hold it.
     */
    enum Grain {
        MINUTE("RollupMinute", "1 minute", PER_GAME, null),
        HOUR("RollupHour", "1 hour", PER_GAME, null),
        DAY("RollupDay", "1 day", PER_GAME, null),
        CENTURY("RollupCentury", "100 years", PER_GAME, null),
        MINUTE_ALL_GAMES("RollupMinuteAllGames", "1 minute", ALL_GAMES, MINUTE),
        HOUR_ALL_GAMES("RollupHourAllGames", "1 hour", ALL_GAMES, HOUR),
        DAY_ALL_GAMES("RollupDayAllGames", "1 day", ALL_GAMES, DAY),
        CENTURY_ALL_GAMES("RollupCenturyAllGames", "100 years", ALL_GAMES, CENTURY),
        CAMPAIGN("RollupCampaign", null, ALL_GAMES, null);

        final String table;
        /** For a table kept over all games, the per-game table of the same grain it can be built from; else null. */
        final Grain perGame;
        /**
         * Hour, day and century: they hold the spins before RollupWatermark.CoarseBefore (schema.sql), and
         * follow it from the minute rows ({@link #coarsenSql}); a batch adds to them only its spins before it.
         */
        final boolean coarse;
        final String fromPerGameSql;
        final String createSql;
        final String addSql;
        final List<String> compactSql;
        final String mismatchesSql;
        /** For a coarse grain, how it takes the minutes the watermark passes (rollup-coarsen.sql); else null. */
        final String coarsenSql;
        /**
         * The table of minute rows that a move of the watermark leaves for the coarse grains (see {@link #move}):
         * RollupLate for the per-game grains, RollupLateAllGames for those over all games; null for the campaigns.
         */
        final String lateTable;
        /** For a minute grain, how a batch adds its spins of [$1, $2) to its {@link #lateTable}; else null. */
        final String lateAddSql;
        /** For a coarse grain, how it takes the rows of its {@link #lateTable} in [$1, $2) (rollup-coarsen.sql); else null. */
        final String drainSql;

        /**
         * @param width      a time grain's bin width (bins from 2000-01-01 UTC); null for the campaigns' table,
         *                   keyed by CampaignId: a spin counts in each campaign of RollupCampaignBuilt whose
         *                   range and games hold it
         * @param gameOfSpin a spin's GameID in the table: its game, or 0 in a table kept over all games
         */
        Grain(String table, String width, String gameOfSpin, Grain perGame) {
            this.table = table;
            this.perGame = perGame;
            this.coarse = width != null && !width.equals("1 minute");
            String key = width == null ? "CampaignId" : "Bin";
            String keyType = width == null ? "VARCHAR" : "TIMESTAMP";
            String keyOfSpin = width == null ? "c.CampaignId" : bin(width);
            String joinForKey = width != null ? "" : " JOIN RollupCampaignBuilt c"
                    + " ON s.EventTime >= c.StartTime AND s.EventTime < c.EndTime"
                    + " AND (coalesce(len(c.Games), 0) = 0 OR list_contains(c.Games, s.GameID))";
            // A batch adds to a coarse grain its spins before the watermark as the ingest thread knows it ($1); the
            // mismatches check counts those before the stored one.
            String spinsCounted = coarse ? " WHERE s.EventTime < ?" : "";
            String spinsCountedNow = coarse ? " WHERE s.EventTime < (" + COARSE_BEFORE + ")" : "";
            this.lateTable = width == null ? null : gameOfSpin.equals(ALL_GAMES) ? "RollupLateAllGames" : "RollupLate";
            this.fromPerGameSql = perGame == null ? null : DuckDbGamePlaySink.sql("rollup-all-games-from-per-game.sql")
                    .replace("{table}", table).replace("{perGameTable}", perGame.table);
            UnaryOperator<String> forGrain = sql -> sql.replace("{table}", table).replace("{keyType}", keyType)
                    .replace("{keyOfSpin}", keyOfSpin).replace("{joinForKey}", joinForKey)
                    .replace("{gameOfSpin}", gameOfSpin).replace("{key}", key);
            this.createSql = forGrain.apply(DuckDbGamePlaySink.sql("rollup-table.sql"));
            this.addSql = forGrain.apply(DuckDbGamePlaySink.sql("rollup-add.sql")).replace("{spinsCounted}", spinsCounted);
            this.compactSql = statements(forGrain.apply(DuckDbGamePlaySink.sql("rollup-compact.sql")));
            String lateRows = !coarse ? "" : " UNION ALL SELECT PlayerID, GameID, time_bucket(INTERVAL '" + width
                    + "', Bin, TIMESTAMP '2000-01-01') AS Bin, * EXCLUDE (PlayerID, GameID, Bin) FROM " + lateTable
                    + " WHERE Bin < (" + COARSE_BEFORE + ")";
            this.mismatchesSql = forGrain.apply(DuckDbGamePlaySink.sql("rollup-mismatches.sql"))
                    .replace("{spinsCounted}", spinsCountedNow).replace("{lateRows}", lateRows);
            String coarsen = DuckDbGamePlaySink.sql("rollup-coarsen.sql").replace("{table}", table).replace("{width}", String.valueOf(width));
            this.coarsenSql = !coarse ? null
                    : coarsen.replace("{minuteTable}", gameOfSpin.equals(ALL_GAMES) ? "RollupMinuteAllGames" : "RollupMinute");
            this.drainSql = !coarse ? null : coarsen.replace("{minuteTable}", lateTable);
            this.lateAddSql = width == null || coarse ? null
                    : forGrain.apply(DuckDbGamePlaySink.sql("rollup-add.sql").replace("{table}", lateTable))
                            .replace("{spinsCounted}", " WHERE s.EventTime >= ? AND s.EventTime < ?");
        }

        private static String bin(String width) {
            return "time_bucket(INTERVAL '" + width + "', s.EventTime, TIMESTAMP '2000-01-01')";
        }
    }

    /** Where a batch puts its spins of the minutes a running move passes (see {@link #move}): per game, over all games. */
    static final List<String> LATE_TABLES = List.of("RollupLate", "RollupLateAllGames");

    /** The end of what the coarse grains hold (schema.sql's RollupWatermark); without its row, every spin. */
    private static final String COARSE_BEFORE =
            "SELECT coalesce(max(CoarseBefore), TIMESTAMP 'infinity') FROM RollupWatermark";
    /**
     * How long after a minute ends the watermark passes it: spins of the minute that arrive later are late
     * (added to the coarse grains by their batch), which is exact but costs a batch six more statements.
     */
    static final Duration ROLL_UP_AFTER = Duration.ofSeconds(10);
    private static final long MICROS_PER_MINUTE = 60_000_000L;

    /** Campaigns whose rollup is missing, out of date, or of a campaign that is gone. */
    private static final String CHANGED_CAMPAIGNS = """
            SELECT c.CampaignId FROM Campaigns c LEFT JOIN RollupCampaignBuilt b USING (CampaignId)
            WHERE b.CampaignId IS NULL OR b.StartTime <> c.StartTime OR b.EndTime <> c.EndTime
               OR b.Games IS DISTINCT FROM c.Games
            UNION ALL
            SELECT CampaignId FROM RollupCampaignBuilt WHERE CampaignId NOT IN (SELECT CampaignId FROM Campaigns)
            """;
    private static final List<String> BUILD_CAMPAIGN = statements(DuckDbGamePlaySink.sql("rollup-campaign-build.sql"));

    private static final String CREATE_STAGING = "CREATE TEMP TABLE IF NOT EXISTS StagedSpins "
            + "(PlayerID INTEGER, GameID INTEGER, Win BIGINT, Stake INTEGER, EventTime TIMESTAMP)";

    private final DuckDBConnection connection;
    private final long minRowsBeforeCompaction;
    /** The merges' own connection and thread: a merge never holds up the batch after it. */
    private final DuckDBConnection mergeConnection;
    private final ExecutorService merger;
    private final AtomicLongArray uncompacted = new AtomicLongArray(Grain.values().length);
    /**
     * Rows each grain's last merge wrote; 0 after a restart, not the table's compacted rows, which for the
     * finer grains are the whole history while a merge rewrites only the bins that got rows.
     */
    private final AtomicLongArray lastCompactionRows = new AtomicLongArray(Grain.values().length);
    private final long[] addedInTransaction = new long[Grain.values().length];
    /** Per grain, the clock (µs) when its last successful merge started; 0 before one. */
    private final AtomicLongArray mergedAsOf = new AtomicLongArray(Grain.values().length);
    private Future<?> merging = CompletableFuture.completedFuture(null);
    /** The last move or drain handed to the merge thread (see {@link #moveWhereDue()}). */
    private Future<?> moving = CompletableFuture.completedFuture(null);
    /** Tasks handed to the merge thread that have not ended: merges, moves, drains and checkpoints. */
    private final AtomicInteger backgroundTasks = new AtomicInteger();
    private final InstantSource clock;
    /**
     * RollupWatermark.CoarseBefore as the ingest thread knows it, in microseconds since the epoch (UTC): a batch adds
     * its spins before it to the coarse grains. The ingest thread moves it on when it learns that a move committed.
     */
    private long coarseBefore;
    /** While a move to it runs (0 when none does): a batch also adds its spins of [coarseBefore, this) to RollupLate. */
    private long lateBefore;
    /** Where the last move committed, set on the merge thread (see {@link #move}). */
    private final AtomicLong movedTo = new AtomicLong();
    /** Set on the merge thread when a move failed: its late rows must go before the next. */
    private final AtomicBoolean moveFailed = new AtomicBoolean();
    /** RollupLate's rows at or after coarseBefore are left from a failed move: the next batch deletes them. */
    private boolean lateRowsLeft;
    /** Runs in a move right after it has its snapshot: tests hold a move there to commit batches meanwhile. */
    volatile Runnable afterMoveSnapshot = () -> { };
    /** RollupLate holds rows before coarseBefore: a drain (see {@link #drain}) is due before the next move. */
    private final AtomicBoolean drainDue = new AtomicBoolean();

    Rollups(DuckDBConnection connection, long minRowsBeforeCompaction, InstantSource clock) throws SQLException {
        this.connection = connection;
        this.minRowsBeforeCompaction = minRowsBeforeCompaction;
        this.clock = clock;
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_STAGING);
            for (Grain grain : Grain.values()) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + grain.table + " WHERE NOT Compacted")) {
                    rows.next();
                    uncompacted.set(grain.ordinal(), rows.getLong(1));
                }
            }
        }
        this.coarseBefore = startWatermark(connection, minuteEnded());
        // What a move or drain cut short left: rows before the watermark are counted, so they go to the coarse grains
        // now; those after it are also in the minute grains, which the next move copies.
        drain(connection, coarseBefore);
        this.mergeConnection = (DuckDBConnection) connection.duplicate();
        this.mergeConnection.setAutoCommit(false);
        this.merger = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rollup-merge");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Where the batch's spins go before {@link #addStaged()}: PlayerID, GameID, Win, Stake, EventTime. */
    DuckDBAppender stagingAppender() throws SQLException {
        return connection.createAppender("temp", "main", "StagedSpins");
    }

    /**
     * Adds the staged spins to the minute and campaign grains, and those before the watermark (late spins,
     * when {@code earliestEventMicros} says there are any) to the coarse grains; while a move runs, those of the
     * minutes it moves past to RollupLate too (see {@link #move}); then empties the staging table. All in the open
     * transaction.
     */
    void addStaged(long earliestEventMicros) throws SQLException {
        learnOfMoves();
        try (Statement statement = connection.createStatement()) {
            boolean late = earliestEventMicros < coarseBefore;
            for (Grain grain : Grain.values()) {
                if (!grain.coarse) {
                    addedInTransaction[grain.ordinal()] += statement.executeUpdate(grain.addSql);
                } else if (late) {
                    try (PreparedStatement add = connection.prepareStatement(grain.addSql)) {
                        add.setObject(1, timestamp(coarseBefore));
                        addedInTransaction[grain.ordinal()] += add.executeUpdate();
                    }
                }
                if (grain.lateAddSql != null && lateBefore != 0 && earliestEventMicros < lateBefore) {
                    try (PreparedStatement add = connection.prepareStatement(grain.lateAddSql)) {
                        add.setObject(1, timestamp(coarseBefore));
                        add.setObject(2, timestamp(lateBefore));
                        if (add.executeUpdate() > 0) {
                            drainDue.set(true);
                        }
                    }
                }
            }
            if (lateRowsLeft) {
                for (String table : LATE_TABLES) {
                    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE Bin >= ?")) {
                        delete.setObject(1, timestamp(coarseBefore));
                        delete.executeUpdate();
                    }
                }
            }
            statement.execute("DELETE FROM StagedSpins");
        }
    }

    /**
     * Between two batches (the ingest thread): takes in a move that committed, or one that failed, since the last
     * batch. After a commit the coarse grains (with RollupLate) hold the spins before the new watermark, so the next
     * batch adds its spins before it to them, and RollupLate's rows go to them on the merge thread.
     */
    private void learnOfMoves() {
        if (lateBefore == 0) {
            return;
        }
        if (movedTo.get() == lateBefore) {
            coarseBefore = lateBefore;
            lateBefore = 0;
        } else if (moveFailed.getAndSet(false)) {
            lateBefore = 0;
            lateRowsLeft = true;
        }
    }

    /** The start of the minute {@link #ROLL_UP_AFTER} ago, in microseconds: how far the watermark should be. */
    private long minuteEnded() {
        return minuteOf(DuckDbGamePlaySink.epochMicros(clock.instant()) - ROLL_UP_AFTER.toNanos() / 1_000);
    }

    /**
     * The watermark's next place: {@link #minuteEnded()}, once both minute grains were merged after it (each
     * merge's start, less {@link #ROLL_UP_AFTER}), or have no rows to merge. So the move copies a minute's merged
     * rows, about one per player and game: under the soak's load the unmerged rows of a minute were five times
     * as many, and the batch that moved the watermark took seconds. {@link #compactWhereDue()} merges them
     * when the watermark waits for it.
     */
    private long rollUpTarget() {
        long target = minuteEnded();
        for (Grain minute : List.of(Grain.MINUTE, Grain.MINUTE_ALL_GAMES)) {
            if (uncompacted.get(minute.ordinal()) > 0) {
                target = Math.min(target, minuteOf(mergedAsOf.get(minute.ordinal()) - ROLL_UP_AFTER.toNanos() / 1_000));
            }
        }
        return target;
    }

    private static long minuteOf(long micros) {
        return Math.floorDiv(micros, MICROS_PER_MINUTE) * MICROS_PER_MINUTE;
    }

    /**
     * After a batch committed (the ingest thread): moves the watermark on, on the merge thread, when a minute has
     * ended since it last moved (see {@link #ROLL_UP_AFTER}), or first hands RollupLate's rows to the coarse grains
     * when a move left some. Only while the merge thread is idle, and one at a time.
     */
    void moveWhereDue() {
        if (lateBefore != 0 || lateRowsLeft || backgroundTasks.get() > 0) {
            return;
        }
        if (drainDue.get()) {
            long before = coarseBefore;
            moving = submit(() -> drainOnMergeThread(before));
            return;
        }
        long from = coarseBefore;
        long to = rollUpTarget();
        if (to <= from) {
            return;
        }
        CountDownLatch snapshotTaken = new CountDownLatch(1);
        AtomicBoolean started = new AtomicBoolean();
        moving = submit(() -> move(from, to, snapshotTaken, started));
        try {
            snapshotTaken.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (started.get()) {
            lateBefore = to;
        }
    }

    /**
     * On the merge thread, in a transaction of its own: adds the rows of the minutes {@code [from, to)} of the minute
     * rollups to every coarse grain and moves the watermark to {@code to}, so that boards read those minutes from the
     * coarse grains from its commit on. The batches go on meanwhile: the ingest thread waits only until this
     * transaction has its snapshot ({@code snapshotTaken}), and from then until it learns of the commit, its batches
     * also put their spins of those minutes in RollupLate, which boards read with the coarse grains before the
     * watermark. So a spin of those minutes is in the copy when its batch committed before the snapshot, in RollupLate
     * when after: counted once, before, during and after the move. In the batch's transaction it held every spin
     * up for 0.6-1.2 s once a minute under the soak's load (210,000 rows).
     */
    private void move(long from, long to, CountDownLatch snapshotTaken, AtomicBoolean started) {
        long began = System.nanoTime();
        try (Statement statement = mergeConnection.createStatement()) {
            try (ResultSet snapshot = statement.executeQuery("SELECT count(*) FROM RollupWatermark")) {
                snapshot.next();
                started.set(true);
            } finally {
                snapshotTaken.countDown();
            }
            afterMoveSnapshot.run();
            long rows = 0;
            long[] added = new long[Grain.values().length];
            for (Grain grain : Grain.values()) {
                if (grain.coarse) {
                    try (PreparedStatement copy = mergeConnection.prepareStatement(grain.coarsenSql)) {
                        copy.setObject(1, timestamp(from));
                        copy.setObject(2, timestamp(to));
                        added[grain.ordinal()] = copy.executeUpdate();
                        rows += added[grain.ordinal()];
                    }
                }
            }
            try (PreparedStatement move = mergeConnection.prepareStatement("UPDATE RollupWatermark SET CoarseBefore = ?")) {
                move.setObject(1, timestamp(to));
                move.executeUpdate();
            }
            mergeConnection.commit();
            for (Grain grain : Grain.values()) {
                uncompacted.addAndGet(grain.ordinal(), added[grain.ordinal()]);
            }
            movedTo.set(to);
            log.debug("Moved the coarse rollups from {} to {}: {} rows in {} ms", timestamp(from), timestamp(to), rows,
                    (System.nanoTime() - began) / 1_000_000);
        } catch (SQLException e) {
            rollback();
            moveFailed.set(true);
            log.warn("Moving the coarse rollups from {} to {} failed; boards stay exact, it is tried again after the "
                    + "next batch", timestamp(from), timestamp(to), e);
        }
    }

    /** On the merge thread, in a transaction of its own: {@link #drain} of RollupLate's rows before {@code before}. */
    private void drainOnMergeThread(long before) {
        try {
            drainDue.set(false);
            long rows = drain(mergeConnection, before);
            mergeConnection.commit();
            log.debug("Added {} rows of RollupLate before {} to the coarse rollups", rows, timestamp(before));
        } catch (SQLException e) {
            rollback();
            drainDue.set(true);
            log.warn("Adding RollupLate's rows to the coarse rollups failed; boards stay exact, tried again after the "
                    + "next batch", e);
        }
    }

    /**
     * Adds the rows of RollupLate (and RollupLateAllGames) before {@code before} to the coarse grains and deletes them
     * all, in the connection's open transaction: a board reads either. Rows at or after it are left by a move cut
     * short, and the minute grains hold their spins too. Returns the rows added.
     */
    private static long drain(DuckDBConnection connection, long before) throws SQLException {
        long rows = 0;
        for (Grain grain : Grain.values()) {
            if (grain.coarse) {
                try (PreparedStatement add = connection.prepareStatement(grain.drainSql)) {
                    add.setObject(1, LocalDateTime.of(1, 1, 1, 0, 0));
                    add.setObject(2, timestamp(before));
                    rows += add.executeUpdate();
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String table : LATE_TABLES) {
                statement.execute("DELETE FROM " + table);
            }
        }
        return rows;
    }

    /** The transaction that added rows committed: they count towards the next merge. */
    void committed() {
        for (Grain grain : Grain.values()) {
            uncompacted.addAndGet(grain.ordinal(), addedInTransaction[grain.ordinal()]);
        }
        Arrays.fill(addedInTransaction, 0);
        lateRowsLeft = false;
    }

    /** The transaction that added rows rolled back: they are gone. */
    void rolledBack() {
        Arrays.fill(addedInTransaction, 0);
    }

    /**
     * The stored watermark, after storing one if there is none: the minute {@code target} (a new database), or
     * for a database from before the watermark, whose coarse rollups hold every spin, just after its last minute.
     */
    private static long startWatermark(DuckDBConnection connection, long target) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO RollupWatermark SELECT "
                + "greatest($1::TIMESTAMP, coalesce((SELECT max(Bin) FROM RollupMinute) + INTERVAL 1 MINUTE, $1::TIMESTAMP)) "
                + "WHERE NOT EXISTS (SELECT * FROM RollupWatermark)");
             Statement statement = connection.createStatement()) {
            insert.setObject(1, timestamp(target));
            insert.executeUpdate();
            try (ResultSet row = statement.executeQuery("SELECT CoarseBefore FROM RollupWatermark")) {
                row.next();
                return DuckDbGamePlaySink.epochMicros(row.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC));
            }
        }
    }

    private static LocalDateTime timestamp(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1_000, ZoneOffset.UTC);
    }

    /**
     * Starts merging, on the merge thread, each grain whose added rows reached the minimum given at
     * construction, or the size of its last merge: each merge rewrites at most about twice what was added
     * since the one before. Returns at once; one merge runs at a time. A merge is a transaction of its own
     * over a snapshot: rows a batch adds meanwhile stay as they are until the next one, and boards are exact
     * before, during and after. A failed merge is rolled back and tried again later. The minute grains also
     * merge when the watermark waits for them (see {@link #rollUpTarget()}), about once a minute.
     */
    void compactWhereDue() {
        if (!merging.isDone()) {
            return;
        }
        boolean watermarkWaits = minuteEnded() > Math.max(coarseBefore, rollUpTarget());
        List<Grain> due = Arrays.stream(Grain.values())
                .filter(grain -> due(grain) || watermarkWaits && (grain == Grain.MINUTE || grain == Grain.MINUTE_ALL_GAMES)
                        && uncompacted.get(grain.ordinal()) > 0)
                .toList();
        if (!due.isEmpty()) {
            merging = submit(() -> due.forEach(this::compact));
        }
    }

    /** Hands a task to the merge thread, counted in {@link #backgroundTasks} until it ends. */
    private Future<?> submit(Runnable task) {
        backgroundTasks.incrementAndGet();
        return merger.submit(() -> {
            try {
                task.run();
            } finally {
                backgroundTasks.decrementAndGet();
            }
        });
    }

    private boolean due(Grain grain) {
        long added = uncompacted.get(grain.ordinal());
        return added > 0 && added >= Math.max(minRowsBeforeCompaction, lastCompactionRows.get(grain.ordinal()));
    }

    /**
     * Builds, in the batch's transaction (this is its first statement), the rollup of each campaign that is
     * new in Campaigns or whose range or games changed since it was built (and drops those of campaigns that
     * are gone), before the batch's spins are added: rollup-campaign-build.sql. Waits for a merge in progress
     * first, which could be rewriting the same campaign's rows. A query on two small tables when nothing changed.
     */
    void buildChangedCampaigns() throws SQLException {
        List<String> changed = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(CHANGED_CAMPAIGNS)) {
            while (rows.next()) {
                changed.add(rows.getString(1));
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        awaitMerges();
        // A snapshot that sees what the merge wrote: deleting rows it already replaced would conflict.
        connection.rollback();
        for (String campaign : changed) {
            long started = System.nanoTime();
            long rows = 0;
            for (String sql : BUILD_CAMPAIGN) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setString(1, campaign);
                    int updated = statement.executeUpdate();
                    if (sql.startsWith("INSERT INTO RollupCampaign") && !sql.startsWith("INSERT INTO RollupCampaignBuilt")) {
                        rows = updated;
                    }
                }
            }
            log.info("Built the board rollup of campaign {} from the stored rollups: {} rows in {} ms", campaign, rows,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * The merges' thread, for other background work on the store that must not overlap a merge (checkpoints); its
     * tasks count as the thread's work for {@link #moveWhereDue()}.
     */
    Executor background() {
        return this::submit;
    }

    /** Waits for the merge and the move in progress, if any (tests, benchmarks, close). */
    void awaitMerges() {
        try {
            moving.get();
            merging.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("A rollup merge failed unexpectedly", e.getCause());
        }
    }

    /** Waits for the merge in progress, then stops the merge thread and closes its connection. */
    void close() {
        awaitMerges();
        merger.shutdown();
        try {
            mergeConnection.close();
        } catch (SQLException e) {
            log.warn("Closing the rollup merges' DuckDB connection failed", e);
        }
    }

    private void compact(Grain grain) {
        long added = uncompacted.get(grain.ordinal());
        long asOf = DuckDbGamePlaySink.epochMicros(clock.instant());  // before its snapshot: every batch committed before this is merged
        long started = System.nanoTime();
        try (Statement statement = mergeConnection.createStatement()) {
            long written = 0;
            for (String sql : grain.compactSql) {
                boolean query = statement.execute(sql);
                if (!query && sql.startsWith("INSERT")) {
                    written = statement.getUpdateCount();
                }
            }
            mergeConnection.commit();
            // Rows added while it ran were not in its snapshot: they count towards the next one.
            uncompacted.addAndGet(grain.ordinal(), -added);
            lastCompactionRows.set(grain.ordinal(), written);
            mergedAsOf.set(grain.ordinal(), asOf);
            log.debug("Merged {} rows of {} into {} in {} ms", added, grain.table, written,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            rollback();
            log.warn("Merging the rows of {} failed; boards stay exact, the merge is tried again after the next batch",
                    grain.table, e);
        }
    }

    private void rollback() {
        Transactions.rollback(mergeConnection, "a rollup merge");
    }

    /**
     * Creates the rollup tables that are missing, and moves a table written before SumWin was stored
     * uncompressed (see rollup-table.sql) to a new one that is, in one transaction per table.
     */
    static void createTables(DuckDBConnection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : LATE_TABLES) {
                statement.execute(Grain.MINUTE.createSql.replace("CREATE TABLE IF NOT EXISTS " + Grain.MINUTE.table,
                        "CREATE TABLE IF NOT EXISTS " + table));
            }
            for (Grain grain : Grain.values()) {
                boolean existed = tableExists(statement, grain.table);
                statement.execute(grain.createSql);
                if (!existed && grain.perGame != null) {
                    // A database from before this table: build it from what its per-game table holds.
                    long rows = statement.executeUpdate(grain.fromPerGameSql);
                    if (rows > 0) {
                        log.info("Built {} ({} rows) from {}, which a database from before it holds", grain.table,
                                rows, grain.perGame.table);
                    }
                }
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
                if (hasPackedSums(statement, grain)) {
                    unpackSums(connection, grain);
                }
            }
        }
    }

    private static boolean tableExists(Statement statement, String table) throws SQLException {
        try (ResultSet result = statement.executeQuery(
                "SELECT count(*) FROM duckdb_tables() WHERE NOT temporary AND table_name = '" + table + "'")) {
            result.next();
            return result.getLong(1) > 0;
        }
    }

    /** Whether a stored segment of the table's SumWin is compressed (a table from before rollup-table.sql said not to). */
    private static boolean hasPackedSums(Statement statement, Grain grain) throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT count(*) FROM pragma_storage_info('" + grain.table
                + "') WHERE column_name = 'SumWin' AND segment_type = 'HUGEINT' AND compression <> 'Uncompressed'")) {
            result.next();
            return result.getLong(1) > 0;
        }
    }

    private static void unpackSums(DuckDBConnection connection, Grain grain) throws SQLException {
        String unpacked = grain.table + "Unpacked";
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + unpacked);
            statement.execute(grain.createSql.replace(grain.table, unpacked));
            long rows = statement.executeUpdate("INSERT INTO " + unpacked + " SELECT * FROM " + grain.table);
            statement.execute("DROP TABLE " + grain.table);
            statement.execute("ALTER TABLE " + unpacked + " RENAME TO " + grain.table);
            connection.commit();
            log.info("Rewrote {} ({} rows) with SumWin uncompressed, as rollup-table.sql now declares it", grain.table, rows);
        } catch (SQLException e) {
            Transactions.rollback(connection, "the rewrite of " + grain.table);
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Builds every rollup from the spins in GamePlay, replacing what they held: for a database written
     * before rollups existed, and for tests that insert spins with SQL. Commits when the connection is
     * not in auto-commit.
     */
    static void rebuildFromSpins(DuckDBConnection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_STAGING);
            statement.execute("DELETE FROM StagedSpins");
            statement.execute("INSERT INTO StagedSpins SELECT PlayerID, GameID, Win, Stake, EventTime FROM GamePlay");
            // No watermark while building: the coarse grains take every spin, then it goes just after the last one.
            statement.execute("DELETE FROM RollupWatermark");
            for (String table : LATE_TABLES) {
                statement.execute("DELETE FROM " + table);
            }
            for (Grain grain : Grain.values()) {
                statement.execute("DELETE FROM " + grain.table);
                try (PreparedStatement add = connection.prepareStatement(grain.addSql)) {
                    if (grain.coarse) {
                        add.setObject(1, LocalDateTime.of(294000, 1, 1, 0, 0));
                    }
                    add.executeUpdate();
                }
            }
            statement.execute("DELETE FROM StagedSpins");
            statement.execute("INSERT INTO RollupWatermark SELECT max(Bin) + INTERVAL 1 MINUTE FROM RollupMinute HAVING count(*) > 0");
            for (Grain grain : Grain.values()) {
                for (String sql : grain.compactSql) {
                    statement.execute(sql);
                }
            }
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    /** Per rollup table, how many (player, game, bin) differ from the aggregates of every stored spin. */
    static Map<String, Long> mismatches(DuckDBConnection connection) throws SQLException {
        Map<String, Long> mismatches = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (Grain grain : Grain.values()) {
                try (ResultSet result = statement.executeQuery(grain.mismatchesSql)) {
                    result.next();
                    mismatches.put(grain.table, result.getLong(1));
                }
            }
        }
        return mismatches;
    }

    /** The statements of a script, split at each ';' that ends a line; '--' comment lines dropped. */
    private static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        script.lines().filter(line -> !line.strip().startsWith("--")).forEach(line -> withoutComments.append(line).append('\n'));
        return Arrays.stream(withoutComments.toString().split(";\\s*\n"))
                .map(String::strip)
                .filter(sql -> !sql.isEmpty())
                .toList();
    }
}
