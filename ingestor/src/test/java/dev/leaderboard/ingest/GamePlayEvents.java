package dev.leaderboard.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.gameplay.GamePlayJson;
import dev.leaderboard.kafka.testing.TestKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Publishes test spins and remembers where each one landed. */
final class GamePlayEvents {

    /** A record as sent, with the partition and offset the broker gave it. */
    record Sent(byte[] key, byte[] value, int partition, long offset) {
    }

    private GamePlayEvents() {
    }

    static List<GamePlay> randomPlays(int count, long seed) {
        Random random = new Random(seed);
        Instant start = Instant.parse("2026-11-25T07:00:00Z");
        List<GamePlay> plays = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            plays.add(new GamePlay(100 + random.nextInt(11), 10 + random.nextInt(6), 10 + random.nextInt(291),
                    random.nextInt(3) == 0 ? 100 + random.nextInt(401) : 0, start.plusMillis(i)));
        }
        return plays;
    }

    static List<ProducerRecord<byte[], byte[]>> asRecords(String topic, List<GamePlay> plays) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(plays.size());
        for (GamePlay play : plays) {
            records.add(new ProducerRecord<>(topic, play.key().getBytes(StandardCharsets.UTF_8), GamePlayJson.toJson(play)));
        }
        return records;
    }

    static List<Sent> send(List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
            records.forEach(record -> acks.add(producer.send(record)));
            producer.flush();
            List<Sent> sent = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                RecordMetadata metadata = acks.get(i).get();
                sent.add(new Sent(records.get(i).key(), records.get(i).value(), metadata.partition(), metadata.offset()));
            }
            return sent;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Send failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
