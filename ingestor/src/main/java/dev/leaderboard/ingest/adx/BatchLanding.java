package dev.leaderboard.ingest.adx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.leaderboard.ingest.batch.OffsetRange;
import dev.leaderboard.ingest.batch.SourcedGamePlay;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a batch's rows are in the table, judged by where each of its partitions ends there. One
 * streaming request or inline command is stored whole or not at all, and one consumer writes a partition
 * in offset order, so a partition's stored end says which of its offsets the table holds.
 */
enum BatchLanding {
    /** No row of the batch is stored: it can be sent. */
    NONE,
    /** Every partition ends exactly where the batch ends: ADX applied it, though the answer was lost. */
    ALL,
    /** Some rows are stored, or more than the batch: another writer got there; re-read from the stored ends. */
    OVERLAP;

    /** Judged on the rows' offsets only: a batch's unreadable records never reach the table. */
    static BatchLanding of(List<SourcedGamePlay> rows, Map<TopicPartition, Long> storedNext) {
        Map<TopicPartition, OffsetRange> ranges = rowRanges(rows);
        int none = 0;
        int all = 0;
        for (Map.Entry<TopicPartition, OffsetRange> entry : ranges.entrySet()) {
            Long stored = storedNext.get(entry.getKey());
            if (stored == null || stored <= entry.getValue().first()) {
                none++;
            } else if (stored == entry.getValue().next()) {
                all++;
            }
        }
        if (none == ranges.size()) {
            return NONE;
        }
        return all == ranges.size() ? ALL : OVERLAP;
    }

    static Map<TopicPartition, OffsetRange> rowRanges(List<SourcedGamePlay> rows) {
        Map<TopicPartition, OffsetRange> ranges = new HashMap<>();
        for (SourcedGamePlay row : rows) {
            ranges.merge(new TopicPartition(row.topic(), row.partition()), new OffsetRange(row.offset(), row.offset()),
                    (a, b) -> new OffsetRange(Math.min(a.first(), b.first()), Math.max(a.last(), b.last())));
        }
        return ranges;
    }
}
