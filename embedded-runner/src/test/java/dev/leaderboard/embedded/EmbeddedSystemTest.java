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
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaderboard.settings.Settings;
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
        }
    }

    private JsonNode entries(URI board) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(board).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).get("entries");
    }
}
