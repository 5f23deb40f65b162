package dev.leaderboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import org.HdrHistogram.Histogram;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Whether a DuckDB checkpoint running on another connection holds up the ingestor's appends: batches of 2,000
 * spins appended to the ingestor's GamePlay table (its schema.sql) and committed one at a time, 20 ms apart, as
 * the soak's ingest thread does, while a second connection runs {@code CHECKPOINT} every {@code spinsPerCheckpoint}
 * spins, as {@code Checkpoints} does. Prints the appends that overlapped a checkpoint against those that did not
 * (the baseline, same run), and the checkpoints' own times. Quiet machine: nothing else runs.
 *
 * <p>With {@code other rows}, the checkpoint thread first inserts that many random rows into a table the appends
 * never touch, in statements of 5,000, so that most of each checkpoint's work is that table's, as the soak's are
 * the rollup tables': whether an append waits for the table it writes or for the whole checkpoint.
 *
 * <p>With {@code readers}, that many threads keep read transactions open on connections of their own, as the boards'
 * loads do (a scan of GamePlay, then 40 ms before the transaction ends, over and over). With {@code upsert}, each
 * batch also stores its next offset as the sink did before IngestOffsetLog (an update of IngestOffsets once the row
 * exists), so the batch is no longer insert-only. Refused checkpoints are counted. With {@code pin}, the checkpoint
 * thread keeps a read transaction open from one checkpoint to the next, as {@code Checkpoints} does, so that one
 * older than the last commit is open whenever a checkpoint starts: DuckDB then takes a concurrent checkpoint, not a
 * full one.
 *
 * <p>Usage: bench/duckdb-checkpoint-appends.sh [batches, default 1000] [spins per checkpoint, default 50000]
 * [other rows per checkpoint, default 0] [readers, default 0] [upsert|insert-only, default insert-only] [pin|nopin,
 * default nopin]
 */
public final class DuckDbCheckpointAppendBench {

