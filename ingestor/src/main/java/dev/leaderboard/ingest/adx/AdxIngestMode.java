package dev.leaderboard.ingest.adx;

/** How batches reach ADX ({@code ADX_INGEST_MODE}). */
public enum AdxIngestMode {
    /** QueuedIngestClient: blob + queue message; "accepted" = both stored, ADX ingests within its batching policy. */
    QUEUED,
    /** ManagedStreamingIngestClient: accepted = ADX ingested it; batches above 4 MB fall back to queued. */
    STREAMING,
    /** {@code .ingest inline} through kusto-data: for the Kusto emulator, which has no data-management service. */
    DIRECT
}
