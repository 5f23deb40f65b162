package dev.leaderboard.ingest.adx;

/** How ADX reports on a queued batch after the ingestor committed it ({@code ADX_QUEUED_STATUS}). */
public enum QueuedStatusReport {
    /** Failures only, to ADX's failed-ingestions queue and {@code .show ingestion failures}: ADX's default, no extra cost. */
    QUEUE,
    /** Every outcome to the ingestion status table, which the ingestor polls into {@code ingest_queued_outcome_total}. */
    TABLE
}
