package dev.leaderboard.ingest.duckdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.leaderboard.ingest.GamePlaySink;
import dev.leaderboard.ingest.SinkException;
import dev.leaderboard.ingest.batch.Batch;
import dev.leaderboard.ingest.batch.OffsetRange;
import dev.leaderboard.ingest.batch.SourcedGamePlay;
import org.apache.kafka.common.TopicPartition;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once into DuckDB: each batch's rows, their board rollups and its partitions' next offsets are
 * written in one transaction, and a batch that overlaps the stored offsets is refused. The consumer seeks
 * to the stored offsets on assignment, so a crash anywhere replays exactly what was not committed.
 */
public final class DuckDbGamePlaySink implements GamePlaySink {

    private static final Logger log = LoggerFactory.getLogger(DuckDbGamePlaySink.class);
    /** How often the chores apart from the batches run: retention, and IngestOffsetLog made again (its highest rows). */
    private static final Duration CHORES_EVERY = Duration.ofMinutes(1);
    /** What DuckDB says of every statement once it has invalidated the database (1.5 and 2.0). */
    private static final String INVALIDATED = "database has been invalidated";
    /** A batch that took this long is logged with where its time went. */
    private static final Duration SLOW_BATCH = Duration.ofSeconds(1);
    /** How many rows a rollup table is added before its rows are merged. */
    public static final long COMPACT_AFTER_ROWS = Rollups.MIN_ROWS_BEFORE_COMPACTION;

    private final DuckDBConnection connection;
    /**
     * Prepared at each read, never kept: DuckDB's driver (1.5 and 2.0) closes a prepared statement whose execution failed, so a
     * kept one refused every later read after one failure (out of memory, under a bulk load at 100 million spins), and
     * the ingestor every batch until it gave up.
     */
    private final String selectNextOffset = sql("select-next-offset.sql");
    private final String storeNextOffset = sql("store-next-offset.sql");
    private final List<String> rewriteOffsetLog = Rollups.statements(sql("rewrite-offset-log.sql"));
    private final Rollups rollups;
    private final Checkpoints checkpoints;
    private final Duration spinRetention;
    /**
     * Each partition's next offset as this sink last read it from the store or committed it there (0: none stored),
     * which is what the store holds: only this sink writes IngestOffsetLog. Read again on assignment
     * ({@link #storedNextOffsets}) and after a batch that failed. A batch used to read it from the store, once per
     * partition: in session 12's 2-hour soak those reads grew from 16 to about 90 ms per batch, with the table's row
     * groups (see rewrite-offset-log.sql), and took produced -> visible past 1.5 s. Ingest thread only.
     */
    private final Map<TopicPartition, Long> knownNextOffsets = new HashMap<>();
    private long nextChoresNanos = System.nanoTime();
    private volatile Runnable afterCommit = () -> { };

    /** Takes its own connection to the database (see {@link DuckDBConnection#duplicate()}), and closes it. */
    public DuckDbGamePlaySink(DuckDBConnection connection) throws SQLException {
        this(connection, COMPACT_AFTER_ROWS, Duration.ZERO);
    }

    /**
     * The same, merging a rollup's rows once at least {@code compactAfterRows} were added to it (tests
     * use a small number so that merges happen in a small stream), and deleting raw spins older than
     * {@code spinRetention} by event time (zero keeps them all; the rollups are kept whatever it is).
     */
    public DuckDbGamePlaySink(DuckDBConnection connection, long compactAfterRows, Duration spinRetention)
            throws SQLException {
        this(connection, compactAfterRows, spinRetention, InstantSource.system());
    }

    /**
     * The same, with the clock that moves the coarse rollups' watermark (a minute after {@link Rollups#ROLL_UP_AFTER}
     * ago): tests step it through their spins' times.
     */
    public DuckDbGamePlaySink(DuckDBConnection connection, long compactAfterRows, Duration spinRetention, InstantSource clock)
            throws SQLException {
        this(connection, compactAfterRows, spinRetention, clock, Checkpoints.SPINS_PER_CHECKPOINT);
    }

