package dev.leaderboard.ingest.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What one write to the store carries: the valid rows, the rejected records, and per partition the
 * offset range both come from. Storing the rows and advancing each partition past its range is one
 * all-or-nothing step for an exactly-once sink. {@code rowSources} keeps the Kafka record of each row,
 * byte for byte, in case the store rejects the rows for good and they must be dead-lettered.
 */
public record Batch(List<SourcedGamePlay> rows, List<RejectedRecord> rejected, Map<TopicPartition, OffsetRange> ranges,
                    List<ConsumerRecord<byte[], byte[]>> rowSources) {

    public Batch {
        rows = List.copyOf(rows);
        rejected = List.copyOf(rejected);
        ranges = Map.copyOf(ranges);
        rowSources = List.copyOf(rowSources);
    }

    /** A batch whose rows' original records are not kept (they cannot be dead-lettered). */
    public Batch(List<SourcedGamePlay> rows, List<RejectedRecord> rejected, Map<TopicPartition, OffsetRange> ranges) {
        this(rows, rejected, ranges, List.of());
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public int recordCount() {
        return rows.size() + rejected.size();
    }

    /** Key and value bytes of the records this batch kept (rows with their sources, and rejected records). */
    public long bytes() {
        long total = 0;
        for (ConsumerRecord<byte[], byte[]> source : rowSources) {
            total += Math.max(0, source.serializedKeySize()) + Math.max(0, source.serializedValueSize());
        }
        for (RejectedRecord r : rejected) {
            total += Math.max(0, r.record().serializedKeySize()) + Math.max(0, r.record().serializedValueSize());
        }
        return total;
    }

    /** Every valid row's original record, as rejected for the reason: what goes to the DLQ when the store refuses the rows. */
    public List<RejectedRecord> rowsRejectedBecause(String reason) {
        List<RejectedRecord> all = new ArrayList<>(rowSources.size());
        rowSources.forEach(source -> all.add(new RejectedRecord(source, reason)));
        return all;
    }
}
