package dev.leaderboard.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.kafka.testing.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

/** The ingestor as its own JVM, killed with SIGKILL while it writes, then restarted on the same files. */
class IngestorCrashTest {

    private static final int EVENTS = 60_000;

    @Test
    void storesEveryEventExactlyOnceAfterTwoKillNinesMidStream() throws Exception {
        String topic = TestKafka.newTopic("gameplay", 4);
        String deadLetterTopic = TestKafka.newTopic("gameplay.dlq", 1);
        String group = "crash-" + topic;
        GamePlayEvents.send(GamePlayEvents.asRecords(topic, GamePlayEvents.randomPlays(EVENTS, 7)));
        Path database = Files.createTempDirectory(Files.createDirectories(Path.of("target", "crash")), "db-")
                .resolve("leaderboard.duckdb");
        Map<String, String> env = Map.of(
                "BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "INGEST_TOPIC", topic,
                "INGEST_DLQ_TOPIC", deadLetterTopic,
                "INGEST_GROUP_ID", group,
                // Static membership: the restarted JVM takes the partitions back without waiting for
                // the killed member's session to time out.
                "INGEST_INSTANCE_ID", "crash-test-ingestor",
                // Small batches: many commits, so a kill lands between store and group commit often.
                "INGEST_BATCH_MAX_RECORDS", "2000",
                "DUCKDB_PATH", database.toString());
        // A campaign over part of the stream and two of its six games: its rollup is kept through the kills too.
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + database);
             Statement statement = db.createStatement()) {
            DuckDbGamePlaySink.createSchema(db);
            statement.execute("INSERT INTO Campaigns VALUES ('crash', 'Crash', TIMESTAMP '2026-11-25 07:00:05', "
                    + "TIMESTAMP '2026-11-25 07:00:30.5', [11, 14])");
        }

        for (long killAfter : List.of(EVENTS / 5L, EVENTS / 2L)) {
            Process ingestor = startIngestor(env, database.resolveSibling("ingestor-" + killAfter + ".log"));
            await().atMost(Duration.ofSeconds(90)).until(() -> committed(group) >= killAfter);
            ingestor.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(committed(group)).as("killed mid-stream").isLessThan(EVENTS);
        }

        Process last = startIngestor(env, database.resolveSibling("ingestor-last.log"));
        await().atMost(Duration.ofSeconds(90)).until(() -> committed(group) == EVENTS);
        last.destroy(); // SIGTERM: the shutdown hook flushes and closes
        assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();

        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + database)) {
            assertThat(StoredRows.count(db)).isEqualTo(EVENTS);
            assertThat(StoredRows.distinctSources(db)).isEqualTo(EVENTS);
            assertThat(DuckDbGamePlaySink.rollupMismatches(db)).as("rollup keys that differ from the stored spins")
                    .containsOnly(Map.entry("RollupMinute", 0L), Map.entry("RollupTenMinutes", 0L),
                            Map.entry("RollupHour", 0L), Map.entry("RollupDay", 0L), Map.entry("RollupCentury", 0L),
                            Map.entry("RollupMinuteAllGames", 0L), Map.entry("RollupTenMinutesAllGames", 0L),
                            Map.entry("RollupHourAllGames", 0L), Map.entry("RollupDayAllGames", 0L),
                            Map.entry("RollupCenturyAllGames", 0L), Map.entry("RollupCampaign", 0L));
            try (Statement statement = db.createStatement();
                 ResultSet sums = statement.executeQuery("SELECT (SELECT sum(Spins) FROM RollupCampaign), "
                         + "(SELECT count(*) FROM GamePlay WHERE GameID IN (11, 14) AND EventTime >= TIMESTAMP "
                         + "'2026-11-25 07:00:05' AND EventTime < TIMESTAMP '2026-11-25 07:00:30.5')")) {
                sums.next();
                assertThat(sums.getLong(1)).as("the campaign's spins").isEqualTo(sums.getLong(2)).isPositive();
            }
        }
    }

    private static Process startIngestor(Map<String, String> env, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                IngestorMain.class.getName());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    /** Sum of the group's committed offsets over all partitions: how many records it has finished. */
    private static long committed(String group) throws Exception {
        try (Admin admin = TestKafka.admin()) {
            Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }
}
