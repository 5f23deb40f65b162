package dev.leaderboard.ingest.batch;

import java.time.Duration;

/**
 * When a pending batch is written: whichever limit is reached first.
 *
 * @param maxRecords records per batch; bigger batches amortise the store's commit
 * @param maxBytes   key and value bytes per batch; bounds memory whatever the record size
 * @param linger     longest wait from a batch's first record to its write; bounds latency when traffic is low
 */
public record BatchLimits(int maxRecords, long maxBytes, Duration linger) {

    public BatchLimits {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, was " + maxRecords);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative, was " + linger);
        }
    }
}
