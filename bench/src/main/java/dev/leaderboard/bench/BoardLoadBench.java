package dev.leaderboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaderboard.embedded.EmbeddedSystem;
import dev.leaderboard.embedded.RunnerConfig;
import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.gameplay.GamePlayJson;
import dev.leaderboard.settings.Settings;
import dev.leaderboard.web.cache.CachedBoards;
import io.javalin.Javalin;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Board requests/s and latency at 64 connections while the embedded system ingests its simulator's
 * spins, as a ratio to a trivial Javalin endpoint in the same JVM, in the same run. Then how long a
 * produced spin takes to be visible in the API. Usage: BoardLoadBench [seconds per phase] [spins/s] [java|wrk].
 * The load client is a closed loop of 64 Java threads, or Debian's {@code wrk} (lighter on a small machine).
 */
public final class BoardLoadBench {

    private static final int CONNECTIONS = 64;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BOARDS = List.of(
            "/api/leaderboard?campaign=launch-week&limit=10",
            "/api/leaderboard?campaign=launch-week&window=1h&metric=net&limit=10",
            "/api/leaderboard?campaign=slots-sprint&metric=wins&limit=10",
            "/api/leaderboard?limit=10");

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2500;
        boolean wrk = args.length > 2 && "wrk".equals(args[2]);
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target")).toAbsolutePath(), "board-");
        RunnerConfig config = RunnerConfig.from(new Settings(Map.of("EMBEDDED_KAFKA_PORT", "0", "WEB_PORT", "0",
                "DATA_DIR", dataDir.toString(), "SIMULATOR_RATE", Integer.toString(rate), "SIMULATOR_USERS", "5000")));
        Javalin trivial = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.routes.get("/trivial", ctx -> ctx.json(Map.of("status", "UP")));
        }).start(0);
        try (EmbeddedSystem system = EmbeddedSystem.start(config)) {
            String web = "http://localhost:" + system.webPort();
            String base = "http://localhost:" + trivial.port();
            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
            waitForSpins(http, web);
            System.out.printf("embedded system up, simulator at %,d spins/s; %d s per phase, %d connections%n",
                    rate, seconds, CONNECTIONS);

            LoadClient client = wrk ? (urls, s) -> Wrk.load(urls, s, CONNECTIONS) : (urls, s) -> load(http, urls, s);
            System.out.println("load client: " + (wrk ? "wrk" : "64 Java threads"));
            client.load(List.of(base + "/trivial"), 5); // warm-up of both paths, not reported
            client.load(BOARDS.stream().map(b -> web + b).toList(), 5);

            // Two rounds, alternating, so that drift on a shared machine shows in the figures.
            List<Result> baselines = new ArrayList<>();
            List<Result> boards = new ArrayList<>();
            double queriesBefore = backendQueries(http, web);
            for (int round = 1; round <= 2; round++) {
                Result baseline = client.load(List.of(base + "/trivial"), seconds);
                Result board = client.load(BOARDS.stream().map(b -> web + b).toList(), seconds);
                System.out.printf("round %d trivial endpoint: %s%n", round, baseline);
                System.out.printf("round %d board endpoint:   %s%n", round, board);
                baselines.add(baseline);
                boards.add(board);
            }
            double queries = backendQueries(http, web) - queriesBefore;
            double ingested = spinsPerSecond(http, web);
            double ratio = boards.stream().mapToDouble(Result::perSecond).sum()
                    / baselines.stream().mapToDouble(Result::perSecond).sum();
            System.out.printf("ratio board/trivial: %.2f requests/s; board p99 %.1f ms and %.1f ms (trivial %.1f ms and %.1f ms)%n",
                    ratio, boards.get(0).p99Millis(), boards.get(1).p99Millis(), baselines.get(0).p99Millis(),
                    baselines.get(1).p99Millis());
            // The runner reloads a board being read when a batch is stored, at most CHANGE_RELOADS_PER_TTL times per TTL.
            System.out.printf("store queries for %d distinct boards over %d s of board load: %.0f, at most %d allowed "
                    + "(per board: %d per TTL of 1 s, plus 1 per phase)%n", BOARDS.size(), 2 * seconds, queries,
                    BOARDS.size() * 2 * (seconds * CachedBoards.CHANGE_RELOADS_PER_TTL + 1),
                    CachedBoards.CHANGE_RELOADS_PER_TTL);
            System.out.printf("store query time (standings, last 2 min): p50 %.1f ms, p99 %.1f ms%n",
                    1000 * metric(http, web, "leaderboard_backend_queries_seconds{cache=\"standings\",quantile=\"0.5\"} "),
                    1000 * metric(http, web, "leaderboard_backend_queries_seconds{cache=\"standings\",quantile=\"0.99\"} "));
            System.out.printf("ingest during the board phase: %,.0f spins/s (event time, last minute)%n", ingested);

            visibility(http, web, system.bootstrapServers(), 30);
        } finally {
            trivial.stop();
        }
        System.exit(0);
    }

    @FunctionalInterface
    interface LoadClient {
        Result load(List<String> urls, int seconds) throws Exception;
    }

    record Result(long requests, double perSecond, double p50Millis, double p99Millis, long errors) {
        @Override
        public String toString() {
            return String.format("%,d requests, %,.0f/s, p50 %.2f ms, p99 %.2f ms, %d errors", requests, perSecond,
                    p50Millis, p99Millis, errors);
        }
    }

    /** 64 closed-loop clients for {@code seconds}, cycling through {@code urls}; each records into its own histogram. */
    private static Result load(HttpClient http, List<String> urls, int seconds) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<HttpRequest> requests = urls.stream().map(u -> HttpRequest.newBuilder(URI.create(u)).build()).toList();
        List<Future<ClientRun>> futures = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            int client = c;
            futures.add(clients.submit(() -> {
                Histogram latencies = latencyHistogram();
                long errors = 0;
                for (int i = client; System.nanoTime() < end; i++) {
                    long start = System.nanoTime();
                    HttpResponse<byte[]> response = http.send(requests.get(i % requests.size()),
                            HttpResponse.BodyHandlers.ofByteArray());
                    latencies.recordValue(System.nanoTime() - start);
                    if (response.statusCode() != 200) {
                        errors++;
                    }
                }
                return new ClientRun(latencies, errors);
            }));
        }
        Histogram all = latencyHistogram();
        long errors = 0;
        for (Future<ClientRun> future : futures) {
            all.add(future.get().latencies());
            errors += future.get().errors();
        }
        clients.shutdown();
        return new Result(all.getTotalCount(), all.getTotalCount() / (double) seconds,
                all.getValueAtPercentile(50) / 1e6, all.getValueAtPercentile(99) / 1e6, errors);
    }

    private record ClientRun(Histogram latencies, long errors) {
    }

    /** Nanoseconds from 1 µs to 60 s, to three significant digits (0.1% resolution). */
    private static Histogram latencyHistogram() {
        return new Histogram(1_000, TimeUnit.SECONDS.toNanos(60), 3);
    }

    /** Produces spins of unknown players with an unbeatable ratio, and times until each shows in the API. */
    private static void visibility(HttpClient http, String web, String bootstrap, int probes) throws Exception {
        Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0);
        Histogram millis = new Histogram(3);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < probes; i++) {
                int player = 900_000 + i;
                GamePlay spin = new GamePlay(player, 10, 1, 1_000_000 + i, Instant.now());
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>("gameplay", Integer.toString(player), GamePlayJson.toJson(spin))).get();
                HttpRequest lookup = HttpRequest.newBuilder(URI.create(web + "/api/players/" + player + "?campaign=launch-week"))
                        .build();
                while (http.send(lookup, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    Thread.sleep(5);
                }
                millis.recordValue((System.nanoTime() - sent) / 1_000_000);
            }
        }
        System.out.printf("produced -> visible in /api/players (%d probes, cache TTL 1 s, ingest linger 200 ms): "
                + "p50 %d ms, p99 %d ms (the %s)%n", probes, millis.getValueAtPercentile(50), millis.getValueAtPercentile(99),
                probes < 100 ? "maximum" : "99th");
    }

    private static void waitForSpins(HttpClient http, String web) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            JsonNode board = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(web + "/api/leaderboard")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if (board.path("entries").size() > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("No spins on the board after 2 minutes");
    }

    private static double backendQueries(HttpClient http, String web) throws Exception {
        return metric(http, web, "leaderboard_backend_queries_seconds_count{cache=\"standings\"} ");
    }

    private static double metric(HttpClient http, String web, String series) throws Exception {
        for (String line : http.send(HttpRequest.newBuilder(URI.create(web + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body().split("\n")) {
            if (line.startsWith(series)) {
                return Double.parseDouble(line.substring(series.length()));
            }
        }
        return 0;
    }

    private static double spinsPerSecond(HttpClient http, String web) throws Exception {
        Thread.sleep(1100); // past the activity cache's TTL
        JsonNode activity = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(web + "/api/activity")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        long total = 0;
        for (JsonNode second : activity.get("eventsPerSecond")) {
            total += second.get("events").asLong();
        }
        return total / 60.0;
    }

    private BoardLoadBench() {
    }
}
