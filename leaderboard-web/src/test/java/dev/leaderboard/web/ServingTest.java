package dev.leaderboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import io.javalin.Javalin;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The results cache, the push stream and the metrics, over real HTTP on the {@link BoardFixture} data. */
class ServingTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DuckDBConnection db;
    private Javalin app;
    private ApiClient api;

    private void start(ServingConfig serving) throws Exception {
        db = BoardFixture.emptyDatabase();
        BoardFixture.insertFixture(db);
        app = LeaderboardApp.create(new DuckDbBoard(db, Clock.fixed(NOW, ZoneOffset.UTC)), serving).start(0);
        api = new ApiClient(app.port());
    }

    @AfterEach
    void stop() throws Exception {
        app.stop();
        db.close();
    }

    @Test
    void queriesEachDistinctBoardOnceHoweverManyRequestsArriveAtOnce() throws Exception {
        start(new ServingConfig(Duration.ofHours(1), Duration.ofHours(1)));
        List<String> boards = List.of("/api/leaderboard?campaign=autumn", "/api/leaderboard?campaign=autumn&metric=net",
                "/api/leaderboard?campaign=slots&limit=2", "/api/leaderboard?campaign=slots&limit=3&offset=1",
                "/api/leaderboard", "/api/players/104?campaign=autumn&metric=net&around=1");
        ExecutorService clients = Executors.newFixedThreadPool(64);
        List<Callable<String>> requests = new ArrayList<>();
        for (int i = 0; i < 64 * 10; i++) {
            String path = boards.get(i % boards.size());
            requests.add(() -> CampaignBoardsTest.rows(api.getJson(path, 200).get("entries")));
        }
        List<String> answers = new ArrayList<>();
        for (Future<String> answer : clients.invokeAll(requests)) {
            answers.add(answer.get());
        }
        clients.shutdown();

        // Four distinct boards (pages and around-me are cut from the same copy), and the campaign list once.
        assertThat(metric("leaderboard_backend_queries_seconds_count{cache=\"standings\"}")).isEqualTo(4.0);
        assertThat(metric("leaderboard_backend_queries_seconds_count{cache=\"campaigns\"}")).isEqualTo(1.0);
        assertThat(answers).hasSize(640);
        assertThat(answers.get(1)).isEqualTo("1 103 Linus 500.0; 2 102 Grace 250.0; 3 104 104 200.0; 4 101 Ada 100.0; 5 105 105 -200.0");
        assertThat(answers.get(3)).isEqualTo("1 104 104 3.0; 1 102 Grace 3.0; 4 103 Linus 1.0");
        assertThat(answers.get(5)).isEqualTo("2 102 Grace 250.0; 3 104 104 200.0; 4 101 Ada 100.0");
        assertThat(answers.stream().distinct()).hasSize(boards.size());
    }

    @Test
    void pushesTheBoardWhenItChangesAndForgetsAClientThatLeft() throws Exception {
        start(new ServingConfig(Duration.ofMillis(50), Duration.ofMillis(50)));
        try (Socket socket = new Socket("localhost", app.port())) {
            BlockingQueue<String> events = readEvents(socket, "/api/leaderboard/stream?campaign=slots&limit=2");

            JsonNode first = nextEvent(events, "board");
            assertThat(CampaignBoardsTest.rows(first.get("entries"))).isEqualTo("1 101 Ada 3.0; 1 104 104 3.0");
            assertThat(first.get("campaign").asText()).isEqualTo("slots");
            await().until(() -> metric("leaderboard_stream_clients") == 1.0);

            BoardFixture.insertSpins(db, "(102, 1, 1000, 100, '2026-11-25 07:59:00')");

            JsonNode changed = nextEvent(events, "board");
            assertThat(CampaignBoardsTest.rows(changed.get("entries"))).isEqualTo("1 102 Grace 10.0; 2 101 Ada 3.0");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("leaderboard_stream_clients") == 0.0);
    }

    @Test
    void rejectsABadStreamParameterBeforeTheStreamOpens() throws Exception {
        start(ServingConfig.DEFAULTS);

        JsonNode error = api.getJson("/api/leaderboard/stream?metric=best", 400);

        assertThat(error.get("parameter").asText()).isEqualTo("metric");
    }

    @Test
    void servesPrometheusMetricsAndActivity() throws Exception {
        start(ServingConfig.DEFAULTS);
        BoardFixture.insertSpins(db, "(101, 1, 10, 10, '2026-11-25 07:59:30.100'), (102, 1, 10, 10, '2026-11-25 07:59:30.900'),"
                + "(103, 1, 10, 10, '2026-11-25 07:59:59.500'), (104, 1, 10, 10, '2026-11-25 08:00:00')");
        // As the ingestor writes them with its batches, one row each: partition 0's latest batch ended at offset 13
        // (104's spin, 08:00:00) and was stored at 08:00:00.250, after one that ended at offset 11; partition 1's was
        // stored before the last minute.
        BoardFixture.execute(db, "INSERT INTO IngestOffsetLog VALUES ('fixture', 0, 12, '2026-11-25 07:59:59.950'),"
                + "('fixture', 0, 14, '2026-11-25 08:00:00.250'), ('fixture', 1, 3, '2026-11-25 07:58:00')");
        BoardFixture.insertSpins(db, 1, "(101, 1, 10, 10, '2026-11-25 07:10:00'), (102, 1, 10, 10, '2026-11-25 07:20:00')");
        api.getJson("/api/leaderboard", 200);

        String metrics = api.get("/metrics").body();
        assertThat(metrics).contains("http_server_requests_seconds_count{route=\"/api/leaderboard\",status=\"200\"} 1");
        assertThat(metrics).contains("leaderboard_stream_clients 0");

        JsonNode activity = api.getJson("/api/activity", 200);
        // The minute before now, [07:59:00, 08:00:00), per second; latency of the batches stored in that minute.
        assertThat(activity.get("eventsPerSecond").toString()).isEqualTo("[{\"second\":\"2026-11-25T07:59:30Z\",\"events\":2},"
                + "{\"second\":\"2026-11-25T07:59:59Z\",\"events\":1}]");
        assertThat(activity.get("ingestLatencyMs").asLong()).isEqualTo(250);
    }

    private double metric(String series) throws Exception {
        for (String line : api.get("/metrics").body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        return Double.NaN;
    }

    /** Reads Server-Sent Events off a raw socket: "event\ndata" per event, until the socket closes. */
    private static BlockingQueue<String> readEvents(Socket socket, String path) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            String event = null;
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ") && event != null) {
                        events.add(event + "\n" + line.substring(6));
                        event = null;
                    }
                }
            } catch (java.io.IOException closed) {
                // the test closed the socket
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    private static JsonNode nextEvent(BlockingQueue<String> events, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.startsWith(name + "\n")) {
                return JSON.readTree(event.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no '" + name + "' event within 10 s");
    }
}
