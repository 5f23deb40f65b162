package dev.leaderboard.ingest;

import picocli.CommandLine.Option;

/**
 * The ingestor's own settings ({@code INGEST_*}) as command-line options, shared by {@link IngestorMain} and
 * the one-JVM runner; {@link IngestorConfig#from} reads and checks them.
 */
public final class IngestOptions {

    @Option(names = "--topic", paramLabel = "INGEST_TOPIC", defaultValue = "${env:INGEST_TOPIC:-gameplay}",
            description = "Topic of spins (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--dlq-topic", paramLabel = "INGEST_DLQ_TOPIC", defaultValue = "${env:INGEST_DLQ_TOPIC:-gameplay.dlq}",
            description = "Dead-letter topic (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--group-id", paramLabel = "INGEST_GROUP_ID", defaultValue = "${env:INGEST_GROUP_ID:-leaderboard-ingestor}",
            description = "Consumer group (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--instance-id", paramLabel = "INGEST_INSTANCE_ID", defaultValue = "${env:INGEST_INSTANCE_ID}",
            description = "Static group membership: a restarted instance takes its partitions back at once (default: unset).")
    String instanceId;

    @Option(names = "--sink", paramLabel = "INGEST_SINK", defaultValue = "${env:INGEST_SINK:-duckdb}",
            description = "The store: duckdb or adx (default: ${DEFAULT-VALUE}).")
    String sink;

    @Option(names = "--batch-max-records", paramLabel = "INGEST_BATCH_MAX_RECORDS",
            defaultValue = "${env:INGEST_BATCH_MAX_RECORDS:-10000}",
            description = "A batch is written at this many records... (default: ${DEFAULT-VALUE}).")
    String batchMaxRecords;

    @Option(names = "--batch-max-bytes", paramLabel = "INGEST_BATCH_MAX_BYTES",
            defaultValue = "${env:INGEST_BATCH_MAX_BYTES:-4194304}",
            description = "...or this many key and value bytes... (default: ${DEFAULT-VALUE}).")
    String batchMaxBytes;

    @Option(names = "--batch-linger-ms", paramLabel = "INGEST_BATCH_LINGER_MS",
            defaultValue = "${env:INGEST_BATCH_LINGER_MS:-200}",
            description = "...or this long after its first record (default: ${DEFAULT-VALUE}).")
    String batchLingerMs;

    @Option(names = "--retry-first-ms", paramLabel = "INGEST_RETRY_FIRST_MS", defaultValue = "${env:INGEST_RETRY_FIRST_MS:-200}",
            description = "Ceiling of the first retry wait (default: ${DEFAULT-VALUE}).")
    String retryFirstMs;

    @Option(names = "--retry-max-ms", paramLabel = "INGEST_RETRY_MAX_MS", defaultValue = "${env:INGEST_RETRY_MAX_MS:-30000}",
            description = "Ceiling of any retry wait (default: ${DEFAULT-VALUE}).")
    String retryMaxMs;

    @Option(names = "--retry-give-up-ms", paramLabel = "INGEST_RETRY_GIVE_UP_MS",
            defaultValue = "${env:INGEST_RETRY_GIVE_UP_MS:-600000}",
            description = "A batch failing this long stops the ingestor, exit 1 (default: ${DEFAULT-VALUE}).")
    String retryGiveUpMs;

    @Option(names = "--max-poll-interval-ms", paramLabel = "INGEST_MAX_POLL_INTERVAL_MS",
            defaultValue = "${env:INGEST_MAX_POLL_INTERVAL_MS:-300000}",
            description = "Kafka's max.poll.interval.ms (default: ${DEFAULT-VALUE}).")
    String maxPollIntervalMs;

    @Option(names = "--spin-retention-hours", paramLabel = "DUCKDB_SPIN_RETENTION_HOURS",
            defaultValue = "${env:DUCKDB_SPIN_RETENTION_HOURS:-0}",
            description = "DuckDB: delete raw spins older than this many hours, keeping the board rollups; 0 keeps all (default: ${DEFAULT-VALUE}).")
    String spinRetentionHours;

    @Option(names = "--metrics-port", paramLabel = "INGEST_METRICS_PORT", defaultValue = "${env:INGEST_METRICS_PORT}",
            description = "Serve GET /metrics and GET /health on this port; 0 = any free port (default: unset, not served).")
    String metricsPort;
}
