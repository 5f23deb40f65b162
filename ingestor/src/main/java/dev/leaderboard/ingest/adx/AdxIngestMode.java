package dev.leaderboard.ingest.adx;

/** How batches reach ADX ({@code ADX_INGEST_MODE}). */
public enum AdxIngestMode {
    /** QueuedIngestClient: blob + queue message; "accepted" = both stored, ADX ingests within its batching policy. */
    QUEUED,
    /** One streaming request per batch, sent once ({@link StreamingIngestion}): accepted = ADX ingested it; above 4 MiB, queued. */
    STREAMING,
    /** {@code .ingest inline} through kusto-data: for the Kusto emulator, which has no data-management service. */
    DIRECT
}