    /** The same, with DuckDB checkpointed outside the batches' commits every {@code spinsPerCheckpoint} spins stored. */
    DuckDbGamePlaySink(DuckDBConnection connection, long compactAfterRows, Duration spinRetention, InstantSource clock,
                       long spinsPerCheckpoint) throws SQLException {
        this.connection = connection;
        this.spinRetention = spinRetention;
        createSchema(connection);
        connection.setAutoCommit(false);
        this.rollups = new Rollups(connection, compactAfterRows, clock);
        connection.commit();
        this.checkpoints = new Checkpoints(connection, spinsPerCheckpoint, rollups.background());
        rollups.afterFold = checkpoints::afterFold;
    }

    /** Creates the tables if they are missing; safe to call from every process that opens the file. */
    public static void createSchema(DuckDBConnection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql("schema.sql"));
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
        Rollups.createTables(connection);
        if (hasSpinsButNoRollups(connection)) {
            log.info("Building the board rollups from the spins already stored (a database from before rollups); once");
            Rollups.rebuildFromSpins(connection);
        }
    }

    /**
     * Replaces every rollup by one built from the spins in GamePlay. For tests that insert spins with SQL,
     * and for a database whose rollups must be built again; the ingestor keeps them by itself.
     */
    public static void rebuildRollups(DuckDBConnection connection) throws SQLException {
        Rollups.rebuildFromSpins(connection);
    }

    /**
     * Per rollup table, how many (player, game, bin) differ from the same aggregates of every spin in
     * GamePlay; all 0 when each stored spin is counted exactly once (and no retention deleted spins). A
     * full scan: for tests and fault scenarios, not for serving.
     */
    public static Map<String, Long> rollupMismatches(DuckDBConnection connection) throws SQLException {
        return Rollups.mismatches(connection);
    }

    private static boolean hasSpinsButNoRollups(DuckDBConnection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT (SELECT count(*) FROM (SELECT 1 FROM GamePlay LIMIT 1)) = 1 "
                     + "AND (SELECT count(*) FROM (SELECT 1 FROM RollupMinute LIMIT 1)) = 0")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    @Override
    public Map<TopicPartition, Long> storedNextOffsets(Collection<TopicPartition> partitions) throws SinkException {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (TopicPartition partition : partitions) {
                Long next = readNextOffset(partition);
                knownNextOffsets.put(partition, next == null ? 0L : next);
                if (next != null) {
                    offsets.put(partition, next);
                }
            }
            connection.commit();
            return offsets;
        } catch (SQLException e) {
            rollback();
            knownNextOffsets.clear();
            throw new SinkException("Cannot read stored offsets from DuckDB", e);
        }
    }

    @Override
    public void write(Batch batch) throws SinkException {
        long started = System.nanoTime();
        try {
            // Reading first (the campaigns) also opens the transaction: DuckDB's appender joins an open
            // transaction but commits on its own when none is open.
            rollups.buildChangedCampaigns();
            long readingOffsets = System.nanoTime();
            refuseOverlap(batch);
            long appending = System.nanoTime();
            long earliestEvent = appendRows(batch);
            long rollingUp = System.nanoTime();
            rollups.addStaged(earliestEvent);
            long storingOffsets = System.nanoTime();
            storeNextOffsets(batch);
            long committing = System.nanoTime();
            connection.commit();
            long committed = System.nanoTime();
            batch.ranges().forEach((partition, range) -> knownNextOffsets.put(partition, range.next()));
            rollups.committed();
            rollups.moveWhereDue();
            checkpoints.committed(batch.rows().size());
            tellCommitted();
            logTimes(batch.rows().size(), started, readingOffsets, appending, rollingUp, storingOffsets, committing, committed);
        } catch (SQLException | SinkException e) {
            rollback();
            rollups.rolledBack();
            // Whether the commit took effect is for the store to say: the next batch reads the offsets from it.
            knownNextOffsets.clear();
            if (e instanceof SinkException sinkException) {
                throw sinkException;
            }
            if (invalidated(e)) {
                throw new SinkException.StoreUnusable("DuckDB has invalidated the database after a fatal error; restart "
                        + "the process (the stored offsets commit with the rows, so nothing is lost or doubled)", e);
            }
            throw new SinkException("DuckDB did not accept a batch of " + batch.rows().size() + " rows", e);
        }
        rollups.compactWhereDue();
        choresWhereDue();
    }

    /**
     * Whether DuckDB refused because it invalidated the database after a fatal error, which only a new process (a new
     * database instance) ends: DuckDB says so in the message of every statement after it.
     */
    static boolean invalidated(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains(INVALIDATED)) {
                return true;
            }
        }
        return false;
    }

    /**
     * At most once a minute, each in a transaction of its own (a delete in a batch's transaction would keep DuckDB from
     * checkpointing while the boards read): raw spins past the retention, and IngestOffsetLog made again with each
     * partition's highest row only.
     */
    private void choresWhereDue() {
        if (System.nanoTime() < nextChoresNanos) {
            return;
        }
        nextChoresNanos = System.nanoTime() + CHORES_EVERY.toNanos();
        deleteExpiredSpins();
        try {
            rewriteOffsetLog();
        } catch (SQLException e) {
            rollback();
            log.warn("Making IngestOffsetLog again with each partition's highest row failed; tried again in a minute", e);
        }
    }

    /**
     * Where a batch's time went: at debug level, or at info level for a batch slower than {@link #SLOW_BATCH}. The reads
     * are the campaigns' check, then each partition's stored offset where this sink does not know it yet (see
     * {@link #knownNextOffsets}); the first of the two is also named, because in session 12's 2-hour soak the reads
     * alone grew, 23 to 99 ms p50 (bench/results/soak-2h-5000-session12/), and session 13's 1-hour soak said which.
     */
    private static void logTimes(int spins, long started, long readingOffsets, long appending, long rollingUp,
                                 long storingOffsets, long committing, long committed) {
        long millis = (committed - started) / 1_000_000;
        if (millis >= SLOW_BATCH.toMillis() || log.isDebugEnabled()) {
            String line = "Stored {} spins in {} ms: reads {} ms (campaigns {} ms), appends {} ms, rollups {} ms, offsets {} ms, "
                    + "commit {} ms";
            Object[] times = {spins, millis, (appending - started) / 1_000_000, (readingOffsets - started) / 1_000_000,
                    (rollingUp - appending) / 1_000_000, (storingOffsets - rollingUp) / 1_000_000,
                    (committing - storingOffsets) / 1_000_000, (committed - committing) / 1_000_000};
            if (millis >= SLOW_BATCH.toMillis()) {
                log.info(line, times);
            } else {
                log.debug(line, times);
            }
        }
    }

    /**
     * Runs {@code listener} on the ingest thread after each batch is committed: in the one-JVM runner, it tells the
     * boards that there are new spins. It must return quickly; what it throws is logged, and the batch stays stored.
     */
    public void afterEachCommit(Runnable listener) {
        this.afterCommit = Objects.requireNonNull(listener);
    }

    private void tellCommitted() {
        try {
            afterCommit.run();
        } catch (RuntimeException e) {
            log.warn("The listener told of a committed batch failed; the batch is stored", e);
        }
    }

    /** In a transaction of its own: raw spins past the retention go, rollups stay. Nothing when there is no retention. */
    private void deleteExpiredSpins() {
        if (spinRetention.isZero()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM GamePlay WHERE EventTime < ?")) {
            delete.setObject(1, LocalDateTime.ofInstant(Instant.now().minus(spinRetention), ZoneOffset.UTC));
            int deleted = delete.executeUpdate();
            connection.commit();
            if (deleted > 0) {
                log.info("Deleted {} raw spins older than {} h (DUCKDB_SPIN_RETENTION_HOURS); the rollups keep them",
                        deleted, spinRetention.toHours());
            }
        } catch (SQLException e) {
            rollback();
            log.warn("Deleting raw spins past the retention failed; tried again in a minute", e);
        }
    }

    /**
     * Replaces IngestOffsetLog by a table of each partition's highest row (rewrite-offset-log.sql), in a transaction of
     * its own; returns how many rows it left out. Then renews Checkpoints' pin, which is older than the drop.
     */
    int rewriteOffsetLog() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long before = countOffsetLog(statement);
            for (String step : rewriteOffsetLog) {
                statement.execute(step);
            }
            long left = before - countOffsetLog(statement);
            connection.commit();
            checkpoints.renewPin();
            return Math.toIntExact(left);
        }
    }

    private static long countOffsetLog(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM IngestOffsetLog")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void refuseOverlap(Batch batch) throws SQLException, SinkException {
        for (Map.Entry<TopicPartition, OffsetRange> entry : batch.ranges().entrySet()) {
            Long storedNext = knownNextOffsets.get(entry.getKey());
            if (storedNext == null) {
                Long read = readNextOffset(entry.getKey());
                storedNext = read == null ? 0L : read;
                knownNextOffsets.put(entry.getKey(), storedNext);
            }
            if (entry.getValue().first() < storedNext) {
                throw new SinkException.OverlapsStoredOffsets("Batch for " + entry.getKey() + " starts at offset "
                        + entry.getValue().first() + " but the store already holds up to " + (storedNext - 1));
            }
        }
    }

    private Long readNextOffset(TopicPartition partition) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(selectNextOffset)) {
            select.setString(1, partition.topic());
            select.setInt(2, partition.partition());
            try (ResultSet result = select.executeQuery()) {
                result.next();
                long next = result.getLong(1);
                return result.wasNull() ? null : next;
            }
        }
    }

    /** Appends the batch's spins to GamePlay and to the rollups' staging table; returns the earliest event time (µs). */
    private long appendRows(Batch batch) throws SQLException {
        long earliest = Long.MAX_VALUE;
        try (DuckDBAppender spins = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "GamePlay");
             DuckDBAppender staged = rollups.stagingAppender()) {
            for (SourcedGamePlay row : batch.rows()) {
                long eventTime = epochMicros(row.gamePlay().eventTime());
                earliest = Math.min(earliest, eventTime);
                spins.beginRow()
                        .append(row.gamePlay().playerId())
                        .append(row.gamePlay().gameId())
                        .append(row.gamePlay().win())
                        .append(row.gamePlay().stake())
                        .appendEpochMicros(eventTime)
                        .append(row.topic())
                        .append(row.partition())
                        .append(row.offset())
                        .endRow();
                staged.beginRow()
                        .append(row.gamePlay().playerId())
                        .append(row.gamePlay().gameId())
                        .append(row.gamePlay().win())
                        .append(row.gamePlay().stake())
                        .appendEpochMicros(eventTime)
                        .endRow();
            }
        }
        return earliest;
    }

    /** Prepared per batch: DuckDB's driver closes a statement whose batch failed, and the next batch needs one. */
    private void storeNextOffsets(Batch batch) throws SQLException {
        long nowMicros = epochMicros(Instant.now());
        try (PreparedStatement insert = connection.prepareStatement(storeNextOffset)) {
            for (Map.Entry<TopicPartition, OffsetRange> entry : batch.ranges().entrySet()) {
                insert.setString(1, entry.getKey().topic());
                insert.setInt(2, entry.getKey().partition());
                insert.setLong(3, entry.getValue().next());
                insert.setLong(4, nowMicros);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void rollback() {
        Transactions.rollback(connection, "the ingestor's batch");
    }

    /** Waits for the checkpoint in progress, if any: checkpoints run on a thread of their own. */
    /** Folds the rollups' tail once merges have deleted {@code rows} rows in it, or as many as it holds; 0: at every move (tests). */
    void foldAfterDeletedRows(long rows) {
        rollups.minDeletedBeforeFold = rows;
    }

    /** Runs {@code hook} in each move of the coarse rollups' watermark right after it has its snapshot (tests). */
    void afterMoveSnapshot(Runnable hook) {
        rollups.afterMoveSnapshot = hook;
    }

    void awaitCheckpoint() {
        checkpoints.awaitCheckpoint();
    }

    /** How many DuckDB checkpoints succeeded (tests). */
    long checkpointsTaken() {
        return checkpoints.taken();
    }

    /** Waits for the rollup merge in progress, if any: merges run on a thread of their own. */
    public void awaitMerges() {
        rollups.awaitMerges();
    }

    /**
     * Merges every rollup's rows now and waits, for a benchmark that reads boards right after merges (the ingestor merges
     * a grain every {@link #COMPACT_AFTER_ROWS} added rows). Call it between batches, on the thread that writes them.
     */
    public void mergeRollupsNow() {
        rollups.compactAll();
    }

    @Override
    public void close() {
        checkpoints.close();
        rollups.close();
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("Closing the DuckDB connection failed", e);
        }
    }

    @Override
    public String toString() {
        return "DuckDB";
    }

    static long epochMicros(Instant time) {
        // Not ChronoUnit.MICROS.between: it goes through Instant.until, a tenth of the ingest thread's CPU.
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
    }

    static String sql(String name) {
        try (InputStream in = DuckDbGamePlaySink.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing SQL resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
