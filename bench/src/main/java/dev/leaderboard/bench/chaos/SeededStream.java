package dev.leaderboard.bench.chaos;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.gameplay.GamePlayJson;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A reproducible stream: the same seed gives the same spins and the same malformed records. Counts
 * what the broker acknowledged, and remembers each malformed record's bytes by hash and source offset.
 */
final class SeededStream {

    /** What reached the broker. {@code badHashes} maps "partition/offset" to the SHA-256 of the value. */
    record Sent(long valid, long bad, long failed, Map<String, String> badHashes) {
    }

    private static final String[] BAD_KINDS = {"bad-json", "missing-field", "wrong-type", "invalid-utf8", "oversized", "negative-stake"};

    private SeededStream() {
    }

    /**
     * Sends {@code events} records, {@code badFraction} of them malformed, at {@code perSecond} (0 = as fast
     * as the producer goes). Returns once every send is acknowledged or has failed.
     */
    static Sent send(String bootstrap, String topic, int events, double badFraction, long seed, int perSecond) {
        Random random = new Random(seed);
        AtomicLong valid = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<String, String> badHashes = new ConcurrentHashMap<>();
        Instant firstTime = Instant.parse("2026-11-25T00:00:00Z");
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                if (perSecond > 0) {
                    pace(start, i, perSecond);
                }
                boolean isBad = random.nextDouble() < badFraction;
                GamePlay spin = new GamePlay(100 + random.nextInt(1_000), 10 + random.nextInt(6), 10 + random.nextInt(291),
                        random.nextInt(3) == 0 ? 100 + random.nextInt(401) : 0, firstTime.plusMillis(i));
                byte[] value = isBad ? malformed(BAD_KINDS[random.nextInt(BAD_KINDS.length)], i) : GamePlayJson.toJson(spin);
                producer.send(new ProducerRecord<>(topic, spin.key().getBytes(StandardCharsets.UTF_8), value),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                            } else if (isBad) {
                                bad.incrementAndGet();
                                badHashes.put(metadata.partition() + "/" + metadata.offset(), sha256(value));
                            } else {
                                valid.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        return new Sent(valid.get(), bad.get(), failed.get(), Map.copyOf(badHashes));
    }

    private static void pace(long start, long sent, int perSecond) {
        long due = start + sent * TimeUnit.SECONDS.toNanos(1) / perSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    static byte[] malformed(String kind, int sequence) {
        return switch (kind) {
            case "bad-json" -> ("{\"playerId\": " + sequence + ", oops").getBytes(StandardCharsets.UTF_8);
            case "missing-field" -> ("{\"playerId\":" + (sequence + 1) + ",\"gameId\":10,\"stake\":10,\"win\":0}")
                    .getBytes(StandardCharsets.UTF_8);
            case "wrong-type" -> ("{\"playerId\":\"" + sequence + "\",\"gameId\":10,\"stake\":10,\"win\":0,"
                    + "\"eventTime\":\"2026-11-25 00:00:00.000000\"}").getBytes(StandardCharsets.UTF_8);
            case "invalid-utf8" -> new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', ',',
                    (byte) ('0' + sequence % 10), '}'};
            case "oversized" -> ("{\"playerId\":1,\"gameId\":10,\"stake\":10,\"win\":0,\"eventTime\":\"2026-11-25 00:00:00\","
                    + "\"pad\":\"" + sequence + "x".repeat(GamePlayJson.MAX_VALUE_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
            case "negative-stake" -> ("{\"playerId\":" + (sequence + 1) + ",\"gameId\":10,\"stake\":-10,\"win\":0,"
                    + "\"eventTime\":\"2026-11-25 00:00:00.000000\"}").getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
