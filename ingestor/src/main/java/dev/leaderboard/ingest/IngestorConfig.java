package dev.leaderboard.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.leaderboard.gameplay.GamePlayTopics;
import dev.leaderboard.ingest.batch.BatchLimits;
import dev.leaderboard.settings.Settings;

/**
 * The ingestor's settings, from environment variables (names in the README's configuration table).
 *
 * @param bootstrapServers Kafka brokers ({@code BOOTSTRAP_SERVERS}, as in the blog)
 * @param topic            topic of spin events ({@code INGEST_TOPIC})
 * @param deadLetterTopic  where unreadable records go ({@code INGEST_DLQ_TOPIC})
 * @param groupId          consumer group ({@code INGEST_GROUP_ID})
 * @param instanceId       static group membership ({@code INGEST_INSTANCE_ID}, optional): a restarted instance
 *                         with the same id takes its partitions back at once instead of waiting out a rebalance
 * @param batchLimits      {@code INGEST_BATCH_MAX_RECORDS}, {@code INGEST_BATCH_MAX_BYTES}, {@code INGEST_BATCH_LINGER_MS}
 * @param duckDbPath       the DuckDB database file ({@code DUCKDB_PATH})
 */
public record IngestorConfig(String bootstrapServers, String topic, String deadLetterTopic, String groupId,
                             Optional<String> instanceId, BatchLimits batchLimits, Path duckDbPath) {

    public static final String DEFAULT_GROUP_ID = "leaderboard-ingestor";

    public static IngestorConfig from(Settings settings) {
        BatchLimits limits = new BatchLimits(
                settings.intInRange("INGEST_BATCH_MAX_RECORDS", 10_000, 1, 1_000_000),
                settings.longInRange("INGEST_BATCH_MAX_BYTES", 4L * 1024 * 1024, 1024, 1024L * 1024 * 1024),
                settings.millis("INGEST_BATCH_LINGER_MS", 200, 0, 300_000));
        return new IngestorConfig(
                settings.text("BOOTSTRAP_SERVERS", "localhost:9092"),
                settings.text("INGEST_TOPIC", GamePlayTopics.GAMEPLAY),
                settings.text("INGEST_DLQ_TOPIC", GamePlayTopics.GAMEPLAY_DLQ),
                settings.text("INGEST_GROUP_ID", DEFAULT_GROUP_ID),
                Optional.ofNullable(settings.text("INGEST_INSTANCE_ID", null)),
                limits,
                settings.path("DUCKDB_PATH", "work/leaderboard.duckdb"));
    }

    public IngestorConfig withBatchLimits(int maxRecords, long maxBytes, Duration linger) {
        return new IngestorConfig(bootstrapServers, topic, deadLetterTopic, groupId, instanceId,
                new BatchLimits(maxRecords, maxBytes, linger), duckDbPath);
    }
}
