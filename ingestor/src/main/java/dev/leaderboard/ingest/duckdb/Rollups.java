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
 * <p>
 * Each grain's "table" is a view over a base table and two tails ({@link Grain#table}). Everything above writes the
 * tail the ingest thread has chosen ({@link #tail}); once the watermark has moved, the ingest thread turns to the
 * other tail and hands the fold of the first to the merge thread ({@link #fold}), which drops it. So merges may
 * delete rows, and the file does not keep them: bench/duckdb-file-growth.sh.
 */
final class Rollups {

    private static final Logger log = LoggerFactory.getLogger(Rollups.class);

    /**
     * By default a grain merges once this many rows were added to it, whatever its size: a merge rewrites only the
     * (player, game, bin) keys that got rows (rollup-compact.sql), so between two merges a grain holds at most about
     * this many rows more than merged (and what batches add while a merge runs). Until session 17 a merge rewrote every
     * bin that got rows whole, the century's 400,000 rows at 100 million spins, and so waited for as many added rows
     * as it last wrote: the grain held up to twice its merged rows, and boards read up to 2.45 times slower between
     * merges (bench/board-scale.sh).
     */
    static final long MIN_ROWS_BEFORE_COMPACTION = 50_000;

    /**
     * A fold is due once merges have deleted this many rows in the tail the batches write, or as many as it holds if
     * more: so the file keeps at most about as many deleted rows as live ones, and a fold copies no more rows than the
     * merges since the last one deleted. Folding at every move of the watermark instead copied every open bin (the
     * hour's, the day's, the century's) once a minute: at 100,000 players, produced -> visible p50 989 ms against
     * 621 ms merging in place (bench/board-freshness.sh 1000000).
     */
    static final long MIN_DELETED_BEFORE_FOLD = 1_000_000;

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
        TEN_MINUTES("RollupTenMinutes", "10 minutes", PER_GAME, null),
        HOUR("RollupHour", "1 hour", PER_GAME, null),
        DAY("RollupDay", "1 day", PER_GAME, null),
        CENTURY("RollupCentury", "100 years", PER_GAME, null),
        MINUTE_ALL_GAMES("RollupMinuteAllGames", "1 minute", ALL_GAMES, MINUTE),
        TEN_MINUTES_ALL_GAMES("RollupTenMinutesAllGames", "10 minutes", ALL_GAMES, TEN_MINUTES),
        HOUR_ALL_GAMES("RollupHourAllGames", "1 hour", ALL_GAMES, HOUR),
        DAY_ALL_GAMES("RollupDayAllGames", "1 day", ALL_GAMES, DAY),
        CENTURY_ALL_GAMES("RollupCenturyAllGames", "100 years", ALL_GAMES, CENTURY),
        CAMPAIGN("RollupCampaign", null, ALL_GAMES, null);

        /**
         * What boards read: a view over {@link #base}, which only ever gets rows appended (of bins that have ended), and
         * the two {@link #tails}, which batches, moves and merges write, one at a time, and which a fold drops in turn
         * (see {@link #fold}). Deleted rows stay in the file of a table that lives on (rollup-fold.sql says why).
         */
        final String table;
        final String base;
        /**
         * The century's and the campaigns' bins never end, so their rows stay in the tails, folded from one to the other,
         * and their base stays empty and out of the view.
         */
        final boolean endless;
        /** The tail tables: batches add to one of them (Rollups' {@code tail}) until the next fold turns them to the other. */
        final String[] tails;
        /** For a table kept over all games, the per-game table of the same grain it can be built from; else null. */
        final Grain perGame;
        /**
         * For a coarse grain, how it takes every minute row before the watermark into {table} (rollup-coarsen.sql): a
         * grain that a database from before it lacks is built so ({@link #buildMissingCoarseGrains}); else null.
         */
        final String buildSql;
        /**
         * Ten minutes, hour, day and century: they hold the spins before RollupWatermark.CoarseBefore (schema.sql), and
         * follow it from the minute rows ({@link #coarsenSql}); a batch adds to them only its spins before it.
         */
        final boolean coarse;
        final String fromPerGameSql;
        /** rollup-table.sql with {table} left in: see {@link #createSql(String)}. */
        private final String createTemplate;
        /** Per tail: how a batch adds to it (rollup-add.sql). */
        final String[] addSql;
        /** Per tail: how its rows are merged (rollup-compact.sql). */
        final List<List<String>> compactSql;
        /** Per tail, once merged ({@link #compactSql}): how it is folded into {@link #base} and the other tail (rollup-fold.sql), then made again. */
        final List<List<String>> foldSql;
        final String mismatchesSql;
        /** For a coarse grain, per tail: how it takes the minutes the watermark passes (rollup-coarsen.sql); else null. */
        final String[] coarsenSql;
        /**
         * The table of minute rows that a move of the watermark leaves for the coarse grains (see {@link #move}):
         * RollupLate for the per-game grains, RollupLateAllGames for those over all games; null for the campaigns.
         */
        final String lateTable;
        /** For a minute grain, how a batch adds its spins of [$1, $2) to its {@link #lateTable}; else null. */
        final String lateAddSql;
        /** For a coarse grain, per tail: how it takes the rows of its {@link #lateTable} in [$1, $2) (rollup-coarsen.sql); else null. */
        final String[] drainSql;

        /**
         * @param width      a time grain's bin width (bins from 2000-01-01 UTC); null for the campaigns' table,
         *                   keyed by CampaignId: a spin counts in each campaign of RollupCampaignBuilt whose
         *                   range and games hold it
         * @param gameOfSpin a spin's GameID in the table: its game, or 0 in a table kept over all games
         */
        Grain(String table, String width, String gameOfSpin, Grain perGame) {
            this.table = table;
            this.endless = width == null || width.equals("100 years");
            this.base = table + "Base";
            this.tails = new String[] {table + "Tail0", table + "Tail1"};
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
                    .replace("{table}", endless ? tails[0] : base).replace("{perGameTable}", perGame.table);
            UnaryOperator<String> forGrain = sql -> sql.replace("{keyType}", keyType)
                    .replace("{keyOfSpin}", keyOfSpin).replace("{joinForKey}", joinForKey)
                    .replace("{gameOfSpin}", gameOfSpin).replace("{key}", key);
            this.createTemplate = forGrain.apply(DuckDbGamePlaySink.sql("rollup-table.sql"));
            String add = forGrain.apply(DuckDbGamePlaySink.sql("rollup-add.sql")).replace("{spinsCounted}", spinsCounted);
            this.addSql = new String[] {add.replace("{table}", tails[0]), add.replace("{table}", tails[1])};
            String compact = forGrain.apply(DuckDbGamePlaySink.sql("rollup-compact.sql"));
            this.compactSql = List.of(statements(compact.replace("{table}", tails[0])), statements(compact.replace("{table}", tails[1])));
            // A bin has ended once the watermark has passed its end; the century's and the campaigns' never do.
            String done = endless ? "false" : key + " + INTERVAL '" + width + "' <= $1";
            String fold = forGrain.apply(DuckDbGamePlaySink.sql("rollup-fold.sql")).replace("{base}", base).replace("{done}", done);
            List<List<String>> folds = new ArrayList<>();
            for (int old = 0; old < 2; old++) {
                List<String> sql = new ArrayList<>(statements(fold.replace("{oldTail}", tails[old]).replace("{newTail}", tails[1 - old])));
                sql.add(createSql(tails[old]));
                sql.add(viewSql(1 - old));
                folds.add(List.copyOf(sql));
            }
            this.foldSql = List.copyOf(folds);
            String lateRows = !coarse ? "" : " UNION ALL SELECT PlayerID, GameID, time_bucket(INTERVAL '" + width
                    + "', Bin, TIMESTAMP '2000-01-01') AS Bin, * EXCLUDE (PlayerID, GameID, Bin) FROM " + lateTable
                    + " WHERE Bin < (" + COARSE_BEFORE + ")";
            this.mismatchesSql = forGrain.apply(DuckDbGamePlaySink.sql("rollup-mismatches.sql")).replace("{table}", table)
                    .replace("{spinsCounted}", spinsCountedNow).replace("{lateRows}", lateRows);
            String coarsen = DuckDbGamePlaySink.sql("rollup-coarsen.sql").replace("{width}", String.valueOf(width));
            String minutes = coarsen.replace("{minuteTable}", gameOfSpin.equals(ALL_GAMES) ? "RollupMinuteAllGames" : "RollupMinute");
            this.coarsenSql = !coarse ? null : new String[] {minutes.replace("{table}", tails[0]), minutes.replace("{table}", tails[1])};
            String late = !coarse ? null : coarsen.replace("{minuteTable}", lateTable);
            this.drainSql = !coarse ? null : new String[] {late.replace("{table}", tails[0]), late.replace("{table}", tails[1])};
            this.buildSql = !coarse ? null : minutes.replace("$1", "TIMESTAMP '-infinity'")
                    .replace("$2", "(" + COARSE_BEFORE + ")");
            this.lateAddSql = width == null || coarse ? null
                    : forGrain.apply(DuckDbGamePlaySink.sql("rollup-add.sql").replace("{table}", lateTable))
                            .replace("{spinsCounted}", " WHERE s.EventTime >= ? AND s.EventTime < ?");
        }

        /** rollup-table.sql for a table of this grain's columns named {@code name}. */
        String createSql(String name) {
            return createTemplate.replace("{table}", name);
        }

        /**
         * The view boards read over the base (unless {@link #endless}) and the tails given: both from the moment the
         * batches turn to the other tail until the fold of the first, the one the batches write after that (a tail
         * not in the view is empty). Each table a view reads costs every board a scan and its planning.
         */
        String viewSql(int... tailsRead) {
            StringBuilder view = new StringBuilder("CREATE OR REPLACE VIEW ").append(table).append(" AS ");
            if (!endless) {
                view.append("SELECT * FROM ").append(base).append(" UNION ALL ");
            }
            for (int i = 0; i < tailsRead.length; i++) {
                view.append(i == 0 ? "" : " UNION ALL ").append("SELECT * FROM ").append(tails[tailsRead[i]]);
            }
            return view.toString();
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
    /** Per tail: rollup-campaign-build.sql with the rebuilt rows going to that tail. */
    private static final List<List<String>> BUILD_CAMPAIGN = List.of(
            statements(DuckDbGamePlaySink.sql("rollup-campaign-build.sql").replace("{tail}", Grain.CAMPAIGN.tails[0])),
            statements(DuckDbGamePlaySink.sql("rollup-campaign-build.sql").replace("{tail}", Grain.CAMPAIGN.tails[1])));

    private static final String CREATE_STAGING = "CREATE TEMP TABLE IF NOT EXISTS StagedSpins "
            + "(PlayerID INTEGER, GameID INTEGER, Win BIGINT, Stake INTEGER, EventTime TIMESTAMP)";

    private final DuckDBConnection connection;
    private final long minRowsBeforeCompaction;
    /** The merges' own connection and thread: a merge never holds up the batch after it. */
    private final DuckDBConnection mergeConnection;
    private final ExecutorService merger;
    private final AtomicLongArray uncompacted = new AtomicLongArray(Grain.values().length);
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
    /**
     * Runs on the merge thread after a fold committed: the sink renews Checkpoints' pin there, since DuckDB refuses a
     * checkpoint while a transaction older than a drop is open.
     */
    volatile Runnable afterFold = () -> { };
    /** Runs in a move right after it has its snapshot: tests hold a move there to commit batches meanwhile. */
    volatile Runnable afterMoveSnapshot = () -> { };
    /** RollupLate holds rows before coarseBefore: a drain (see {@link #drain}) is due before the next move. */
    private final AtomicBoolean drainDue = new AtomicBoolean();
    /**
     * The tail of each grain (0 or 1, {@link Grain#tails}) that batches add to, and moves, drains and merges handed to
     * the merge thread write: the ingest thread's, which turns it to the other one when it hands over a fold.
     */
    private int tail;
    /** The watermark up to which the last fold took the bins that ended to the base tables (ingest thread). */
    private long foldedBefore;
    /** Rows the merges deleted in the tail the batches write since they turned to it (see {@link #MIN_DELETED_BEFORE_FOLD}). */
    private final AtomicLong deletedInTail = new AtomicLong();
    /** {@link #MIN_DELETED_BEFORE_FOLD}; 0 folds at every move of the watermark (tests). Ingest thread. */
    long minDeletedBeforeFold = MIN_DELETED_BEFORE_FOLD;

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
        drain(connection, coarseBefore, tail);
        buildMissingCoarseGrains(connection, tail);
        // What was left in the other tail (batches turned from it, and the fold did not commit) goes to the base and this.
        long[] folded = fold(connection, 1 - tail, coarseBefore);
        for (Grain grain : Grain.values()) {
            uncompacted.addAndGet(grain.ordinal(), -folded[grain.ordinal()]);
        }
        this.foldedBefore = coarseBefore;
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
                    addedInTransaction[grain.ordinal()] += statement.executeUpdate(grain.addSql[tail]);
                } else if (late) {
                    try (PreparedStatement add = connection.prepareStatement(grain.addSql[tail])) {
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
        int into = tail;
        if (drainDue.get()) {
            long before = coarseBefore;
            moving = submit(() -> drainOnMergeThread(before, into));
            return;
        }
        if (coarseBefore > foldedBefore && foldDue()) {
            // No batch is open and the merge thread is idle: nothing writes the tail but the fold from here on.
            if (!readBothTails(connection)) {
                return;
            }
            long before = coarseBefore;
            deletedInTail.set(0);
            tail = 1 - tail;
            foldedBefore = before;
            moving = submit(() -> foldOnMergeThread(into, before));
            return;
        }
        long from = coarseBefore;
        long to = rollUpTarget();
        if (to <= from) {
            return;
        }
        CountDownLatch snapshotTaken = new CountDownLatch(1);
        AtomicBoolean started = new AtomicBoolean();
        moving = submit(() -> move(from, to, into, snapshotTaken, started));
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
    private void move(long from, long to, int into, CountDownLatch snapshotTaken, AtomicBoolean started) {
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
                    try (PreparedStatement copy = mergeConnection.prepareStatement(grain.coarsenSql[into])) {
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
    private void drainOnMergeThread(long before, int into) {
        try {
            drainDue.set(false);
            long rows = drain(mergeConnection, before, into);
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
     * short, and the minute grains hold their spins too. They go to the tail {@code into}. Returns the rows added.
     */
    private static long drain(DuckDBConnection connection, long before, int into) throws SQLException {
        long rows = 0;
        for (Grain grain : Grain.values()) {
            if (grain.coarse) {
                try (PreparedStatement add = connection.prepareStatement(grain.drainSql[into])) {
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

    /**
     * On the merge thread: {@link #fold} of the tail {@code old}, which the batches have turned from. A grain whose fold
     * fails keeps its rows where they are, which boards read all the same; the next fold, from the other tail, turns
     * the batches back to this one, and the one after takes them.
     */
    private void foldOnMergeThread(int old, long before) {
        long began = System.nanoTime();
        long[] uncompactedFolded = fold(mergeConnection, old, before);
        for (Grain grain : Grain.values()) {
            uncompacted.addAndGet(grain.ordinal(), -uncompactedFolded[grain.ordinal()]);
        }
        log.debug("Folded the rollups' tail {} before {} in {} ms", old, timestamp(before), (System.nanoTime() - began) / 1_000_000);
        afterFold.run();
    }

    /**
     * Folds each grain's tail {@code old}, one grain at a time, each in two transactions of its own that {@code
     * connection} commits: the tail's rows merged (rollup-compact.sql, as any merge), then those of bins that end at or
     * before {@code before} appended to the base table, the others to the other tail, and the tail dropped and made
     * again, empty, which gives its blocks back to DuckDB at the next checkpoint (rollup-fold.sql). A fold's memory is
     * that of one grain's merge and copy, not of every grain at once: in one transaction, the fold of a tail that had
     * taken a minute of a bulk load (150,000 spins a second) ran out of DuckDB's 128 MiB (bench/board-freshness.sh).
     * Nothing else may write the tail meanwhile. A grain that fails is rolled back, logged and left in the tail.
     * Returns, per grain folded, the unmerged rows its tail held.
     */
    private static long[] fold(DuckDBConnection connection, int old, long before) {
        long[] uncompactedFolded = new long[Grain.values().length];
        for (Grain grain : Grain.values()) {
            try (Statement statement = connection.createStatement()) {
                long unmerged;
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + grain.tails[old] + " WHERE NOT Compacted")) {
                    rows.next();
                    unmerged = rows.getLong(1);
                }
                if (unmerged > 0) {
                    for (String sql : grain.compactSql.get(old)) {
                        statement.execute(sql);
                    }
                    connection.commit();
                }
                for (String sql : grain.foldSql.get(old)) {
                    if (sql.contains("$1")) {
                        try (PreparedStatement bound = connection.prepareStatement(sql)) {
                            bound.setObject(1, timestamp(before));
                            bound.executeUpdate();
                        }
                    } else {
                        statement.execute(sql);
                    }
                }
                connection.commit();
                uncompactedFolded[grain.ordinal()] = unmerged;
            } catch (SQLException e) {
                Transactions.rollback(connection, "a rollup fold");
                log.warn("Folding {} failed; boards stay exact, its rows stay until a later fold", grain.tails[old], e);
            }
        }
        return uncompactedFolded;
    }

    /** Whether the merges have deleted enough rows in the batches' tail for a fold ({@link #MIN_DELETED_BEFORE_FOLD}). */
    private boolean foldDue() {
        long deleted = deletedInTail.get();
        if (minDeletedBeforeFold == 0) {
            return true;
        }
        if (deleted < minDeletedBeforeFold) {
            return false;
        }
        long rows = 0;
        try (Statement statement = connection.createStatement()) {
            for (Grain grain : Grain.values()) {
                try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + grain.tails[tail])) {
                    count.next();
                    rows += count.getLong(1);
                }
            }
        } catch (SQLException e) {
            log.warn("Could not count the rows of the rollups' tails; the fold waits", e);
            return false;
        }
        return deleted >= rows;
    }

    /**
     * Every view over the base and both tails, in a transaction of its own on {@code connection}: before the batches
     * turn to the other tail, which the fold of the first then leaves alone in the view. False (logged) if DuckDB
     * refused: the batches stay on their tail, and the next batch tries again.
     */
    private static boolean readBothTails(DuckDBConnection connection) {
        try (Statement statement = connection.createStatement()) {
            for (Grain grain : Grain.values()) {
                statement.execute(grain.viewSql(0, 1));
            }
            connection.commit();
            return true;
        } catch (SQLException e) {
            Transactions.rollback(connection, "the rollup views over both tails");
            log.warn("Could not make the rollup views read both tails; the batches stay on theirs", e);
            return false;
        }
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

    /**
     * Builds each coarse grain that holds no row while its minute grain has rows before the watermark: a grain added
     * since the database was written (the ten minutes'). Called once RollupLate is drained, when every coarse grain
     * holds exactly the minute rows before the watermark; the rows go to {@code into} uncompacted, as a move's do.
     */
    private void buildMissingCoarseGrains(DuckDBConnection connection, int into) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (Grain grain : Grain.values()) {
                if (grain.coarse && isEmpty(statement, grain.table)) {
                    long rows = statement.executeUpdate(grain.buildSql.replace("{table}", grain.tails[into]));
                    uncompacted.addAndGet(grain.ordinal(), rows);
                    if (rows > 0) {
                        log.info("Built {} ({} rows) from the minute rollups before the watermark, which a database from "
                                + "before it holds", grain.table, rows);
                    }
                }
            }
        }
    }

    private static LocalDateTime timestamp(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1_000, ZoneOffset.UTC);
    }

    /**
     * Starts merging, on the merge thread, each grain whose added rows reached the minimum given at
     * construction: each merge rewrites the rows added since the one before and one merged row per key they
     * touched. Returns at once; one merge runs at a time. A merge is a transaction of its own
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
            int in = tail;
            merging = submit(() -> due.forEach(grain -> compact(grain, in)));
        }
    }

    /**
     * Merges the tail the batches write, of every grain, now, however few rows were added to it, and waits: what a board
     * reads right after its merges (benchmarks; the ingestor merges when {@link #compactWhereDue()} finds it due).
     */
    void compactAll() {
        awaitMerges();
        int in = tail;
        merging = submit(() -> Arrays.stream(Grain.values()).forEach(grain -> compact(grain, in)));
        awaitMerges();
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
        return added > 0 && added >= minRowsBeforeCompaction;
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
            for (String sql : BUILD_CAMPAIGN.get(tail)) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setString(1, campaign);
                    int updated = statement.executeUpdate();
                    if (sql.startsWith("INSERT INTO " + Grain.CAMPAIGN.tails[tail])) {
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

    private void compact(Grain grain, int in) {
        long added = uncompacted.get(grain.ordinal());
        long asOf = DuckDbGamePlaySink.epochMicros(clock.instant());  // before its snapshot: every batch committed before this is merged
        long started = System.nanoTime();
        try (Statement statement = mergeConnection.createStatement()) {
            long written = 0;
            long deleted = 0;
            for (String sql : grain.compactSql.get(in)) {
                boolean query = statement.execute(sql);
                if (!query && sql.startsWith("INSERT")) {
                    written = statement.getUpdateCount();
                } else if (!query && sql.startsWith("DELETE")) {
                    deleted = statement.getUpdateCount();
                }
            }
            mergeConnection.commit();
            deletedInTail.addAndGet(deleted);
            // Rows added while it ran were not in its snapshot: they count towards the next one.
            uncompacted.addAndGet(grain.ordinal(), -added);
            mergedAsOf.set(grain.ordinal(), asOf);
            log.debug("Merged {} rows of {} into {} in {} ms", added, grain.tails[in], written,
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
                statement.execute(Grain.MINUTE.createSql(table));
            }
            for (Grain grain : Grain.values()) {
                boolean before = tableExists(statement, grain.table);
                if (before) {
                    // A database from before the tails: its rows become the base table, which the view reads with the tails.
                    statement.execute("ALTER TABLE " + grain.table + " RENAME TO " + grain.base);
                    log.info("Renamed the rollup table {} to {}, read with its tails through the view {}", grain.table,
                            grain.base, grain.table);
                }
                boolean existed = before || tableExists(statement, grain.base);
                statement.execute(grain.createSql(grain.base));
                statement.execute(grain.createSql(grain.tails[0]));
                statement.execute(grain.createSql(grain.tails[1]));
                if (grain.endless && !isEmpty(statement, grain.base)) {
                    // A database from before the views left out an endless grain's base: its rows go to a tail.
                    statement.execute("INSERT INTO " + grain.tails[0] + " SELECT * FROM " + grain.base);
                    statement.execute("DELETE FROM " + grain.base);
                }
                statement.execute(grain.viewSql(0, 1));
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

    private static boolean isEmpty(Statement statement, String table) throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT count(*) FROM (SELECT 1 FROM " + table + " LIMIT 1)")) {
            result.next();
            return result.getLong(1) == 0;
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
        try (ResultSet result = statement.executeQuery("SELECT count(*) FROM pragma_storage_info('" + grain.base
                + "') WHERE column_name = 'SumWin' AND segment_type = 'HUGEINT' AND compression <> 'Uncompressed'")) {
            result.next();
            return result.getLong(1) > 0;
        }
    }

    private static void unpackSums(DuckDBConnection connection, Grain grain) throws SQLException {
        String unpacked = grain.base + "Unpacked";
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + unpacked);
            statement.execute(grain.createSql(unpacked));
            long rows = statement.executeUpdate("INSERT INTO " + unpacked + " SELECT * FROM " + grain.base);
            statement.execute("DROP TABLE " + grain.base);
            statement.execute("ALTER TABLE " + unpacked + " RENAME TO " + grain.base);
            connection.commit();
            log.info("Rewrote {} ({} rows) with SumWin uncompressed, as rollup-table.sql now declares it", grain.base, rows);
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
                for (String table : List.of(grain.base, grain.tails[0], grain.tails[1])) {
                    statement.execute("DELETE FROM " + table);
                }
                statement.execute(grain.viewSql(0, 1));
                try (PreparedStatement add = connection.prepareStatement(grain.addSql[0])) {
                    if (grain.coarse) {
                        add.setObject(1, LocalDateTime.of(294000, 1, 1, 0, 0));
                    }
                    add.executeUpdate();
                }
            }
            statement.execute("DELETE FROM StagedSpins");
            statement.execute("INSERT INTO RollupWatermark SELECT max(Bin) + INTERVAL 1 MINUTE FROM RollupMinute HAVING count(*) > 0");
            for (Grain grain : Grain.values()) {
                for (String sql : grain.compactSql.get(0)) {
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
    static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        script.lines().filter(line -> !line.strip().startsWith("--")).forEach(line -> withoutComments.append(line).append('\n'));
        return Arrays.stream(withoutComments.toString().split(";\\s*\n"))
                .map(String::strip)
                .filter(sql -> !sql.isEmpty())
                .toList();
    }
}
