package dev.leaderboard.ingest;

import java.util.concurrent.TimeUnit;

import dev.leaderboard.ingest.batch.Batch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts what was stored and logs a line every few seconds while there is traffic. */
final class IngestProgress {

    private static final Logger log = LoggerFactory.getLogger(IngestProgress.class);
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private volatile long rows;
    private long deadLetters;
    private long batches;
    private long rowsAtLastLog;
    private long lastLogNanos = System.nanoTime();

    void add(Batch batch) {
        rows += batch.rows().size();
        deadLetters += batch.rejected().size();
        batches++;
    }

    long rows() {
        return rows;
    }

    void logEveryFewSeconds() {
        long now = System.nanoTime();
        long elapsed = now - lastLogNanos;
        if (elapsed < INTERVAL_NANOS) {
            return;
        }
        long newRows = rows - rowsAtLastLog;
        if (newRows > 0) {
            log.info("Stored {} rows in {} batches, {} dead letters; {} rows/s", rows, batches, deadLetters,
                    newRows * TimeUnit.SECONDS.toNanos(1) / elapsed);
        }
        rowsAtLastLog = rows;
        lastLogNanos = now;
    }

    void logTotals() {
        log.info("Ingestor stopped: stored {} rows in {} batches, {} dead letters", rows, batches, deadLetters);
    }
}
