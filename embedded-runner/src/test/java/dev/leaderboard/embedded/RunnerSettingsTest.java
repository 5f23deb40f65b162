package dev.leaderboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.leaderboard.ingest.IngestorConfig;
import dev.leaderboard.settings.Settings;
import dev.leaderboard.web.ServingConfig;
import org.junit.jupiter.api.Test;

/**
 * Every variable the README marks as read by the runner, set to a value other than its default, reaches
 * the part that uses it: one probe per variable, and the probes are exactly the README's runner rows.
 */
class RunnerSettingsTest {

    /** Checks that the running system uses the variable's value. */
    private interface Probe {
        void check(EmbeddedSystem system, String value) throws Exception;
    }

    @Test
    void eachVariableMarkedRunnerInTheReadmeReachesItsPart() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "runner")), "settings-");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("EMBEDDED_KAFKA_HOST", "localhost");
        values.put("EMBEDDED_KAFKA_PORT", Integer.toString(freePort()));
        values.put("WEB_PORT", Integer.toString(freePort()));
        values.put("DATA_DIR", dataDir.toString());
        values.put("SIMULATOR_RATE", "37");
        values.put("SIMULATOR_USERS", "3");
        values.put("DUCKDB_MEMORY_LIMIT_MB", "100");
        values.put("INGEST_TOPIC", "spins-settings");
        values.put("INGEST_DLQ_TOPIC", "spins-settings.dlq");
        values.put("INGEST_GROUP_ID", "group-settings");
        values.put("INGEST_INSTANCE_ID", "instance-settings");
        values.put("INGEST_BATCH_MAX_RECORDS", "1234");
        values.put("INGEST_BATCH_MAX_BYTES", "123456");
        values.put("INGEST_BATCH_LINGER_MS", "150");
        values.put("INGEST_RETRY_FIRST_MS", "50");
        values.put("INGEST_RETRY_MAX_MS", "5000");
        values.put("INGEST_RETRY_GIVE_UP_MS", "60000");
        values.put("INGEST_MAX_POLL_INTERVAL_MS", "120000");
        values.put("INGEST_METRICS_PORT", Integer.toString(freePort()));
        values.put("DUCKDB_SPIN_RETENTION_HOURS", "48");
        values.put("BOARD_CACHE_TTL_MS", "700");
        values.put("BOARD_PUSH_INTERVAL_MS", "900");
        values.put("BOARD_STREAM_MAX_CLIENTS", "77");
        values.put("BOARD_STREAM_MAX_PER_ADDRESS", "7");
        Map<String, Probe> probes = probes();
        assertThat(probes.keySet()).as("a probe per README runner variable").isEqualTo(readmeRunnerVariables());
        assertThat(values.keySet()).isEqualTo(probes.keySet());

        try (EmbeddedSystem system = EmbeddedSystem.start(RunnerConfig.from(new Settings(values)))) {
            for (Map.Entry<String, Probe> probe : probes.entrySet()) {
                probe.getValue().check(system, values.get(probe.getKey()));
            }
        }
    }

    private static Map<String, Probe> probes() {
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("EMBEDDED_KAFKA_HOST", (s, v) -> assertThat(s.bootstrapServers()).startsWith(v + ":"));
        probes.put("EMBEDDED_KAFKA_PORT", (s, v) -> assertThat(s.bootstrapServers()).endsWith(":" + v));
        probes.put("WEB_PORT", (s, v) -> assertThat(s.webPort()).isEqualTo(Integer.parseInt(v)));
        probes.put("DATA_DIR", (s, v) -> {
            assertThat(Path.of(v).resolve("leaderboard.duckdb")).isRegularFile();
            assertThat(Path.of(v).resolve("kafka")).isDirectory();
        });
        probes.put("SIMULATOR_RATE", (s, v) -> assertThat(s.simulatorRate()).hasValue(Double.parseDouble(v)));
        // The runner publishes one profile per simulated player: ids 100..100+users, both ends included as in the blog.
        probes.put("SIMULATOR_USERS", (s, v) -> await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(playersInTheTable(s)).isEqualTo(Long.parseLong(v) + 1)));
        probes.put("DUCKDB_MEMORY_LIMIT_MB", (s, v) -> assertThat(s.duckDbMemoryLimit()).isEqualTo(v + ".0 MiB"));
        probes.put("INGEST_TOPIC", (s, v) -> assertThat(ingestor(s).topic()).isEqualTo(v));
        probes.put("INGEST_DLQ_TOPIC", (s, v) -> assertThat(ingestor(s).deadLetterTopic()).isEqualTo(v));
        probes.put("INGEST_GROUP_ID", (s, v) -> assertThat(ingestor(s).groupId()).isEqualTo(v));
        probes.put("INGEST_INSTANCE_ID", (s, v) -> assertThat(ingestor(s).instanceId()).isEqualTo(Optional.of(v)));
        probes.put("INGEST_BATCH_MAX_RECORDS", (s, v) -> assertThat(ingestor(s).batchLimits().maxRecords()).isEqualTo(Integer.parseInt(v)));
        probes.put("INGEST_BATCH_MAX_BYTES", (s, v) -> assertThat(ingestor(s).batchLimits().maxBytes()).isEqualTo(Long.parseLong(v)));
        probes.put("INGEST_BATCH_LINGER_MS", (s, v) -> assertThat(ingestor(s).batchLimits().linger()).isEqualTo(millis(v)));
        probes.put("INGEST_RETRY_FIRST_MS", (s, v) -> assertThat(ingestor(s).retry().firstDelay()).isEqualTo(millis(v)));
        probes.put("INGEST_RETRY_MAX_MS", (s, v) -> assertThat(ingestor(s).retry().maxDelay()).isEqualTo(millis(v)));
        probes.put("INGEST_RETRY_GIVE_UP_MS", (s, v) -> assertThat(ingestor(s).retry().giveUpAfter()).isEqualTo(millis(v)));
        probes.put("INGEST_MAX_POLL_INTERVAL_MS", (s, v) -> assertThat(ingestor(s).maxPollInterval()).isEqualTo(millis(v)));
        probes.put("INGEST_METRICS_PORT", (s, v) -> {
            assertThat(s.ingestorEndpointPort()).hasValue(Integer.parseInt(v));
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + v + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).startsWith("{\"status\":\"UP\",\"ingestor\":{\"state\":\"RUNNING\"");
        });
        probes.put("DUCKDB_SPIN_RETENTION_HOURS", (s, v) ->
                assertThat(ingestor(s).spinRetention()).isEqualTo(Duration.ofHours(Long.parseLong(v))));
        probes.put("BOARD_CACHE_TTL_MS", (s, v) -> assertThat(serving(s).cacheTtl()).isEqualTo(millis(v)));
        probes.put("BOARD_PUSH_INTERVAL_MS", (s, v) -> assertThat(serving(s).pushInterval()).isEqualTo(millis(v)));
        probes.put("BOARD_STREAM_MAX_CLIENTS", (s, v) -> assertThat(serving(s).maxStreams()).isEqualTo(Integer.parseInt(v)));
        probes.put("BOARD_STREAM_MAX_PER_ADDRESS", (s, v) ->
                assertThat(serving(s).maxStreamsPerAddress()).isEqualTo(Integer.parseInt(v)));
        return probes;
    }

    private static long playersInTheTable(EmbeddedSystem system) throws SQLException {
        try (Statement statement = system.database().createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM Players")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static IngestorConfig ingestor(EmbeddedSystem system) {
        return system.ingestorConfig();
    }

    private static ServingConfig serving(EmbeddedSystem system) {
        return system.servingConfig();
    }

    private static Duration millis(String value) {
        return Duration.ofMillis(Long.parseLong(value));
    }

    /** Rows of the README's configuration tables whose "used by" column names the runner. */
    private static Set<String> readmeRunnerVariables() throws IOException {
        String readme = Files.readString(SettingNames.REPOSITORY.resolve("README.md"));
        Matcher row = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]+)` \\| [^|]* \\| ([^|]*) \\|").matcher(readme);
        Set<String> runner = new TreeSet<>();
        while (row.find()) {
            if (Set.of(row.group(2).trim().split(",\\s*")).contains("runner")) {
                runner.add(row.group(1));
            }
        }
        return runner;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
