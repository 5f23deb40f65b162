package dev.leaderboard.ingest;

/** Which store the ingestor writes to ({@code INGEST_SINK}). */
public enum SinkKind {
    /** The embedded default: rows and offsets in one DuckDB transaction. */
    DUCKDB,
    /** Azure Data Explorer through the Kusto SDK; settings in {@code ADX_*}. */
    ADX
}
