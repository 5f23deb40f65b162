package dev.leaderboard.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import dev.leaderboard.ingest.batch.Batch;
import dev.leaderboard.ingest.batch.InFlightBatch;
import dev.leaderboard.ingest.batch.OffsetRange;
import dev.leaderboard.ingest.deadletter.DeadLetterPublisher;
import dev.leaderboard.ingest.deadletter.DeadLetterPublisher.DeadLetterException;
import dev.leaderboard.ingest.metrics.IngestMetrics;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles one batch: its unreadable records to the dead-letter topic (once), its rows to the sink, then
 * the group commit of exactly what the sink accepted. A batch that overlaps the offsets stored with the
 * rows is settled by seeking back to them; rows the sink rejects for good are dead-lettered with the
 * reason, then committed. Called only from the consumer's thread; it retries nothing itself.
 */
final class BatchSettler {

    private static final Logger log = LoggerFactory.getLogger(BatchSettler.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final GamePlaySink sink;
    private final DeadLetterPublisher deadLetters;
    private final IngestMetrics metrics;
    private final IngestProgress progress;

    BatchSettler(KafkaConsumer<byte[], byte[]> consumer, GamePlaySink sink, DeadLetterPublisher deadLetters,
                 IngestMetrics metrics, IngestProgress progress) {
        this.consumer = consumer;
        this.sink = sink;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.progress = progress;
    }

    /** One try at the batch; only a {@link SettleOutcome.NotAccepted} leaves it to retry (nothing was committed then). */
    SettleOutcome trySettle(InFlightBatch flight) {
        Batch batch = flight.batch();
        if (batch.isEmpty()) {
            return new SettleOutcome.Stored(0);
        }
        try {
            if (!flight.deadLettersSent()) {
                deadLetters.publish(batch.rejected());
                metrics.deadLettered(batch.rejected().size(), "unreadable");
                progress.unreadableDeadLettered(batch.rejected().size());
                flight.markDeadLettersSent();
            }
            writeToSink(batch);
            commitToGroup(batch);
            progress.stored(batch.rows().size());
            metrics.accepted(batch, batch.bytes(), Instant.now());
            return new SettleOutcome.Stored(batch.rows().size());
        } catch (SinkException.OverlapsStoredOffsets e) {
            log.warn("{}; re-reading from the stored offsets", e.getMessage());
            rewind(batch);
            return new SettleOutcome.Rewound();
        } catch (SinkException.Rejected e) {
            return deadLetterRejectedRows(batch, e);
        } catch (SinkException e) {
            return new SettleOutcome.NotAccepted(e);
        } catch (DeadLetterException e) {
            return new SettleOutcome.NotAccepted(new SinkException(e.getMessage(), e));
        }
    }

    /** Where each partition's rows end in the store (absent: the store keeps no offsets for it). */
    Map<TopicPartition, Long> storedNextOffsets(Collection<TopicPartition> partitions) {
        try {
            return sink.storedNextOffsets(partitions);
        } catch (SinkException e) {
            throw new IllegalStateException("Cannot read the offsets stored with the rows", e);
        }
    }

    /** Closes the dead-letter producer and the sink. */
    void close() {
        deadLetters.close();
        sink.close();
    }

    @Override
    public String toString() {
        return sink.toString();
    }

    private void writeToSink(Batch batch) throws SinkException {
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            sink.write(batch);
            outcome = "accepted";
        } catch (SinkException.Rejected e) {
            outcome = "rejected";
            throw e;
        } finally {
            metrics.storeCall(Duration.ofNanos(System.nanoTime() - start), outcome);
        }
    }

    private SettleOutcome deadLetterRejectedRows(Batch batch, SinkException.Rejected rejection) {
        String reason = "rejected by " + sink + ": " + rejection.getMessage();
        try {
            deadLetters.publish(batch.rowsRejectedBecause(reason));
        } catch (DeadLetterException e) {
            return new SettleOutcome.NotAccepted(new SinkException("Rows rejected by the store could not be dead-lettered", e));
        }
        metrics.deadLettered(batch.rows().size(), "rejected-by-store");
        metrics.rejectedByStore(batch);
        commitToGroup(batch);
        progress.rejectedByStore(batch.rows().size());
        log.error("{} rejected a batch of {} rows for good; dead-lettered them with the reason: {}",
                sink, batch.rows().size(), rejection.getMessage());
        return new SettleOutcome.RejectedByStore(batch.rows().size(), reason);
    }

    /** Commits only what the store confirmed: each partition's offset after the batch. */
    private void commitToGroup(Batch batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        batch.ranges().forEach((partition, range) -> offsets.put(partition, new OffsetAndMetadata(range.next())));
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            log.info("Group commit skipped during a rebalance; the batch may be read again: {}", e.getMessage());
        }
    }

    private void rewind(Batch batch) {
        Map<TopicPartition, Long> stored = storedNextOffsets(batch.ranges().keySet());
        for (Map.Entry<TopicPartition, OffsetRange> entry : batch.ranges().entrySet()) {
            consumer.seek(entry.getKey(), stored.getOrDefault(entry.getKey(), entry.getValue().first()));
        }
    }
}
