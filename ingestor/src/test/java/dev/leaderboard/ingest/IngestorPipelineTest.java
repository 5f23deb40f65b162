package dev.leaderboard.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.ingest.GamePlayEvents.Sent;
import dev.leaderboard.ingest.deadletter.DeadLetterPublisher;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.kafka.testing.TestKafka;
import dev.leaderboard.settings.Settings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

class IngestorPipelineTest {

    private static final int VALID = 100_000;

    @Test
    void storesEveryValidEventExactlyOnceAndDeadLettersEachMalformedOneWithItsOriginalBytes() throws Exception {
        String topic = TestKafka.newTopic("gameplay", 4);
        String deadLetterTopic = TestKafka.newTopic("gameplay.dlq", 1);
        List<GamePlay> plays = GamePlayEvents.randomPlays(VALID, 42);
        List<byte[]> malformed = malformedValues();
        List<ProducerRecord<byte[], byte[]>> records = interleave(
                GamePlayEvents.asRecords(topic, plays), malformed, topic);
        List<Sent> sent = GamePlayEvents.send(records);

        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            IngestorConfig config = config(topic, deadLetterTopic, "pipeline-" + topic);
            GamePlayIngestor ingestor = new GamePlayIngestor(config, new DuckDbGamePlaySink(db.duplicate()));
            Thread loop = new Thread(ingestor, "ingestor");
            loop.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> ingestor.rowsStored() >= VALID);
            ingestor.close();
            loop.join();

            assertThat(ingestor.failure()).isNull();
            assertThat(StoredRows.count(db)).isEqualTo(VALID);
            assertThat(StoredRows.distinctSources(db)).isEqualTo(VALID);
            assertThat(storedByOffset(db)).isEqualTo(expectedByOffset(sent, plays.size() + malformed.size(), topic));
        }

        List<ConsumerRecord<byte[], byte[]>> deadLetters = TestKafka.readFromStart(deadLetterTopic, malformed.size());
        assertThat(deadLetters).hasSize(malformed.size());
        Map<String, Sent> malformedBySource = new HashMap<>();
        sent.stream().filter(s -> isMalformed(s.value(), malformed))
                .forEach(s -> malformedBySource.put(s.partition() + "/" + s.offset(), s));
        assertThat(malformedBySource).hasSize(malformed.size());
        for (ConsumerRecord<byte[], byte[]> letter : deadLetters) {
            String source = header(letter, DeadLetterPublisher.SOURCE_PARTITION_HEADER) + "/"
                    + header(letter, DeadLetterPublisher.SOURCE_OFFSET_HEADER);
            Sent original = malformedBySource.remove(source);
            assertThat(original).as("dead letter for %s", source).isNotNull();
            assertThat(letter.value()).isEqualTo(original.value());
            assertThat(letter.key()).isEqualTo(original.key());
            assertThat(header(letter, DeadLetterPublisher.SOURCE_TOPIC_HEADER)).isEqualTo(topic);
            assertThat(header(letter, DeadLetterPublisher.REASON_HEADER)).isNotBlank();
        }
        assertThat(malformedBySource).as("malformed records with no dead letter").isEmpty();
    }

    static IngestorConfig config(String topic, String deadLetterTopic, String groupId) {
        return IngestorConfig.from(new Settings(Map.of(
                "BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "INGEST_TOPIC", topic,
                "INGEST_DLQ_TOPIC", deadLetterTopic,
                "INGEST_GROUP_ID", groupId,
                "INGEST_BATCH_LINGER_MS", "100")));
    }

    /** 100 bad values of every kind the validator names, each distinct so it can be matched. */
    private static List<byte[]> malformedValues() {
        List<String> templates = List.of(
                "{not json %d",
                "{\"playerId\":%d,\"gameId\":1,\"stake\":1,\"win\":0}",
                "{\"playerId\":%d,\"gameId\":1,\"stake\":-5,\"win\":0,\"eventTime\":\"2026-11-25 07:00:00.000000\"}",
                "{\"playerId\":%d,\"gameId\":\"ten\",\"stake\":5,\"win\":0,\"eventTime\":\"2026-11-25 07:00:00.000000\"}",
                "{\"playerId\":%d,\"gameId\":1,\"stake\":5,\"win\":-1,\"eventTime\":\"2026-11-25 07:00:00.000000\"}",
                "{\"playerId\":-%d,\"gameId\":1,\"stake\":5,\"win\":0,\"eventTime\":\"2026-11-25 07:00:00.000000\"}",
                "{\"playerId\":%d,\"gameId\":1,\"stake\":5,\"win\":0,\"eventTime\":\"not a time\"}",
                "[%d]",
                "%d");
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 99; i++) {
            values.add(String.format(templates.get(i % templates.size()), 1000 + i).getBytes(StandardCharsets.UTF_8));
        }
        values.add(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}); // invalid UTF-8
        return values;
    }

    private static List<ProducerRecord<byte[], byte[]>> interleave(List<ProducerRecord<byte[], byte[]>> valid,
                                                                  List<byte[]> malformed, String topic) {
        List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>(valid);
        int step = valid.size() / malformed.size();
        for (int i = malformed.size() - 1; i >= 0; i--) {
            byte[] key = ("bad-" + i).getBytes(StandardCharsets.UTF_8);
            all.add(i * step, new ProducerRecord<>(topic, key, malformed.get(i)));
        }
        return all;
    }

    private static boolean isMalformed(byte[] value, List<byte[]> malformed) {
        return malformed.stream().anyMatch(m -> java.util.Arrays.equals(m, value));
    }

    private static Map<String, String> expectedByOffset(List<Sent> sent, int total, String topic) {
        assertThat(sent).hasSize(total);
        Map<String, String> expected = new HashMap<>();
        for (Sent s : sent) {
            dev.leaderboard.gameplay.ParsedGamePlay parsed = dev.leaderboard.gameplay.GamePlayJson.parse(s.value());
            if (parsed instanceof dev.leaderboard.gameplay.ParsedGamePlay.Valid valid) {
                GamePlay p = valid.gamePlay();
                expected.put(topic + "/" + s.partition() + "/" + s.offset(),
                        p.playerId() + "," + p.gameId() + "," + p.win() + "," + p.stake() + "," + p.eventTime());
            }
        }
        return expected;
    }

    private static Map<String, String> storedByOffset(DuckDBConnection db) throws Exception {
        Map<String, String> stored = new HashMap<>();
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT SourceTopic, SourcePartition, SourceOffset, PlayerID, GameID, Win, Stake, epoch_us(EventTime)"
                        + " FROM GamePlay")) {
            while (rows.next()) {
                String previous = stored.put(rows.getString(1) + "/" + rows.getInt(2) + "/" + rows.getLong(3),
                        rows.getInt(4) + "," + rows.getInt(5) + "," + rows.getLong(6) + "," + rows.getInt(7) + ","
                                + Instant.EPOCH.plus(Duration.ofNanos(rows.getLong(8) * 1000)));
                assertThat(previous).as("duplicate row").isNull();
            }
        }
        return stored;
    }


    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
