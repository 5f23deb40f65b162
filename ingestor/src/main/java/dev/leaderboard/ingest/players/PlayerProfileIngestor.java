package dev.leaderboard.ingest.players;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Players table equal to the compacted {@code players} topic: poll, fold into one change per
 * player, apply in one transaction, then commit the offsets. At-least-once is enough here: the store
 * keeps the newest UpdatedAt, so a replay changes nothing. Single-threaded; {@link #close()} wakes it.
 */
public final class PlayerProfileIngestor implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PlayerProfileIngestor.class);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(1);

    private final KafkaConsumer<String, byte[]> consumer;
    private final DuckDbPlayerStore store;
    private final String topic;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile Throwable failure;
    private volatile long profilesApplied;
    private volatile long recordsRejected;
    private final KafkaClientMetrics consumerMeters;

    /** Takes its own connection to the database (see {@link DuckDBConnection#duplicate()}), and closes it. */
    public PlayerProfileIngestor(PlayersIngestConfig config, DuckDBConnection connection) throws SQLException {
        this(config, connection, new SimpleMeterRegistry());
    }

    /** The same, publishing its consumer's own meters ({@code kafka_consumer_*}) to the registry. */
    public PlayerProfileIngestor(PlayersIngestConfig config, DuckDBConnection connection, MeterRegistry registry)
            throws SQLException {
        this.store = new DuckDbPlayerStore(connection);
        this.consumer = new KafkaConsumer<>(consumerConfig(config), new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = config.topic();
        this.consumerMeters = new KafkaClientMetrics(consumer);
        consumerMeters.bindTo(registry);
    }

    private static Map<String, Object> consumerConfig(PlayersIngestConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // Offsets move only after the table has the profiles.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group rebuilds the table from every profile the compacted topic still holds.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Subscribing must never create the topic: an auto-created one would not be compacted.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingestor-" + config.groupId());
        return props;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic));
            log.info("Ingesting player profiles from {}", topic);
            while (!closing) {
                ConsumerRecords<String, byte[]> records = consumer.poll(LONGEST_POLL);
                if (!records.isEmpty()) {
                    apply(records);
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                failure = e;
            }
        } catch (SQLException | RuntimeException e) {
            failure = e;
            log.error("Player profile ingestion stopped: {}", e.getMessage(), e);
        } finally {
            consumerMeters.close();
            consumer.close();
            closeStore();
            log.info("Player profile ingestion stopped: {} profiles applied, {} records skipped", profilesApplied,
                    recordsRejected);
            stopped.countDown();
        }
    }

    private void apply(ConsumerRecords<String, byte[]> records) throws SQLException {
        PlayerChanges changes = new PlayerChanges();
        records.forEach(changes::add);
        store.apply(changes.changes());
        consumer.commitSync();
        profilesApplied += changes.changes().size();
        recordsRejected += changes.rejected();
        log.debug("Applied {} player changes", changes.changes().size());
    }

    private void closeStore() {
        try {
            store.close();
        } catch (SQLException e) {
            log.warn("Closing the Players store failed", e);
        }
    }

    /** Player changes written to the table so far (after folding each poll to one per player). */
    public long profilesApplied() {
        return profilesApplied;
    }

    /** Records that were not a profile or tombstone, each logged with its reason. */
    public long recordsRejected() {
        return recordsRejected;
    }

    /** Why the loop stopped on its own, if it did. */
    public Throwable failure() {
        return failure;
    }

    /** Stops the loop. Safe from any thread, including a shutdown hook. */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                log.warn("Player profile ingestion did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
