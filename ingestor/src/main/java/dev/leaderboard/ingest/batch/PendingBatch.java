package dev.leaderboard.ingest.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.leaderboard.gameplay.GamePlayJson;
import dev.leaderboard.gameplay.ParsedGamePlay;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Collects polled records until the batch is full (records or bytes) or has lingered long enough.
 * Lives on the consumer thread only.
 */
public final class PendingBatch {

    private final BatchLimits limits;
    private final List<SourcedGamePlay> rows = new ArrayList<>();
    private final List<RejectedRecord> rejected = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> rowSources = new ArrayList<>();
    private final Map<TopicPartition, OffsetRange> ranges = new HashMap<>();
    private long bytes;
    private long firstAddedNanos;

    public PendingBatch(BatchLimits limits) {
        this.limits = limits;
    }

    public void add(ConsumerRecord<byte[], byte[]> record) {
        if (ranges.isEmpty()) {
            firstAddedNanos = System.nanoTime();
        }
        ParsedGamePlay parsed = GamePlayJson.parse(record.value());
        if (parsed instanceof ParsedGamePlay.Valid valid) {
            rows.add(new SourcedGamePlay(valid.gamePlay(), record.topic(), record.partition(), record.offset()));
            rowSources.add(record);
        } else if (parsed instanceof ParsedGamePlay.Rejected rejection) {
            rejected.add(new RejectedRecord(record, rejection.reason()));
        }
        ranges.merge(new TopicPartition(record.topic(), record.partition()),
                new OffsetRange(record.offset(), record.offset()),
                (known, added) -> known.extendTo(added.last()));
        bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean isFull() {
        return rows.size() + rejected.size() >= limits.maxRecords() || bytes >= limits.maxBytes();
    }

    public boolean hasLingered() {
        return !isEmpty() && System.nanoTime() - firstAddedNanos >= limits.linger().toNanos();
    }

    /** How long the consumer may wait in poll before this batch is due. */
    public Duration timeUntilDue(Duration longest) {
        if (isEmpty()) {
            return longest;
        }
        long left = limits.linger().toNanos() - (System.nanoTime() - firstAddedNanos);
        return Duration.ofNanos(Math.max(0, Math.min(left, longest.toNanos())));
    }

    /** Hands the collected records over as a batch and starts empty. */
    public Batch drain() {
        Batch batch = new Batch(rows, rejected, ranges, rowSources);
        rows.clear();
        rowSources.clear();
        rejected.clear();
        ranges.clear();
        bytes = 0;
        return batch;
    }

    /** Forgets records of partitions this consumer no longer owns; their new owner reads them again. */
    public void discard(Collection<TopicPartition> partitions) {
        rows.removeIf(row -> partitions.contains(new TopicPartition(row.topic(), row.partition())));
        rowSources.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
        rejected.removeIf(r -> partitions.contains(new TopicPartition(r.record().topic(), r.record().partition())));
        partitions.forEach(ranges::remove);
        // Sizes are not kept per record: the byte count stays an upper bound, so the batch only fills sooner.
        if (ranges.isEmpty()) {
            bytes = 0;
        }
    }
}
