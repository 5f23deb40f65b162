package dev.leaderboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * <p>Usage: bench/duckdb-checkpoint-appends.sh [batches, default 1000] [spins per checkpoint, default 50000]
 * [other rows per checkpoint, default 0]
 */
public final class DuckDbCheckpointAppendBench {

    private static final int SPINS_PER_BATCH = 2_000;

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        long spinsPerCheckpoint = args.length > 1 ? Long.parseLong(args[1]) : 50_000;
        int otherRows = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target")).toAbsolutePath(),
                "checkpoint-appends-");
        Properties limits = new Properties();
        limits.setProperty("memory_limit", "128MiB");  // the runner's DUCKDB_MEMORY_LIMIT_MB default
        Histogram outside = new Histogram(3);
        Histogram overlapping = new Histogram(3);
        Histogram checkpoints = new Histogram(3);
        ExecutorService checkpointer = Executors.newSingleThreadExecutor();
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + work.resolve("spins.duckdb"), limits);
             DuckDBConnection other = (DuckDBConnection) db.duplicate()) {
            DuckDbGamePlaySink.createSchema(db);
            try (Statement statement = db.createStatement()) {
                statement.execute("SET GLOBAL wal_autocheckpoint = '256MiB'");  // as Checkpoints sets it
            }
            try (Statement statement = db.createStatement()) {
                statement.execute("CREATE TABLE Other (K BIGINT, V DOUBLE, S VARCHAR)");  // never appended to below
            }
            db.setAutoCommit(false);
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
                            System.out.println("checkpoint refused: " + e.getMessage());
                        } finally {
                            checkpointing.set(false);
                        }
                    });
                }
                Thread.sleep(20);
            }
            checkpoint.get();
        } finally {
            checkpointer.shutdown();
        }
        print("appends of 2,000 spins, no checkpoint running", outside);
        print("appends of 2,000 spins, overlapping a checkpoint", overlapping);
        print("checkpoints", checkpoints);
        System.out.printf("overlapping / not: p50 %.1f, max %.1f%n",
                overlapping.getValueAtPercentile(50) / (double) outside.getValueAtPercentile(50),
                overlapping.getMaxValue() / (double) outside.getMaxValue());
    }

    private static void print(String what, Histogram micros) {
        System.out.printf("%-50s n=%5d  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n", what, micros.getTotalCount(),
                micros.getValueAtPercentile(50) / 1e3, micros.getValueAtPercentile(99) / 1e3, micros.getMaxValue() / 1e3);
    }
}
