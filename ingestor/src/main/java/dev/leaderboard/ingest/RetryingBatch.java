package dev.leaderboard.ingest;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import dev.leaderboard.ingest.batch.InFlightBatch;
import dev.leaderboard.ingest.metrics.IngestMetrics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The one batch waiting to be retried, if any, and what goes with it: while there is one, every assigned
 * partition is paused. Entering and leaving that state happen only here. Consumer thread only, except
 * {@link #failingSince()}, which any thread may read.
 */
final class RetryingBatch {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final IngestMetrics metrics;
    private InFlightBatch flight;
    private volatile Instant failingSince;
    private volatile String lastRefusal;

    RetryingBatch(KafkaConsumer<byte[], byte[]> consumer, IngestMetrics metrics) {
        this.consumer = consumer;
        this.metrics = metrics;
    }

    /** The batch being retried, or null. */
    InFlightBatch flight() {
        return flight;
    }

    boolean isEmpty() {
        return flight == null;
    }

    boolean holds(InFlightBatch candidate) {
        return flight != null && flight == candidate;
    }

    /** Records what the store answered to the batch's last try, for {@code /health}. */
    void refused(InFlightBatch failed, String reason) {
        lastRefusal = reason;
        if (flight != failed) {
            begin(failed);
        }
    }

    /** Starts retrying the batch: pauses every assigned partition. */
    private void begin(InFlightBatch failed) {
        flight = failed;
        failingSince = Instant.now();
        Set<TopicPartition> assigned = consumer.assignment();
        consumer.pause(assigned);
        metrics.pausedPartitions(assigned.size());
    }

    /** Partitions newly given to this consumer wait too while a batch retries. */
    void pauseIfRetrying(Collection<TopicPartition> assigned) {
        if (flight != null) {
            consumer.pause(assigned);
            metrics.pausedPartitions(consumer.paused().size());
        }
    }

    /** The batch is settled or abandoned: resumes every assigned partition. */
    void end() {
        flight = null;
        failingSince = null;
        lastRefusal = null;
        consumer.resume(consumer.assignment());
        metrics.pausedPartitions(0);
    }

    /**
     * Gives the batch up uncommitted: partitions this consumer keeps are sought back to the batch's first
     * offsets, so they are read again; then resumes.
     */
    void abandon(Collection<TopicPartition> leaving) {
        if (flight != null) {
            seekBack(consumer, flight, leaving);
            end();
        }
    }

    /** What the store last answered to the batch now retrying; null when none is. */
    String lastRefusal() {
        return lastRefusal;
    }

    /** When the batch now retrying first failed; null when none is. */
    Instant failingSince() {
        return failingSince;
    }

    /** Seeks the partitions this consumer keeps back to where the batch starts in each. */
    static void seekBack(KafkaConsumer<byte[], byte[]> consumer, InFlightBatch flight, Collection<TopicPartition> leaving) {
        Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
        kept.removeAll(leaving);
        flight.batch().ranges().forEach((partition, range) -> {
            if (kept.contains(partition)) {
                consumer.seek(partition, range.first());
            }
        });
    }
}
