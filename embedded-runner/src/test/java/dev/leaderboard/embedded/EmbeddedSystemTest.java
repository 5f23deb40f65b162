package dev.leaderboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.gameplay.GamePlayJson;
import dev.leaderboard.settings.Settings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedSystemTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesANonEmptyBoardWithinAMinuteOfStarting() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "runner")), "data-");
        RunnerConfig config = RunnerConfig.from(new Settings(Map.of(
                "EMBEDDED_KAFKA_PORT", "0",
                "WEB_PORT", "0",
                "DATA_DIR", dataDir.toString(),
                "SIMULATOR_RATE", "200")));

        try (EmbeddedSystem system = EmbeddedSystem.start(config)) {
            URI board = URI.create("http://localhost:" + system.webPort() + "/api/leaderboard?limit=5");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> entries(board).size() > 0);

            JsonNode entries = entries(board);
            assertThat(entries.size()).isBetween(1, 5);
            assertThat(entries.get(0).get("rank").asInt()).isEqualTo(1);
            assertThat(entries.get(0).get("playerId").asInt()).isBetween(100, 110);
            assertThat(system.ingestorFailure()).isNull();

            DuckDbMemory memory = system.duckDbMemory();
            assertThat(memory.usedBytes()).as("DuckDB holds the table's blocks")
                    .isPositive().isLessThanOrEqualTo((long) config.duckDbMemoryMb() << 20);
            assertThat(memory.temporaryBytes()).isZero();

            JsonNode health = new ObjectMapper().readTree(get(system, "/health", 200));
            assertThat(health.get("status").asText()).isEqualTo("UP");
            assertThat(health.get("store").get("reachable").asBoolean()).isTrue();
            assertThat(health.get("ingestor").get("state").asText()).isEqualTo("RUNNING");
            assertThat(health.get("ingestor").get("rowsStored").asLong()).isPositive();
            assertThat(health.get("ingestor").get("lag").isIntegralNumber()).isTrue();
        }
    }

    @Test
    void aStoredSpinShowsOnABoardBeingReadLongBeforeTheCacheTtlBecauseTheIngestorSaysWhenABatchIsStored()
            throws Exception {
        // With a 20 s TTL, the board below would show the probe 20 s after its first load, which comes just before the
        // probe; word of each stored batch reloads it once its copy is a quarter of the TTL old (5 s: CachedBoards.
        // CHANGE_RELOADS_PER_TTL), so it shows within 15 s of the probe only through that word.
        try (EmbeddedSystem system = EmbeddedSystem.start(config(newDataDir("changes-"),
                Map.of("BOARD_CACHE_TTL_MS", "20000")))) {
            URI board = URI.create("http://localhost:" + system.webPort() + "/api/leaderboard?limit=1");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> entries(board).size() > 0);
            int probe = 900_000;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()), new StringSerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>("gameplay", Integer.toString(probe),
                        GamePlayJson.toJson(new GamePlay(probe, 10, 1, 1_000_000, Instant.now())))).get();
            }
            long sent = System.nanoTime();

            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> entries(board).get(0).get("playerId").asInt() == probe);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void servesTheIngestorsProcessAndKafkaClientMetersOnTheWebsOneMetricsPage() throws Exception {
        try (EmbeddedSystem system = EmbeddedSystem.start(config(newDataDir("metrics-"), Map.of()))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> series(get(system, "/metrics", 200), "ingest_produced_to_stored_latency_seconds_count") > 0);

            String metrics = get(system, "/metrics", 200);
            assertThat(series(metrics, "ingest_batches_total{outcome=\"accepted\"}")).isPositive();
            assertThat(metrics).contains("ingest_consumer_lag{partition=\"0\",topic=\"gameplay\"}");
            assertThat(metrics).contains("ingest_produced_to_stored_latency_seconds_bucket{le=\"+Inf\"}");
            assertThat(metrics).contains("jvm_memory_used_bytes{area=\"heap\"");
            assertThat(metrics).contains("process_cpu_usage ");
            assertThat(metrics).contains("kafka_consumer_fetch_manager_records_consumed_total{client_id=\"ingestor-leaderboard-ingestor\"");
            assertThat(metrics).contains("kafka_consumer_fetch_manager_records_consumed_total{client_id=\"ingestor-leaderboard-players\"");
            assertThat(metrics).contains("kafka_producer_record_send_total{client_id=\"game-simulator\"");
            assertThat(metrics).contains("http_server_requests_seconds_count{route=\"/metrics\",status=\"200\"}");
        }
    }

    @Test
    void exitsNamingTheCauseAndAnswersHealth503OnceTheStoreRefusesForGood() throws Exception {
        Map<String, String> giveUpFast = Map.of("INGEST_RETRY_FIRST_MS", "10", "INGEST_RETRY_MAX_MS", "50",
                "INGEST_RETRY_GIVE_UP_MS", "1000");
        try (EmbeddedSystem system = EmbeddedSystem.start(config(newDataDir("refusing-"), giveUpFast))) {
            URI board = URI.create("http://localhost:" + system.webPort() + "/api/leaderboard?limit=5");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> entries(board).size() > 0);
            CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(() -> {
                try {
                    return EmbeddedRunner.exitCodeOnceAPartFails(system);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(exitCode).isNotDone();

            // The store refuses every write from now on: the table the ingestor appends to is gone.
            try (Statement statement = system.database().createStatement()) {
                statement.execute("ALTER TABLE GamePlay RENAME TO GamePlayElsewhere");
            }

            assertThat(exitCode.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(system.ingestorFailure()).hasMessageStartingWith("Batch not accepted after ");
            JsonNode health = new ObjectMapper().readTree(get(system, "/health", 503));
            assertThat(health.get("status").asText()).isEqualTo("DOWN");
            assertThat(health.get("reason").asText()).isEqualTo("the ingestor stopped: the board no longer changes");
            assertThat(health.get("ingestor").get("state").asText()).isEqualTo("FAILED");
            assertThat(health.get("ingestor").get("reason").asText()).startsWith("Batch not accepted after ")
                    .contains("DuckDB did not accept a batch");
        }
    }

    private static Path newDataDir(String prefix) throws Exception {
        return Files.createTempDirectory(Files.createDirectories(Path.of("target", "runner")), prefix);
    }

    private static RunnerConfig config(Path dataDir, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "EMBEDDED_KAFKA_PORT", "0",
                "WEB_PORT", "0",
                "DATA_DIR", dataDir.toString(),
                "SIMULATOR_RATE", "200"));
        settings.putAll(more);
        return RunnerConfig.from(new Settings(settings));
    }

    private String get(EmbeddedSystem system, String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + system.webPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(expectedStatus);
        return response.body();
    }

    private static double series(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1))).findFirst().orElse(0);
    }

    private JsonNode entries(URI board) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(board).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).get("entries");
    }
}
