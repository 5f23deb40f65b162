package dev.leaderboard.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import dev.leaderboard.gameplay.GamePlayTopics;
import dev.leaderboard.ingest.batch.BatchLimits;
import dev.leaderboard.settings.Settings;

/**
 * The ingestor's settings, from environment variables (names in the README's configuration table).
 * The ADX sink's own settings are {@link dev.leaderboard.ingest.adx.AdxSinkConfig}, read only when
 * {@code INGEST_SINK=adx}.
 *
 * @param bootstrapServers Kafka brokers ({@code BOOTSTRAP_SERVERS}, as in the blog)
 * @param topic            topic of spin events ({@code INGEST_TOPIC})
 * @param deadLetterTopic  where unreadable records go ({@code INGEST_DLQ_TOPIC})
 * @param groupId          consumer group ({@code INGEST_GROUP_ID})
 * @param instanceId       static group membership ({@code INGEST_INSTANCE_ID}, optional): a restarted instance
 *                         with the same id takes its partitions back at once instead of waiting out a rebalance
 * @param batchLimits      {@code INGEST_BATCH_MAX_RECORDS}, {@code INGEST_BATCH_MAX_BYTES}, {@code INGEST_BATCH_LINGER_MS}
 * @param duckDbPath       the DuckDB database file ({@code DUCKDB_PATH})
 * @param sink             the store: {@code INGEST_SINK} = duckdb (default) or adx
 * @param retry            {@code INGEST_RETRY_FIRST_MS}, {@code INGEST_RETRY_MAX_MS}, {@code INGEST_RETRY_GIVE_UP_MS}
 * @param metricsPort      {@code INGEST_METRICS_PORT}: where {@code /metrics} is served (unset = not served, 0 = any free port)
 * @param maxPollInterval  {@code INGEST_MAX_POLL_INTERVAL_MS}: Kafka's max.poll.interval.ms; the loop polls at least
 *                         every second even while a batch retries, so only a single store call must fit in it
 * @param spinRetention    {@code DUCKDB_SPIN_RETENTION_HOURS}: raw spins older than this (by event time) are deleted
 *                         from DuckDB, the board rollups kept; zero keeps every spin
 */
public record IngestorConfig(String bootstrapServers, String topic, String deadLetterTopic, String groupId,
                             Optional<String> instanceId, BatchLimits batchLimits, Path duckDbPath,
                             SinkKind sink, RetryPolicy retry, OptionalInt metricsPort, Duration maxPollInterval,
                             Duration spinRetention) {

    public static final String DEFAULT_GROUP_ID = "leaderboard-ingestor";
    /** Kafka's own default. */
    public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(5);

    public static IngestorConfig from(Settings settings) {
        BatchLimits limits = new BatchLimits(
                settings.intInRange("INGEST_BATCH_MAX_RECORDS", 10_000, 1, 1_000_000),
                settings.longInRange("INGEST_BATCH_MAX_BYTES", 4L * 1024 * 1024, 1024, 1024L * 1024 * 1024),
                settings.millis("INGEST_BATCH_LINGER_MS", 200, 0, 300_000));
        Duration firstRetry = settings.millis("INGEST_RETRY_FIRST_MS", 200, 1, 60_000);
        Duration maxRetry = settings.millis("INGEST_RETRY_MAX_MS", 30_000, 1, 600_000);
        if (maxRetry.compareTo(firstRetry) < 0) {
            throw new Settings.InvalidSettingException("INGEST_RETRY_MAX_MS",
                    "at least INGEST_RETRY_FIRST_MS (" + firstRetry.toMillis() + ")", Long.toString(maxRetry.toMillis()));
        }
        RetryPolicy retry = new RetryPolicy(firstRetry, maxRetry,
                settings.millis("INGEST_RETRY_GIVE_UP_MS", 600_000, 0, 86_400_000));
        String metricsPort = settings.text("INGEST_METRICS_PORT", null);
        return new IngestorConfig(
                settings.text("BOOTSTRAP_SERVERS", "localhost:9092"),
                settings.text("INGEST_TOPIC", GamePlayTopics.GAMEPLAY),
                settings.text("INGEST_DLQ_TOPIC", GamePlayTopics.GAMEPLAY_DLQ),
                settings.text("INGEST_GROUP_ID", DEFAULT_GROUP_ID),
                Optional.ofNullable(settings.text("INGEST_INSTANCE_ID", null)),
                limits,
                settings.path("DUCKDB_PATH", "work/leaderboard.duckdb"),
                sinkKind(settings),
                retry,
                metricsPort == null ? OptionalInt.empty()
                        : OptionalInt.of(settings.intInRange("INGEST_METRICS_PORT", 0, 0, 65_535)),
                settings.millis("INGEST_MAX_POLL_INTERVAL_MS", DEFAULT_MAX_POLL_INTERVAL.toMillis(), 1_000, 3_600_000),
                Duration.ofHours(settings.intInRange("DUCKDB_SPIN_RETENTION_HOURS", 0, 0, 87_600)));
    }

    private static SinkKind sinkKind(Settings settings) {
        String value = settings.text("INGEST_SINK", "duckdb");
        try {
            return SinkKind.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Settings.InvalidSettingException("INGEST_SINK", "one of duckdb, adx", value);
        }
    }

    /**
     * These settings on another broker and database file, everything else kept as read and checked: the
     * one-JVM runner's ingestor, whose broker and database are the runner's.
     */
    public IngestorConfig withStore(String bootstrapServers, Path duckDbPath) {
        return new IngestorConfig(bootstrapServers, topic, deadLetterTopic, groupId, instanceId, batchLimits, duckDbPath,
                sink, retry, metricsPort, maxPollInterval, spinRetention);
    }

    public IngestorConfig withBatchLimits(int maxRecords, long maxBytes, Duration linger) {
        return new IngestorConfig(bootstrapServers, topic, deadLetterTopic, groupId, instanceId,
                new BatchLimits(maxRecords, maxBytes, linger), duckDbPath, sink, retry, metricsPort, maxPollInterval,
                spinRetention);
    }
}
