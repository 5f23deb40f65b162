package dev.leaderboard.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.leaderboard.ingest.batch.Batch;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.kafka.testing.TestKafka;
import org.apache.kafka.common.TopicPartition;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

class IngestorStoreUnusableTest {

    @Test
    void stopsAtOnceWithoutRetryingWhenTheStoreCanTakeNoBatchUntilRestarted() throws Exception {
        String topic = TestKafka.newTopic("gameplay", 2);
        String deadLetterTopic = TestKafka.newTopic("gameplay.dlq", 1);
        GamePlayEvents.send(GamePlayEvents.asRecords(topic, GamePlayEvents.randomPlays(500, 3)));

        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            UnusableAfterFirstBatch sink = new UnusableAfterFirstBatch(new DuckDbGamePlaySink(db.duplicate()));
            // The default retry policy would try a failed batch for 10 minutes.
            GamePlayIngestor ingestor = new GamePlayIngestor(
                    IngestorPipelineTest.config(topic, deadLetterTopic, "unusable-" + topic), sink);
            Thread loop = new Thread(ingestor, "ingestor");
            loop.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> sink.stored.get() > 0);
            GamePlayEvents.send(GamePlayEvents.asRecords(topic, GamePlayEvents.randomPlays(100, 4)));
            loop.join(TimeUnit.SECONDS.toMillis(30));

            assertThat(loop.isAlive()).as("stopped on its own").isFalse();
            assertThat(ingestor.failure()).isInstanceOf(IllegalStateException.class)
                    .hasCauseInstanceOf(SinkException.StoreUnusable.class);
            assertThat(sink.refused).as("tried once, not again").hasValue(1);
            assertThat(StoredRows.count(db)).as("the first batch, stored before the store failed").isEqualTo(sink.stored.get());
        }
    }

    /** Stores the first batch, then refuses every batch as a DuckDB that invalidated its database does. */
    private static final class UnusableAfterFirstBatch implements GamePlaySink {
        private final GamePlaySink delegate;
        final AtomicLong stored = new AtomicLong();
        final AtomicInteger refused = new AtomicInteger();

        UnusableAfterFirstBatch(GamePlaySink delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<TopicPartition, Long> storedNextOffsets(Collection<TopicPartition> partitions) throws SinkException {
            return delegate.storedNextOffsets(partitions);
        }

        @Override
        public void write(Batch batch) throws SinkException {
            if (stored.get() == 0) {
                delegate.write(batch);
                stored.set(batch.rows().size());
                return;
            }
            refused.incrementAndGet();
            throw new SinkException.StoreUnusable("the store was invalidated", new IllegalStateException("fatal"));
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
