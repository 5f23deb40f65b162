package dev.leaderboard.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.leaderboard.gameplay.GamePlayJson;
import dev.leaderboard.ingest.GamePlayEvents.Sent;
import dev.leaderboard.ingest.deadletter.DeadLetterPublisher;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.kafka.testing.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

/**
 * The short form of the bad-input chaos scenario (bench/chaos.sh bad-input): 1% malformed records of the
 * harness's kinds (bad JSON, missing field, wrong type, invalid UTF-8, over 64 KiB, negative stake) mixed
 * into a stream. Each is dead-lettered once with its original bytes and a reason, every valid record is
 * stored once, and the group's committed offsets reach the end of every partition (nothing stalls).
 */
class IngestorBadInputTest {

    private static final int VALID = 20_000;
    private static final int MALFORMED = 200;

    @Test
    void deadLettersEveryMalformedKindByteForByteAndCommitsToTheEndOfEveryPartition() throws Exception {
        String topic = TestKafka.newTopic("gameplay", 4);
        String deadLetterTopic = TestKafka.newTopic("gameplay.dlq", 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(
                GamePlayEvents.asRecords(topic, GamePlayEvents.randomPlays(VALID, 9)));
        for (int i = 0; i < MALFORMED; i++) {
            records.add(i * (VALID / MALFORMED) + i, new ProducerRecord<>(topic,
                    ("bad-" + i).getBytes(StandardCharsets.UTF_8), malformed(i)));
        }
        List<Sent> sent = GamePlayEvents.send(records);
        Map<String, byte[]> malformedBySource = sent.stream().filter(s -> new String(s.key(), StandardCharsets.UTF_8)
                .startsWith("bad-")).collect(Collectors.toMap(s -> s.partition() + "/" + s.offset(), Sent::value));
        String group = "bad-input-" + topic;

        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            GamePlayIngestor ingestor = new GamePlayIngestor(IngestorPipelineTest.config(topic, deadLetterTopic, group),
                    new DuckDbGamePlaySink(db.duplicate()));
            Thread loop = new Thread(ingestor, "ingestor");
            loop.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(group) == endOffsets(topic));
            ingestor.close();
            loop.join();

            assertThat(ingestor.failure()).isNull();
            assertThat(StoredRows.count(db)).isEqualTo(VALID);
            assertThat(ingestor.rowsStored()).isEqualTo(VALID);
            assertThat(ingestor.unreadableDeadLettered()).isEqualTo(MALFORMED);
            assertThat(ingestor.rowsRejectedByStore()).isZero();
            assertThat(ingestor.status().state()).isEqualTo(IngestorStatus.State.STOPPED);
            assertThat(StoredRows.distinctSources(db)).isEqualTo(VALID);
        }
        assertThat(endOffsets(topic)).isEqualTo(VALID + MALFORMED);
        List<ConsumerRecord<byte[], byte[]>> letters = TestKafka.readFromStart(deadLetterTopic, MALFORMED);
        assertThat(letters).hasSize(MALFORMED);
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            String source = header(letter, DeadLetterPublisher.SOURCE_PARTITION_HEADER) + "/"
                    + header(letter, DeadLetterPublisher.SOURCE_OFFSET_HEADER);
            byte[] original = malformedBySource.remove(source);
            assertThat(original).as("dead letter for %s", source).isNotNull();
            assertThat(letter.value()).isEqualTo(original);
            assertThat(header(letter, DeadLetterPublisher.REASON_HEADER)).isNotBlank();
        }
        assertThat(malformedBySource).as("malformed records with no dead letter").isEmpty();
    }

    /** The harness's kinds in turn, each value distinct. */
    private static byte[] malformed(int i) {
        String time = "\"eventTime\":\"2026-11-25 07:00:00.000000\"";
        return switch (i % 6) {
            case 0 -> ("{\"playerId\": " + i + ", oops").getBytes(StandardCharsets.UTF_8);
            case 1 -> ("{\"playerId\":" + i + ",\"gameId\":10,\"stake\":10,\"win\":0}").getBytes(StandardCharsets.UTF_8);
            case 2 -> ("{\"playerId\":\"" + i + "\",\"gameId\":10,\"stake\":10,\"win\":0," + time + "}")
                    .getBytes(StandardCharsets.UTF_8);
            case 3 -> new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', ',',
                    (byte) ('0' + i % 10), (byte) ('0' + i / 10 % 10), (byte) ('0' + i / 100 % 10), '}'};
            case 4 -> ("{\"playerId\":" + i + ",\"gameId\":10,\"stake\":10,\"win\":0," + time + ",\"pad\":\""
                    + "x".repeat(GamePlayJson.MAX_VALUE_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
            default -> ("{\"playerId\":" + i + ",\"gameId\":10,\"stake\":-10,\"win\":0," + time + "}")
                    .getBytes(StandardCharsets.UTF_8);
        };
    }

    private static long committed(String group) throws Exception {
        try (Admin admin = TestKafka.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static long endOffsets(String topic) throws Exception {
        try (Admin admin = TestKafka.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 4; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(o -> o.offset()).sum();
        }
    }


    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
