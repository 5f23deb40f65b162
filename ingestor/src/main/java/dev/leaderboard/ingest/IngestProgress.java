package dev.leaderboard.ingest;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, apart, the rows stored, the unreadable records dead-lettered and the rows the store rejected
 * for good (dead-lettered too), and logs a line every few seconds while there is traffic. Written by the
 * consumer thread, read by any.
 */
final class IngestProgress {

    private static final Logger log = LoggerFactory.getLogger(IngestProgress.class);
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private volatile long rowsStored;
    private volatile long unreadableDeadLettered;
    private volatile long rowsRejectedByStore;
    private long batches;
    private long storedAtLastLog;
    private long lastLogNanos = System.nanoTime();

    void stored(int rows) {
        rowsStored += rows;
        batches++;
    }

    void unreadableDeadLettered(int records) {
        unreadableDeadLettered += records;
    }

    void rejectedByStore(int rows) {
        rowsRejectedByStore += rows;
        batches++;
    }

    long rowsStored() {
        return rowsStored;
    }

    long unreadableDeadLettered() {
        return unreadableDeadLettered;
    }

    long rowsRejectedByStore() {
        return rowsRejectedByStore;
    }

    void logEveryFewSeconds() {
        long now = System.nanoTime();
        long elapsed = now - lastLogNanos;
        if (elapsed < INTERVAL_NANOS) {
            return;
        }
        long newRows = rowsStored - storedAtLastLog;
        if (newRows > 0) {
            log.info("Stored {} rows in {} batches; dead-lettered {} unreadable records and {} rows the store rejected; {} rows/s",
                    rowsStored, batches, unreadableDeadLettered, rowsRejectedByStore,
                    newRows * TimeUnit.SECONDS.toNanos(1) / elapsed);
        }
        storedAtLastLog = rowsStored;
        lastLogNanos = now;
    }

    void logTotals() {
        log.info("Ingestor stopped: stored {} rows in {} batches; dead-lettered {} unreadable records and {} rows the store rejected",
                rowsStored, batches, unreadableDeadLettered, rowsRejectedByStore);
    }
}
