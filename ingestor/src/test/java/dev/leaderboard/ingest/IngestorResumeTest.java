package dev.leaderboard.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.DriverManager;
import java.time.Duration;

import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.kafka.testing.TestKafka;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

class IngestorResumeTest {

    @Test
    void resumesFromTheOffsetsStoredWithTheRowsNotFromTheConsumerGroup() throws Exception {
        String topic = TestKafka.newTopic("gameplay", 4);
        String deadLetterTopic = TestKafka.newTopic("gameplay.dlq", 1);
        GamePlayEvents.send(GamePlayEvents.asRecords(topic, GamePlayEvents.randomPlays(1_000, 1)));

        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            ingestUntil(db, IngestorPipelineTest.config(topic, deadLetterTopic, "first-" + topic), 1_000);
            GamePlayEvents.send(GamePlayEvents.asRecords(topic, GamePlayEvents.randomPlays(500, 2)));

            // A new group has no committed offsets and would start from the earliest record.
            GamePlayIngestor second = ingestUntil(db,
                    IngestorPipelineTest.config(topic, deadLetterTopic, "second-" + topic), 500);

            assertThat(second.rowsStored()).isEqualTo(500);
            assertThat(StoredRows.count(db)).isEqualTo(1_500);
            assertThat(StoredRows.distinctSources(db)).isEqualTo(1_500);
        }
    }

    private static GamePlayIngestor ingestUntil(DuckDBConnection db, IngestorConfig config, long rows) throws Exception {
        GamePlayIngestor ingestor = new GamePlayIngestor(config, new DuckDbGamePlaySink(db.duplicate()));
        Thread loop = new Thread(ingestor, "ingestor");
        loop.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> ingestor.rowsStored() >= rows);
        // Give a wrongly placed consumer time to read records it should not (it would exceed `rows`).
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        ingestor.close();
        loop.join();
        assertThat(ingestor.failure()).isNull();
        return ingestor;
    }
}
