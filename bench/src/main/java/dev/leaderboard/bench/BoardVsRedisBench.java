package dev.leaderboard.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.ingest.batch.Batch;
import dev.leaderboard.ingest.batch.OffsetRange;
import dev.leaderboard.ingest.batch.SourcedGamePlay;
import dev.leaderboard.ingest.duckdb.DuckDbFiles;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.web.LeaderboardApp;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import io.javalin.Javalin;
import org.apache.kafka.common.TopicPartition;
import org.duckdb.DuckDBConnection;

/**
 * The top-10 board over HTTP against what leaderboard builders usually pick: Redis's sorted set. Both hold
 * the same 100,000 players' best ratios; ours is {@code GET /api/leaderboard?limit=10} (ranks with ties,
 * names, from the cached board) driven by wrk, Redis's is {@code ZREVRANGE board 0 9 WITHSCORES} driven by
 * redis-benchmark, each with 64 connections on the same machine, one after the other. Needs Debian's wrk
 * and redis-server. Usage: [seconds, default 20].
 */
public final class BoardVsRedisBench {

    private static final int PLAYERS = 100_000;
    private static final int CONNECTIONS = 64;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target")).toAbsolutePath(), "redis-");
        List<GamePlay> spins = spins();
        try (DuckDBConnection db = DuckDbFiles.open(work.resolve("board.duckdb"), new Properties())) {
            DuckDbGamePlaySink.createSchema(db);
            store(db, spins);
            Javalin app = LeaderboardApp.create(new DuckDbBoard(db, Clock.systemUTC())).start(0);
            int redisPort = freePort();
            Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true)
                    .redirectOutput(work.resolve("redis.log").toFile()).start();
            try {
                fillSortedSet(redisPort, spins);
                String url = "http://localhost:" + app.port() + "/api/leaderboard?limit=10";
                Wrk.load(List.of(url), 5, CONNECTIONS); // warm-up
                BoardLoadBench.Result ours = Wrk.load(List.of(url), seconds, CONNECTIONS);
                double[] redisFigures = redisBenchmark(redisPort, seconds);
                System.out.printf("ours  GET /api/leaderboard?limit=10 (wrk, %d connections): %,.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors%n",
                        CONNECTIONS, ours.perSecond(), ours.p50Millis(), ours.p99Millis(), ours.errors());
                System.out.printf("Redis ZREVRANGE board 0 9 WITHSCORES (redis-benchmark, %d connections): %,.0f req/s, p50 %.2f ms, p99 %.2f ms%n",
                        CONNECTIONS, redisFigures[0], redisFigures[1], redisFigures[2]);
                System.out.printf("ratio ours / Redis: %.2f requests/s%n", ours.perSecond() / redisFigures[0]);
            } finally {
                redis.destroy();
                redis.waitFor(10, TimeUnit.SECONDS);
                app.stop();
            }
        }
        System.exit(0);
    }

    /** One winning spin per player, seeded; ratios repeat, so the board has ties. */
    private static List<GamePlay> spins() {
        Random random = new Random(5);
        Instant now = Instant.now();
        List<GamePlay> spins = new ArrayList<>(PLAYERS);
        for (int i = 0; i < PLAYERS; i++) {
            spins.add(new GamePlay(100 + i, 10 + random.nextInt(12), 10, 1 + random.nextInt(50_000), now.minusSeconds(random.nextInt(3_600))));
        }
        return spins;
    }

    private static void store(DuckDBConnection db, List<GamePlay> spins) throws Exception {
        TopicPartition partition = new TopicPartition("gameplay", 0);
        try (DuckDbGamePlaySink sink = new DuckDbGamePlaySink(db.duplicate())) {
            for (int first = 0; first < spins.size(); first += 10_000) {
                List<SourcedGamePlay> rows = new ArrayList<>();
                for (int i = first; i < Math.min(spins.size(), first + 10_000); i++) {
                    rows.add(new SourcedGamePlay(spins.get(i), "gameplay", 0, i));
                }
                sink.write(new Batch(rows, List.of(), Map.of(partition, new OffsetRange(first, first + rows.size() - 1))));
            }
        }
        try (Statement statement = db.createStatement()) {
            statement.execute("INSERT INTO Players SELECT 100 + i, 'player ' || i, NULL, now()::TIMESTAMP FROM range(" + spins.size() + ") t(i)");
        }
    }

    /** ZADD of every player's ratio, sent with redis-cli --pipe as Redis's protocol; waits until the set is full. */
    private static void fillSortedSet(int port, List<GamePlay> spins) throws Exception {
        ByteArrayOutputStream commands = new ByteArrayOutputStream();
        for (GamePlay spin : spins) {
            resp(commands, "ZADD", "board", Double.toString((double) spin.win() / spin.stake()), "player " + (spin.playerId() - 100));
        }
        for (int attempt = 0; ; attempt++) {
            Process ping = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "PING").start();
            if (new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("PONG")) {
                break;
            }
            if (attempt > 100) {
                throw new IllegalStateException("redis-server did not answer on port " + port);
            }
            Thread.sleep(100);
        }
        Process pipe = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "--pipe").redirectErrorStream(true).start();
        pipe.getOutputStream().write(commands.toByteArray());
        pipe.getOutputStream().close();
        String out = new String(pipe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (pipe.waitFor() != 0 || !out.contains("errors: 0")) {
            throw new IllegalStateException("redis-cli --pipe failed:\n" + out);
        }
    }

    private static void resp(ByteArrayOutputStream out, String... words) throws IOException {
        out.write(("*" + words.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String word : words) {
            byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
            out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** redis-benchmark's CSV line for the command: requests/s, p50 ms, p99 ms. */
    private static double[] redisBenchmark(int port, int seconds) throws Exception {
        // About as many requests as fit in the same number of seconds at Redis's usual pace on this machine.
        long requests = 60_000L * seconds;
        Process benchmark = new ProcessBuilder("redis-benchmark", "-p", Integer.toString(port), "-c", Integer.toString(CONNECTIONS),
                "-n", Long.toString(requests), "--csv", "ZREVRANGE", "board", "0", "9", "WITHSCORES").redirectErrorStream(true).start();
        String out = new String(benchmark.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (benchmark.waitFor() != 0) {
            throw new IllegalStateException("redis-benchmark failed:\n" + out);
        }
        for (String line : out.lines().toList()) {
            if (line.startsWith("\"ZREVRANGE")) {
                String[] cells = line.replace("\"", "").split(",");
                // test, rps, avg_latency_ms, min_latency_ms, p50_latency_ms, p95_latency_ms, p99_latency_ms, max_latency_ms
                return new double[] {Double.parseDouble(cells[1]), Double.parseDouble(cells[4]), Double.parseDouble(cells[6])};
            }
        }
        throw new IllegalStateException("no ZREVRANGE line in redis-benchmark's output:\n" + out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private BoardVsRedisBench() {
    }
}
