package dev.leaderboard.ingest.duckdb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DuckDB's checkpoints (the write-ahead log copied into the database file), taken on a connection of their own, on
 * the rollup merges' thread between two merges (a merge's open transaction would make DuckDB refuse to start one),
 * instead of inside a batch's commit. Left to itself, DuckDB checkpoints in the commit that brings the
 * log to {@code wal_autocheckpoint} (16 MiB, about 22,000 spins with their rollup rows): one batch in eight
 * took 0.1-0.6 s longer on a quiet machine (a 255 MB soak database), and under the soak's readers several
 * seconds, with every spin behind it waiting. Here the ingest thread only counts what it committed, and right
 * after a commit asks for a checkpoint every {@code spinsPerCheckpoint}. DuckDB starts one only while no write
 * transaction is open, which is the case while the ingestor gathers its next batch. One refused because the next
 * batch was already writing is asked for again after the next commit. DuckDB's own stays as a backstop, at
 * {@link #BACKSTOP}, for when these keep failing.
 *
 * <p>DuckDB takes a full checkpoint when no open transaction is older than the last commit, and a full one holds
 * up every write until it ends, whatever table the write is to. With an older transaction open it takes a concurrent
 * one, and inserts go on beside it. Right after a batch's commit, when these are asked for, the boards' readers are
 * mostly younger than that commit, so a checkpoint was often full. So this class keeps a read transaction of its
 * own open from one checkpoint to the next (the pin), and starts a checkpoint only once two batches have committed
 * since the pin began (see {@link #checkpoint()}). bench/duckdb-checkpoint-appends.sh
 * 400 50000 300000 0 insert-only [pin]: appends overlapping a checkpoint p50 107 ms without the pin, 3.9 ms with it,
 * checkpoints 186 against 90 ms. The cost: a concurrent checkpoint never vacuums deleted rows (DuckDB's
 * RowGroupCollection::InitializeVacuumState), so rows deleted from a table that lives on stay in the file: with the
 * rollups' merges deleting in place, 2.2 GiB after 35 minutes of the soak, about 140 MiB of it in use. A checkpoint
 * every 5 minutes without the pin bounded it only when DuckDB took a full one, and those held every batch up
 * 1.8-9.3 s, longer the longer since the last (bench/results/soak-15min-5000-session8/). So the rollups delete only
 * in tail tables that are dropped in turn (Rollups, rollup-fold.sql): a dropped table's blocks are written again
 * after the next checkpoint (bench/duckdb-file-growth.sh). A transaction that updated or dropped a table keeps a
 * checkpoint from starting while a reader older than it is open (the pin is one), so the pin is renewed after each
 * fold, and a batch must only insert: its offsets go to IngestOffsetLog, one row each, not an updated row. With the update, the soak's checkpoints were refused 123 times in 206
 * (bench/results/soak-15min-5000-session7/). Checkpoints every 10,000 or 200,000 spins were worse than 50,000.
 */
final class Checkpoints {

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

    /**
     * About 37 MiB of log. Fewer, larger checkpoints cost less in all: bench/ingest-duckdb.sh 1000000 stored about
     * 95,000 spins/s with one every 20,000, 109,000 with one every 50,000 and 117,000 with one every 100,000 (with
     * checkpoints on a thread of their own; DuckDB's own, every 16 MiB, gave 101,000).
     */
    static final long SPINS_PER_CHECKPOINT = 50_000;
    /** The log size at which DuckDB checkpoints in a commit after all: only when the background ones keep failing. */
    static final String BACKSTOP = "256MiB";
    /** Attempts refused in a row before it is worth a warning (a busy ingestor has some refused). */
    private static final int REFUSALS_BEFORE_WARNING = 20;

    private final long spinsPerCheckpoint;
    private final DuckDBConnection connection;
    /** Holds a read transaction open from one checkpoint to the next (see {@link #pin()}). */
    private final DuckDBConnection pin;
    private final Executor checkpointer;
    /** Spins committed since the last checkpoint that succeeded: added on the ingest thread, taken on the checkpoints'. */
    private final AtomicLong spinsSinceCheckpoint = new AtomicLong();
    /** Batches committed: counted on the ingest thread, read on the checkpoints'. */
    private final AtomicLong commits = new AtomicLong();
    /** {@link #commits} when the pin's read transaction had begun (the checkpoints' thread). */
    private volatile long commitsAtPin;
    /** A fold committed and no checkpoint has succeeded since ({@link #afterFold()}). */
    private final AtomicBoolean foldNotCheckpointed = new AtomicBoolean();
    /** Checkpoints that succeeded (tests). */
    private final AtomicLong taken = new AtomicLong();
    private int refusedInARow;
    private Future<?> checkpointing = CompletableFuture.completedFuture(null);

    /** @param checkpointer the thread checkpoints run on, one at a time; the caller shuts it down after {@link #close()} */
    Checkpoints(DuckDBConnection connection, long spinsPerCheckpoint, Executor checkpointer) throws SQLException {
        this.spinsPerCheckpoint = spinsPerCheckpoint;
        this.connection = (DuckDBConnection) connection.duplicate();
        this.connection.setAutoCommit(true);
        try (Statement statement = this.connection.createStatement()) {
            statement.execute("SET GLOBAL wal_autocheckpoint = '" + BACKSTOP + "'");
        }
        this.pin = (DuckDBConnection) connection.duplicate();
        this.pin.setAutoCommit(false);
        pin();
        this.checkpointer = checkpointer;
    }

    /**
     * A batch of {@code spins} committed (call right after the commit): starts a checkpoint when enough did since
     * the last one that succeeded, or a fold asked for one ({@link #afterFold()}), unless one runs.
     */
    void committed(int spins) {
        commits.incrementAndGet();
        if ((spinsSinceCheckpoint.addAndGet(spins) >= spinsPerCheckpoint || foldNotCheckpointed.get())
                && checkpointing.isDone()) {
            checkpointing = CompletableFuture.runAsync(this::checkpoint, checkpointer);
        }
    }

    /**
     * A fold of the rollups' tails committed (on the checkpoints' thread, the merges'): renews the pin, which is older
     * than the tables the fold dropped, and asks for a checkpoint as soon as one can be concurrent. A fold copies the
     * bins that never end (the century's, the campaigns') to the other tail, tens of MiB at the soak's 10,000 players,
     * which stay in DuckDB's memory, and spill to its temporary files, until a checkpoint writes them; on top of up to
     * {@link #SPINS_PER_CHECKPOINT} spins' rows, that filled its 128 MiB (soak-30min-5000-session17).
     */
    void afterFold() {
        pin();
        foldNotCheckpointed.set(true);
    }

    /**
     * Checkpoints, unless fewer than two batches committed since the pin was taken: DuckDB takes a full checkpoint
     * when no open transaction is older than the last commit, and a full one holds up every batch until it ends
     * (bench/results/soak-10min-5000-session18/: checkpoints right after a renewal held a batch's appends 2.0-5.8 s;
     * one asked for by a commit during a fold ran right after the fold's renewal, as the one of 17 s in
     * soak-30min-5000-session17 did). The second commit after the pin was read began after
     * the first, so after the pin: with the pin open, the checkpoint is a concurrent one. Otherwise the next batch
     * asks again.
     */
    private void checkpoint() {
        if (commits.get() - commitsAtPin < 2) {
            return;
        }
        long spins = spinsSinceCheckpoint.get();
        long started = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
            spinsSinceCheckpoint.addAndGet(-spins);
            foldNotCheckpointed.set(false);
            taken.incrementAndGet();
            refusedInARow = 0;
            log.debug("Checkpointed DuckDB ({} spins since the last) in {} ms", spins, (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            if (++refusedInARow % REFUSALS_BEFORE_WARNING == 0) {
                log.warn("{} DuckDB checkpoints in a row failed ({} spins since the last); DuckDB checkpoints by itself "
                        + "once its log reaches {}", refusedInARow, spins, BACKSTOP, e);
            } else {
                log.debug("A DuckDB checkpoint failed; asked again after the next batch: {}", e.getMessage());
            }
        } finally {
            pin();
        }
    }

    /**
     * Ends the pin's read transaction, if one is open, and starts the next: one that began before every commit until
     * the next checkpoint. DuckDB takes a concurrent checkpoint while a transaction older than the last commit is
     * open, and inserts go on beside it; with none, it takes a full one, which holds up every write until it ends.
     * Also after a rollup fold (on the same thread): DuckDB refuses a checkpoint while a transaction older than a
     * dropped table is open.
     */
    void pin() {
        try (Statement statement = pin.createStatement()) {
            pin.rollback();
            try (ResultSet row = statement.executeQuery("SELECT 1 FROM IngestOffsetLog LIMIT 1")) {
                row.next();
            }
            commitsAtPin = commits.get();
        } catch (SQLException e) {
            log.warn("Could not open the read transaction that keeps DuckDB's checkpoints concurrent; the next "
                    + "checkpoint may hold up the batches", e);
        }
    }

    /**
     * Renews the pin on the checkpoints' thread, after a transaction on another thread dropped a table: DuckDB refuses a
     * checkpoint while a transaction older than a drop is open.
     */
    void renewPin() {
        checkpointer.execute(this::pin);
    }

    /** How many checkpoints succeeded (tests). */
    long taken() {
        return taken.get();
    }

    /** Waits for the checkpoint in progress, if any (tests, close). */
    void awaitCheckpoint() {
        try {
            checkpointing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("A DuckDB checkpoint failed unexpectedly", e.getCause());
        }
    }

    /** Waits for the checkpoint in progress, then closes its connection. */
    void close() {
        awaitCheckpoint();
        try (pin) {
            pin.rollback();
        } catch (SQLException e) {
            log.warn("Closing the checkpoints' pin connection failed", e);
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("Closing the checkpoints' DuckDB connection failed", e);
        }
    }
}
