package dev.leaderboard.ingest.batch;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * What one write to the store carries: the valid rows, the rejected records, and per partition the
 * offset range both come from. Storing the rows and advancing each partition past its range is one
 * all-or-nothing step for an exactly-once sink.
 */
public record Batch(List<SourcedGamePlay> rows, List<RejectedRecord> rejected, Map<TopicPartition, OffsetRange> ranges) {

    public Batch {
        rows = List.copyOf(rows);
        rejected = List.copyOf(rejected);
        ranges = Map.copyOf(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public int recordCount() {
        return rows.size() + rejected.size();
    }
}
