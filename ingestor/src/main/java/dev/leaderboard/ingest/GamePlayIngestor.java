package dev.leaderboard.ingest;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.leaderboard.ingest.batch.InFlightBatch;
import dev.leaderboard.ingest.batch.PendingBatch;
import dev.leaderboard.ingest.deadletter.DeadLetterPublisher;
import dev.leaderboard.ingest.metrics.IngestMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
 * The consumer loop: poll {@code gameplay}, batch, and hand each full batch to the {@link BatchSettler}
 * (dead letters, sink, commit). Single-threaded; {@link #close()} from any thread wakes it for a final flush.
 * A batch the sink does not accept is retried with backoff while every assigned partition is paused, so
 * the loop keeps polling (and the group keeps this member) however long the store is slow. A batch the
 * sink rejects for good is dead-lettered record by record. It owns the consumer, the dead-letter producer
 * and the sink, and closes all three when it stops.
 */
public final class GamePlayIngestor implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GamePlayIngestor.class);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final BatchSettler settler;
    private final PendingBatch pending;
    private final String topic;
    private final RetryPolicy retry;
    private final IngestMetrics metrics;
    private final IngestProgress progress = new IngestProgress();
    private final RetryingBatch retrying;
    private final KafkaClientMetrics consumerMetrics;
    private final IngestorConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile Throwable failure;

    public GamePlayIngestor(IngestorConfig config, GamePlaySink sink) {
        this(config, sink, new IngestMetrics(new SimpleMeterRegistry()));
    }

    public GamePlayIngestor(IngestorConfig config, GamePlaySink sink, IngestMetrics metrics) {
        this.consumer = new KafkaConsumer<>(consumerConfig(config), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.settler = new BatchSettler(consumer, sink,
                new DeadLetterPublisher(config.bootstrapServers(), config.deadLetterTopic()), metrics, progress);
        this.pending = new PendingBatch(config.batchLimits());
        this.topic = config.topic();
        this.retry = config.retry();
        this.metrics = metrics;
        this.retrying = new RetryingBatch(consumer, metrics);
        this.config = config;
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(metrics.registry());
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
        // The loop polls at least every second, retries included: only one store call must fit in here.
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Math.toIntExact(config.maxPollInterval().toMillis()));
        // One poll can fill a batch, but not much more than one.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(config.batchLimits().maxRecords(), 5_000));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingestor-" + config.groupId());
        config.instanceId().ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        return props;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new SettleThenCommit());
            log.info("Ingesting topic {} into {}", topic, settler);
            while (!closing) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout());
                records.forEach(record -> {
                    pending.add(record);
                    metrics.recordIn(record);
                });
                metrics.updateLag(consumer);
                if (!retrying.isEmpty()) {
                    if (retrying.flight().isDue()) {
                        attempt(retrying.flight());
                    }
                } else if (pending.isFull() || pending.hasLingered()) {
                    attempt(new InFlightBatch(pending.drain()));
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

    private Duration pollTimeout() {
        return !retrying.isEmpty() ? retrying.flight().timeUntilDue(LONGEST_POLL) : pending.timeUntilDue(LONGEST_POLL);
    }

    private void finish() {
        try {
            if (failure == null) {
                settleOrAbandon(retrying.flight(), Set.of());
                settleOrAbandon(new InFlightBatch(pending.drain()), Set.of());
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("Final flush failed; its records stay uncommitted and will be read again", e);
        } finally {
            consumerMetrics.close();
            consumer.close();
            settler.close();
            progress.logTotals();
            stopped.countDown();
        }
    }

    /** Tries the batch; if the store did not take it, pauses the partitions and schedules the next try. */
    private void attempt(InFlightBatch flight) {
        if (!(settler.trySettle(flight) instanceof SettleOutcome.NotAccepted notAccepted)) {
            if (retrying.holds(flight)) {
                retrying.end();
                log.info("Batch of {} records settled after {} failed attempts; partitions resumed",
                        flight.batch().recordCount(), flight.failures());
            }
            return;
        }
        SinkException cause = notAccepted.cause();
        if (cause instanceof SinkException.StoreUnusable) {
            throw new IllegalStateException("The store can take no batch until restarted; its offsets stay uncommitted: "
                    + cause.getMessage(), cause);
        }
        Duration failingFor = flight.failed();
        if (failingFor.compareTo(retry.giveUpAfter()) > 0) {
            throw new IllegalStateException("Batch not accepted after " + flight.failures() + " attempts over "
                    + failingFor.toSeconds() + " s; its offsets stay uncommitted: " + cause.getMessage(), cause);
        }
        retrying.refused(flight, cause.getMessage());
        Duration delay = retry.delayAfter(flight.failures());
        flight.retryIn(delay);
        metrics.retried();
        log.warn("Batch of {} records not accepted (attempt {}), partitions paused, retrying in {} ms: {}",
                flight.batch().recordCount(), flight.failures(), delay.toMillis(), cause.getMessage());
    }

    /**
     * On revocation, loss or stop: one last try for the batch; if the store still does not take it, it is
     * abandoned: partitions this consumer keeps are sought back to the batch's first offsets, so nothing is
     * lost and nothing unconfirmed is committed.
     */
    private void settleOrAbandon(InFlightBatch flight, Collection<TopicPartition> leaving) {
        if (flight == null || flight.batch().isEmpty()) {
            return;
        }
        if (settler.trySettle(flight) instanceof SettleOutcome.NotAccepted notAccepted) {
            RetryingBatch.seekBack(consumer, flight, leaving);
            log.warn("Batch of {} records abandoned uncommitted ({}); it will be read again",
                    flight.batch().recordCount(), notAccepted.cause().getMessage());
        }
        if (retrying.holds(flight)) {
            retrying.end();
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

    /** Rows the store accepted (not those it rejected for good, nor unreadable records). */
    public long rowsStored() {
        return progress.rowsStored();
    }

    /** Records that were not a spin, sent to the dead-letter topic. */
    public long unreadableDeadLettered() {
        return progress.unreadableDeadLettered();
    }

    /** Rows the store refused for good, sent to the dead-letter topic with the reason. */
    public long rowsRejectedByStore() {
        return progress.rowsRejectedByStore();
    }

    /** The settings this ingestor runs with. */
    public IngestorConfig config() {
        return config;
    }

    /** What the ingestor is doing now; any thread. */
    public IngestorStatus status() {
        Throwable failed = failure;
        IngestorStatus.State state;
        Optional<String> reason = Optional.empty();
        if (failed != null) {
            state = IngestorStatus.State.FAILED;
            reason = Optional.of(String.valueOf(failed.getMessage()));
        } else if (stopped.getCount() == 0) {
            state = IngestorStatus.State.STOPPED;
        } else if (retrying.failingSince() != null) {
            state = IngestorStatus.State.RETRYING;
            reason = Optional.ofNullable(retrying.lastRefusal());
        } else {
            state = IngestorStatus.State.RUNNING;
        }
        return new IngestorStatus(state, reason, Optional.ofNullable(retrying.failingSince()), metrics.totalLag(),
                progress.rowsStored(), progress.unreadableDeadLettered(), progress.rowsRejectedByStore());
    }

    /**
     * On assignment, continue exactly where the store's rows end (or the group's commits, for a store that
     * keeps no offsets); new partitions stay paused while a batch retries. On revocation the batch in flight
     * and the pending records are settled or abandoned first, so only confirmed offsets are committed.
     */
    private final class SettleThenCommit implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> stored = new HashMap<>(settler.storedNextOffsets(partitions));
            // Never behind the group's commit: rows the store does not show yet (queued into ADX) or never
            // will (dead-lettered) were settled all the same. Ahead of it (the commit was lost): commit it now.
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            Map<TopicPartition, OffsetAndMetadata> catchUp = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata known = committed.get(partition);
                Long next = stored.get(partition);
                if (next != null && (known == null || next > known.offset())) {
                    catchUp.put(partition, new OffsetAndMetadata(next));
                } else if (known != null) {
                    stored.put(partition, known.offset());
                }
            }
            stored.forEach(consumer::seek);
            if (!catchUp.isEmpty()) {
                try {
                    consumer.commitSync(catchUp);
                } catch (CommitFailedException | RebalanceInProgressException e) {
                    log.info("Catching the group's commit up with the store skipped during a rebalance: {}", e.getMessage());
                }
            }
            retrying.pauseIfRetrying(partitions);
            log.info("Assigned {}; resuming at stored offsets {}", partitions, stored);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                metrics.partitionsTaken(partitions.size(), "revoked");
                settleOrAbandon(retrying.flight(), partitions);
                settleOrAbandon(new InFlightBatch(pending.drain()), partitions);
                log.info("Revoked {} after settling the batches in flight", partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            pending.discard(partitions);
            metrics.partitionsTaken(partitions.size(), "lost");
            retrying.abandon(partitions);
            log.warn("Lost {}; their pending records are dropped and will be read by the new owner", partitions);
        }
    }
}
