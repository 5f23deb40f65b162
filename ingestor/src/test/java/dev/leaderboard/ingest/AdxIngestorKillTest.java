package dev.leaderboard.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.leaderboard.adxdouble.AdxDouble;
import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.ingest.GamePlayEvents.Sent;
import dev.leaderboard.kafka.testing.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ingestor as its own JVM writing into the ADX double, killed with SIGKILL while it writes, then
 * restarted: the raw table must hold every spin exactly once (no GamePlayDeduped to hide a replay).
 * The short form of the bench's {@code adx-kills} scenario.
 */
class AdxIngestorKillTest {

    private static final int EVENTS = 40_000;

    private AdxDouble adx;

    @BeforeEach
    void startAdx() {
        adx = AdxDouble.start(Path.of("..", "kql", "schema"));
    }

    @AfterEach
    void stopAdx() {
        adx.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"streaming", "direct"})
    void storesEverySpinExactlyOnceInTheRawTableAfterThreeKillNinesEachWithABatchStoredButNotCommitted(String mode) throws Exception {
        String topic = TestKafka.newTopic("gameplay", 4);
        String group = "adx-kill-" + topic;
        List<GamePlay> plays = GamePlayEvents.randomPlays(EVENTS, 11);
        List<Sent> sent = GamePlayEvents.send(GamePlayEvents.asRecords(topic, plays));
        Path logs = Files.createTempDirectory(Files.createDirectories(Path.of("target", "adx-kill")), mode + "-");
        Map<String, String> env = new HashMap<>(Map.of(
                "BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "INGEST_TOPIC", topic,
                "INGEST_DLQ_TOPIC", TestKafka.newTopic("gameplay.dlq", 1),
                "INGEST_GROUP_ID", group,
                // Static membership: the restarted JVM takes the partitions back at once.
                "INGEST_INSTANCE_ID", "adx-kill-test-ingestor",
                // Small batches: many commits, so a kill often lands between ADX's answer and the commit.
                "INGEST_BATCH_MAX_RECORDS", "1000",
                "INGEST_SINK", "adx"));
        env.putAll(Map.of(
                "ADX_CLUSTER_URL", adx.clusterUrl(),
                "ADX_DATABASE", "leaderboard",
                "ADX_MAPPING", "gameplay_json_mapping_v2",
                "ADX_INGEST_MODE", mode,
                "ADX_AUTH", "none",
                // A lost answer is asked about after ADX's timeout (plus 5 s): kept short here.
                "ADX_INGEST_TIMEOUT_MS", "1000"));

        AdxDouble.Endpoint endpoint = mode.equals("direct") ? AdxDouble.Endpoint.MGMT : AdxDouble.Endpoint.STREAMING_INGEST;
        int killsWithRowsAheadOfTheCommit = 0;
        for (long killAfter : List.of(EVENTS / 5L, EVENTS / 2L, EVENTS * 4L / 5)) {
            Process ingestor = startIngestor(env, logs.resolve("ingestor-" + killAfter + ".log"));
            await().atMost(Duration.ofSeconds(90)).until(() -> rowCount() >= killAfter);
            // The next write is applied and its answer lost: the kill finds rows in the table the group never
            // committed, which the old ingestor replayed after the restart.
            adx.dropAnswerNext(endpoint, 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> rowCount() > committed(group));
            ingestor.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            if (rowCount() > committed(group) && rowCount() < EVENTS) {
                killsWithRowsAheadOfTheCommit++;
            }
        }
        assertThat(killsWithRowsAheadOfTheCommit).as("every kill mid-stream, with a batch stored but not committed").isEqualTo(3);

        Process last = startIngestor(env, logs.resolve("ingestor-last.log"));
        await().atMost(Duration.ofSeconds(90)).until(() -> committed(group) == EVENTS);
        last.destroy();
        assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();

        List<Map<String, Object>> rows = adx.rows("GamePlay");
        Set<List<Object>> sources = new HashSet<>();
        rows.forEach(row -> sources.add(List.of(row.get("SourcePartition"), row.get("SourceOffset"))));
        Set<List<Object>> expectedSources = new HashSet<>();
        sent.forEach(s -> expectedSources.add(List.of(s.partition(), s.offset())));
        assertThat(rows).as("raw rows, duplicates included").hasSize(EVENTS);
        assertThat(sources).isEqualTo(expectedSources);
    }

    private long rowCount() {
        return adx.rows("GamePlay").size();
    }

    private static Process startIngestor(Map<String, String> env, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                IngestorMain.class.getName());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private static long committed(String group) throws Exception {
        try (Admin admin = TestKafka.admin()) {
            Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }
}
