package dev.leaderboard.ingest;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.leaderboard.ingest.batch.Batch;
import dev.leaderboard.ingest.batch.OffsetRange;
import dev.leaderboard.ingest.batch.PendingBatch;
import dev.leaderboard.ingest.deadletter.DeadLetterPublisher;
import dev.leaderboard.ingest.deadletter.DeadLetterPublisher.DeadLetterException;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop: poll {@code gameplay}, batch, dead-letter what cannot be read, write the rest to the
 * sink, then commit. Single-threaded; {@link #close()} from any thread wakes it for a final flush.
 * It owns the consumer, the dead-letter producer and the sink, and closes all three when it stops.
 */
public final class GamePlayIngestor implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GamePlayIngestor.class);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(1);
    private static final int WRITE_ATTEMPTS = 5;
    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final GamePlaySink sink;
    private final DeadLetterPublisher deadLetters;
    private final PendingBatch pending;
    private final String topic;
    private final IngestProgress progress = new IngestProgress();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile Throwable failure;

    public GamePlayIngestor(IngestorConfig config, GamePlaySink sink) {
        this.consumer = new KafkaConsumer<>(consumerConfig(config), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.sink = sink;
        this.deadLetters = new DeadLetterPublisher(config.bootstrapServers(), config.deadLetterTopic());
        this.pending = new PendingBatch(config.batchLimits());
        this.topic = config.topic();
    }

    private static Map<String, Object> consumerConfig(IngestorConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // Offsets move only after the sink accepted a batch; never on a timer.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group reads the topic from the start: every retained spin counts.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Aborted transactions of a transactional producer must never reach the board.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Partitions that stay with this consumer keep flowing while others move.
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // One poll can fill a batch, but not much more than one.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(config.batchLimits().maxRecords(), 5_000));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingestor-" + config.groupId());
        config.instanceId().ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        return props;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new SeekToStoredOffsets());
            log.info("Ingesting topic {} into {}", topic, sink);
            while (!closing) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(pending.timeUntilDue(LONGEST_POLL));
                records.forEach(pending::add);
                if (pending.isFull() || pending.hasLingered()) {
                    flush();
                }
                progress.logEveryFewSeconds();
            }
        } catch (WakeupException e) {
            if (!closing) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("Ingestor stopped: {}", e.getMessage(), e);
        } finally {
            finish();
        }
    }

    private void finish() {
        try {
            if (failure == null) {
                flush();
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("Final flush failed; its records stay uncommitted and will be read again", e);
        } finally {
            consumer.close();
            deadLetters.close();
            sink.close();
            progress.logTotals();
            stopped.countDown();
        }
    }

    /** Writes the pending batch: dead letters first, then rows with offsets, then the group commit. */
    private void flush() {
        Batch batch = pending.drain();
        if (batch.isEmpty()) {
            return;
        }
        Duration delay = FIRST_RETRY_DELAY;
        for (int attempt = 1; ; attempt++) {
            try {
                deadLetters.publish(batch.rejected());
                sink.write(batch);
                commitToGroup(batch);
                progress.add(batch);
                return;
            } catch (SinkException.OverlapsStoredOffsets e) {
                log.warn("{}; re-reading from the stored offsets", e.getMessage());
                rewind(batch);
                return;
            } catch (SinkException | DeadLetterException e) {
                if (attempt == WRITE_ATTEMPTS) {
                    throw new IllegalStateException("Batch not accepted after " + attempt + " attempts", e);
                }
                log.warn("Batch of {} records not accepted (attempt {} of {}), retrying in {} ms: {}",
                        batch.recordCount(), attempt, WRITE_ATTEMPTS, delay.toMillis(), e.getMessage());
                sleep(delay);
                delay = delay.multipliedBy(2);
            }
        }
    }

    /** The store's offsets are the truth; the group's commit only shows progress to monitoring tools. */
    private void commitToGroup(Batch batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        batch.ranges().forEach((partition, range) -> offsets.put(partition, new OffsetAndMetadata(range.next())));
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            log.info("Group commit skipped during a rebalance; the store holds the offsets: {}", e.getMessage());
        }
    }

    private void rewind(Batch batch) {
        Map<TopicPartition, Long> stored = storedNextOffsets(batch.ranges().keySet());
        for (Map.Entry<TopicPartition, OffsetRange> entry : batch.ranges().entrySet()) {
            consumer.seek(entry.getKey(), stored.getOrDefault(entry.getKey(), entry.getValue().first()));
        }
    }

    private Map<TopicPartition, Long> storedNextOffsets(Collection<TopicPartition> partitions) {
        try {
            return sink.storedNextOffsets(partitions);
        } catch (SinkException e) {
            throw new IllegalStateException("Cannot read the offsets stored with the rows", e);
        }
    }

    /** Stops the loop after a final flush. Safe from any thread, including a shutdown hook. */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                log.warn("Ingestor did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the loop to end by itself (fatal error) or through {@link #close()}. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Why the loop stopped on its own, if it did. */
    public Throwable failure() {
        return failure;
    }

    public long rowsStored() {
        return progress.rows();
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry", e);
        }
    }

    /** On assignment, continue exactly where the store's rows end; a batch in flight is finished first. */
    private final class SeekToStoredOffsets implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> stored = storedNextOffsets(partitions);
            stored.forEach(consumer::seek);
            log.info("Assigned {}; resuming at stored offsets {}", partitions, stored);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                flush();
                log.info("Revoked {} after flushing", partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            pending.discard(partitions);
            log.warn("Lost {}; their pending records are dropped and will be read by the new owner", partitions);
        }
    }
}
