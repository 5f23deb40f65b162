package dev.leaderboard.ingest.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingBatchTest {

    private static final String VALID = "{\"playerId\":1,\"gameId\":1,\"stake\":1,\"win\":0,\"eventTime\":\"2026-11-25 07:00:00.000000\"}";

    @Test
    void isFullAtTheRecordLimitCountingRejectedRecordsToo() {
        PendingBatch pending = new PendingBatch(new BatchLimits(3, 1_000_000, Duration.ofHours(1)));
        pending.add(record(0, 0, VALID));
        pending.add(record(0, 1, "garbage"));
        assertThat(pending.isFull()).isFalse();

        pending.add(record(1, 7, VALID));

        assertThat(pending.isFull()).isTrue();
    }

    @Test
    void isFullAtTheByteLimit() {
        PendingBatch pending = new PendingBatch(new BatchLimits(1000, VALID.length() * 2L, Duration.ofHours(1)));
        pending.add(record(0, 0, VALID));
        assertThat(pending.isFull()).isFalse();

        pending.add(record(0, 1, VALID));

        assertThat(pending.isFull()).isTrue();
    }

    @Test
    void isDueOnceTheFirstRecordHasLingered() {
        PendingBatch pending = new PendingBatch(new BatchLimits(1000, 1_000_000, Duration.ZERO));
        assertThat(pending.hasLingered()).as("an empty batch is never due").isFalse();

        pending.add(record(0, 0, VALID));

        assertThat(pending.hasLingered()).isTrue();
    }

    @Test
    void drainsRowsRejectionsAndOffsetRangesPerPartition() {
        PendingBatch pending = new PendingBatch(new BatchLimits(1000, 1_000_000, Duration.ofHours(1)));
        pending.add(record(0, 4, VALID));
        pending.add(record(0, 5, "garbage"));
        pending.add(record(1, 9, VALID));

        Batch batch = pending.drain();

        assertThat(batch.rows()).extracting(SourcedGamePlay::offset).containsExactly(4L, 9L);
        assertThat(batch.rejected()).singleElement().satisfies(r -> {
            assertThat(r.record().offset()).isEqualTo(5);
            assertThat(r.reason()).startsWith("not valid JSON");
        });
        assertThat(batch.ranges()).isEqualTo(Map.of(
                new TopicPartition("gameplay", 0), new OffsetRange(4, 5),
                new TopicPartition("gameplay", 1), new OffsetRange(9, 9)));
        assertThat(pending.isEmpty()).isTrue();
    }

    @Test
    void discardsTheRecordsOfLostPartitionsOnly() {
        PendingBatch pending = new PendingBatch(new BatchLimits(1000, 1_000_000, Duration.ofHours(1)));
        pending.add(record(0, 4, VALID));
        pending.add(record(1, 9, "garbage"));

        pending.discard(List.of(new TopicPartition("gameplay", 1)));
        Batch batch = pending.drain();

        assertThat(batch.rows()).hasSize(1);
        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.ranges()).containsOnlyKeys(new TopicPartition("gameplay", 0));
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>("gameplay", partition, offset, 0L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 1, bytes.length, "1".getBytes(StandardCharsets.UTF_8),
                bytes, new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
    }
}
