package dev.leaderboard.bench.chaos;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.leaderboard.ingest.deadletter.DeadLetterPublisher;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.duckdb.DuckDBConnection;

/** Reads the outcome the way a user of the store and the topics would. */
final class Checks {

    /**
     * Rows and distinct provenance keys in GamePlay, and how many (player, game, bin) of the board rollups
     * differ from the aggregates of those rows (0 when every stored spin is in the rollups exactly once).
     */
    record Stored(long rows, long distinctKeys, long rollupMismatches) {

        /** A DuckDB scenario's account: a rollup that differs from the rows is a broken promise too. */
        Account account(String scenario, long produced, long badProduced, long deadLettered, String notes) {
            String rollups = rollupMismatches == 0 ? "rollups = rows"
                    : String.format("%,d rollup keys differ from the rows", rollupMismatches);
            return new Account(scenario, produced, rows, distinctKeys, badProduced, deadLettered,
                    notes + ", " + rollups, rollupMismatches != 0);
        }
    }

    /** Dead letters whose bytes match what was sent, and those that do not. */
    record DeadLetters(long matching, long changed, long unknown) {
    }

    private Checks() {
    }

    static Stored stored(DuckDBConnection db) throws Exception {
        long mismatches = DuckDbGamePlaySink.rollupMismatches(db).values().stream().mapToLong(Long::longValue).sum();
        try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(
                "SELECT count(*), count(DISTINCT (SourceTopic, SourcePartition, SourceOffset)) FROM GamePlay")) {
            result.next();
            return new Stored(result.getLong(1), result.getLong(2), mismatches);
        }
    }

    /** Opens the file once no other process holds it (the ingestor must have stopped). */
    static Stored stored(Path duckDbFile) throws Exception {
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + duckDbFile.toAbsolutePath())) {
            return stored(db);
        }
    }

    static DeadLetters deadLetters(String bootstrap, String topic, Map<String, String> expectedHashes) {
        Set<String> matched = new HashSet<>();
        long changed = 0;
        long unknown = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "chaos-dlq-reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(3)) {
                for (ConsumerRecord<byte[], byte[]> letter : consumer.poll(Duration.ofMillis(200))) {
                    quietSince = System.nanoTime();
                    String source = header(letter, DeadLetterPublisher.SOURCE_PARTITION_HEADER) + "/"
                            + header(letter, DeadLetterPublisher.SOURCE_OFFSET_HEADER);
                    String expected = expectedHashes.get(source);
                    if (expected == null) {
                        unknown++;
                    } else if (!expected.equals(SeededStream.sha256(letter.value()))
                            || header(letter, DeadLetterPublisher.REASON_HEADER).isBlank()) {
                        changed++;
                    } else {
                        matched.add(source);
                    }
                }
            }
        }
        return new DeadLetters(matched.size(), changed, unknown);
    }

    /**
     * Records the group has not committed yet, over all partitions of the topic. The committed offsets are
     * read first: end offsets read after them can only be larger, so the figure is never negative (read the
     * other way round, a commit landing between the two reads made it so).
     */
    static long lag(String bootstrap, String group, String topic) throws Exception {
        long committed = committed(bootstrap, group);
        return endOffsets(bootstrap, topic) - committed;
    }

    /** The sum of the group's committed offsets: how many records it has finished. */
    static long committed(String bootstrap, String group) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    /** The sum of the topic's end offsets: how many records it holds. */
    static long endOffsets(String bootstrap, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(o -> o.offset()).sum();
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 5_000,
                "default.api.timeout.ms", 10_000));
    }

    static void awaitLagZero(String bootstrap, String group, String topic, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        long lag;
        while ((lag = lag(bootstrap, group, topic)) != 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("group " + group + " still " + lag + " records behind after " + patience);
            }
            Thread.sleep(500);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
