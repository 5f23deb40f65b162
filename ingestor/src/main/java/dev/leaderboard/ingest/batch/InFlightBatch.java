package dev.leaderboard.ingest.batch;

import java.time.Duration;

/**
 * A batch handed to the store and not yet settled: how often it failed, since when, and when to try
 * again. Dead letters for its unreadable records are sent once, before the first write.
 */
public final class InFlightBatch {

    private final Batch batch;
    private int failures;
    private long firstFailureNanos;
    private long nextAttemptNanos;
    private boolean deadLettersSent;

    public InFlightBatch(Batch batch) {
        this.batch = batch;
    }

    public Batch batch() {
        return batch;
    }

    public int failures() {
        return failures;
    }

    public boolean deadLettersSent() {
        return deadLettersSent;
    }

    public void markDeadLettersSent() {
        deadLettersSent = true;
    }

    /** Records a failed attempt; returns how long the batch has been failing. */
    public Duration failed() {
        long now = System.nanoTime();
        if (failures++ == 0) {
            firstFailureNanos = now;
        }
        return Duration.ofNanos(now - firstFailureNanos);
    }

    public void retryIn(Duration delay) {
        nextAttemptNanos = System.nanoTime() + delay.toNanos();
    }

    public boolean isDue() {
        return System.nanoTime() >= nextAttemptNanos;
    }

    public Duration timeUntilDue(Duration longest) {
        long left = nextAttemptNanos - System.nanoTime();
        return Duration.ofNanos(Math.max(0, Math.min(left, longest.toNanos())));
    }
}
