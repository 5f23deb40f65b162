package dev.leaderboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import dev.leaderboard.web.health.IngestHealth;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<Optional<IngestHealth>> ingest = new AtomicReference<>(Optional.empty());
    private DuckDBConnection db;
    private Javalin app;

    @AfterEach
    void stop() throws Exception {
        app.stop();
        db.close();
    }

    @Test
    void reportsTheStoresLastScheduledCheckAnd503OnceTheStoreStopsAnswering() throws Exception {
        start();
        HttpResponse<String> up = get();
        assertThat(up.statusCode()).isEqualTo(200);
        JsonNode upBody = JSON.readTree(up.body());
        assertThat(upBody.get("status").asText()).isEqualTo("UP");
        assertThat(upBody.has("reason")).isFalse();
        assertThat(upBody.get("store").get("reachable").asBoolean()).isTrue();
        assertThat(Instant.parse(upBody.get("store").get("checkedAt").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(upBody.has("ingestor")).as("no ingestor in this process").isFalse();

        db.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> get().statusCode() == 503);
        JsonNode down = JSON.readTree(get().body());
        assertThat(down.get("status").asText()).isEqualTo("DOWN");
        assertThat(down.get("reason").asText()).isEqualTo("the store did not answer its last check");
        assertThat(down.get("store").get("reachable").asBoolean()).isFalse();
    }

    @Test
    void answers503WithTheIngestorsReasonOnceTheIngestorInThisProcessStopped() throws Exception {
        Map<String, Object> running = new LinkedHashMap<>();
        running.put("state", "RUNNING");
        running.put("lag", 12);
        ingest.set(Optional.of(new IngestHealth(true, running)));
        start();
        JsonNode up = JSON.readTree(get().body());
        assertThat(up.get("status").asText()).isEqualTo("UP");
        assertThat(up.get("ingestor").toString()).isEqualTo("{\"state\":\"RUNNING\",\"lag\":12}");

        Map<String, Object> failed = new LinkedHashMap<>();
        failed.put("state", "FAILED");
        failed.put("reason", "Batch not accepted after 4 attempts");
        ingest.set(Optional.of(new IngestHealth(false, failed)));

        HttpResponse<String> down = get();
        assertThat(down.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(down.body());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("reason").asText()).isEqualTo("the ingestor stopped: the board no longer changes");
        assertThat(body.get("store").get("reachable").asBoolean()).isTrue();
        assertThat(body.get("ingestor").toString())
                .isEqualTo("{\"state\":\"FAILED\",\"reason\":\"Batch not accepted after 4 attempts\"}");
    }

    private void start() throws Exception {
        db = BoardFixture.emptyDatabase();
        app = LeaderboardApp.create(new DuckDbBoard(db, Clock.fixed(NOW, ZoneOffset.UTC)), ServingConfig.DEFAULTS,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), ingest::get).start(0);
    }

    private HttpResponse<String> get() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + app.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return response;
    }
}