    private static final int SPINS_PER_BATCH = 2_000;

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        long spinsPerCheckpoint = args.length > 1 ? Long.parseLong(args[1]) : 50_000;
        int otherRows = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int readers = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        boolean upsert = args.length > 4 && args[4].equals("upsert");
        boolean pin = args.length > 5 && args[5].equals("pin");
        if (args.length > 5 && !pin && !args[5].equals("nopin")) {
            throw new IllegalArgumentException("The sixth argument is pin or nopin, not " + args[5]);
        }
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target")).toAbsolutePath(),
                "checkpoint-appends-");
        Properties limits = new Properties();
        limits.setProperty("memory_limit", "128MiB");  // the runner's DUCKDB_MEMORY_LIMIT_MB default
        Histogram outside = new Histogram(3);
        Histogram overlapping = new Histogram(3);
        Histogram checkpoints = new Histogram(3);
        ExecutorService checkpointer = Executors.newSingleThreadExecutor();
        ExecutorService reading = Executors.newFixedThreadPool(Math.max(1, readers));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger refused = new AtomicInteger();
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + work.resolve("spins.duckdb"), limits);
             DuckDBConnection other = (DuckDBConnection) db.duplicate();
             DuckDBConnection pinner = (DuckDBConnection) db.duplicate()) {
            pinner.setAutoCommit(false);
            DuckDbGamePlaySink.createSchema(db);
            try (Statement statement = db.createStatement()) {
                statement.execute("SET GLOBAL wal_autocheckpoint = '256MiB'");  // as Checkpoints sets it
            }
            try (Statement statement = db.createStatement()) {
                statement.execute("CREATE TABLE Other (K BIGINT, V DOUBLE, S VARCHAR)");  // never appended to below
            }
            for (int r = 0; r < readers; r++) {
                DuckDBConnection reader = (DuckDBConnection) db.duplicate();
                reading.submit(() -> read(reader, stop));
            }
            // As the sink stored offsets before IngestOffsetLog: an update of the partition's row once it exists.
            String storeOffset = "INSERT INTO IngestOffsets (Topic, KafkaPartition, NextOffset, UpdatedAt) "
                    + "VALUES (?, ?, ?, make_timestamp(?)) ON CONFLICT (Topic, KafkaPartition) "
                    + "DO UPDATE SET NextOffset = excluded.NextOffset, UpdatedAt = excluded.UpdatedAt";
            db.setAutoCommit(false);
            if (pin) {
                renewPin(pinner);
            }
            AtomicBoolean checkpointing = new AtomicBoolean();
            Future<?> checkpoint = CompletableFuture.completedFuture(null);
            Random random = new Random(42);
            long offset = 0;
            long sinceCheckpoint = 0;
            for (int b = 0; b < batches; b++) {
                boolean overlapped = checkpointing.get();
                long started = System.nanoTime();
                try (DuckDBAppender spins = db.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "GamePlay")) {
                    for (int i = 0; i < SPINS_PER_BATCH; i++, offset++) {
                        spins.beginRow().append(random.nextInt(10_000)).append(random.nextInt(20))
                                .append((long) random.nextInt(500)).append(10)
                                .appendEpochMicros(1_780_000_000_000_000L + offset * 200).append("gameplay").append(0)
                                .append(offset).endRow();
                    }
                }
                long appended = System.nanoTime();
                if (upsert) {
                    try (PreparedStatement statement = db.prepareStatement(storeOffset)) {
                        statement.setString(1, "gameplay");
                        statement.setInt(2, 0);
                        statement.setLong(3, offset);
                        statement.setLong(4, System.currentTimeMillis() * 1_000);
                        statement.execute();
                    }
                }
                db.commit();
                overlapped |= checkpointing.get();
                (overlapped ? overlapping : outside).recordValue((appended - started) / 1_000);
                sinceCheckpoint += SPINS_PER_BATCH;
                if (sinceCheckpoint >= spinsPerCheckpoint && checkpoint.isDone()) {
                    sinceCheckpoint = 0;
                    checkpoint = checkpointer.submit(() -> {
                        try (Statement statement = other.createStatement()) {
                            for (int rows = 0; rows < otherRows; rows += 5_000) {
                                statement.execute("INSERT INTO Other SELECT (random() * 1e12)::BIGINT, random(), "
                                        + "md5(random()::VARCHAR) FROM range(5000)");
                            }
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                        checkpointing.set(true);
                        long t0 = System.nanoTime();
                        try (Statement statement = other.createStatement()) {
                            statement.execute("CHECKPOINT");
                            checkpoints.recordValue((System.nanoTime() - t0) / 1_000);
                        } catch (SQLException e) {
                            refused.incrementAndGet();
                        } finally {
                            if (pin) {
                                renewPin(pinner);
                            }
                            checkpointing.set(false);
                        }
                    });
                }
                Thread.sleep(20);
            }
            checkpoint.get();
            stop.set(true);
            reading.shutdown();
            if (!reading.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The readers did not stop");
            }
        } finally {
            stop.set(true);
            checkpointer.shutdown();
            reading.shutdownNow();
        }
        System.out.printf("%d readers, offsets %s: %d checkpoints, %d refused (another write transaction)%n", readers,
                upsert ? "upserted" : "not stored (insert-only batches)", checkpoints.getTotalCount(), refused.get());
        print("appends of 2,000 spins, no checkpoint running", outside);
        print("appends of 2,000 spins, overlapping a checkpoint", overlapping);
        print("checkpoints", checkpoints);
        System.out.printf("overlapping / not: p50 %.1f, max %.1f%n",
                overlapping.getValueAtPercentile(50) / (double) outside.getValueAtPercentile(50),
                overlapping.getMaxValue() / (double) outside.getMaxValue());
    }

    /** A board's load, over and over: a read transaction that scans GamePlay and stays open 40 ms more. */
    private static Void read(DuckDBConnection reader, AtomicBoolean stop) throws Exception {
        try (reader) {
            reader.setAutoCommit(false);
            while (!stop.get()) {
                try (Statement statement = reader.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT count(*), sum(Win) FROM GamePlay")) {
                    rows.next();
                }
                Thread.sleep(40);
                reader.rollback();
            }
        }
        return null;
    }

    /** Ends the pin's read transaction and starts the next, so that one older than every later commit is open. */
    private static void renewPin(DuckDBConnection pinner) {
        try (Statement statement = pinner.createStatement()) {
            pinner.rollback();
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM GamePlay")) {
                rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void print(String what, Histogram micros) {
        System.out.printf("%-50s n=%5d  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n", what, micros.getTotalCount(),
                micros.getValueAtPercentile(50) / 1e3, micros.getValueAtPercentile(99) / 1e3, micros.getMaxValue() / 1e3);
    }
}
