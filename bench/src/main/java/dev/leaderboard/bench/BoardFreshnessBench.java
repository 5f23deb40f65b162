package dev.leaderboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaderboard.embedded.EmbeddedSystem;
import dev.leaderboard.embedded.RunnerConfig;
import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.gameplay.GamePlayJson;
import dev.leaderboard.ingest.IngestorConfig;
import dev.leaderboard.producer.realistic.RealisticGameModel;
import dev.leaderboard.settings.Settings;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produced -> visible as stored history grows. For each size: the embedded system (simulator off) gets
 * that many spins of 100,000 players through its broker (event times over the past, 2,000 spins/s of
 * event time), then 12 distinct boards are read concurrently in closed loops, as an audience would,
 * while 2,000 spins/s arrive, and a probe spin with a record ratio is timed from the broker's ack until
 * it tops the all-time ratio board. Sizes run one after another in this JVM; the baseline is the first
 * size. Usage: [sizes, default 1000000,10000000] [probes per size, default 60].
 */
public final class BoardFreshnessBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PLAYERS = 100_000;
    private static final int LIVE_RATE = 2_000;
    /** Probes before the timed ones, not counted: the first size otherwise times a cold JVM (JIT, first loads). */
    private static final int WARM_UP_PROBES = 5;
    private static final Duration HISTORY_STEP = Duration.ofNanos(500_000);
    private static final List<String> BOARDS = List.of(
            "/api/leaderboard?limit=10", "/api/leaderboard?metric=wins&limit=10", "/api/leaderboard?metric=net&limit=10",
            "/api/leaderboard?campaign=launch-week&limit=10", "/api/leaderboard?campaign=launch-week&metric=wins&limit=10",
            "/api/leaderboard?campaign=launch-week&metric=net&limit=10",
            "/api/leaderboard?campaign=launch-week&window=1h&limit=10",
            "/api/leaderboard?campaign=launch-week&window=1h&metric=wins&limit=10",
            "/api/leaderboard?campaign=launch-week&window=1h&metric=net&limit=10",
            "/api/leaderboard?campaign=slots-sprint&limit=10", "/api/leaderboard?campaign=slots-sprint&metric=wins&limit=10",
            "/api/leaderboard?campaign=slots-sprint&metric=net&limit=10");

    public static void main(String[] args) throws Exception {
        List<Long> sizes = new ArrayList<>();
        for (String size : (args.length > 0 ? args[0] : "1000000,10000000").split(",")) {
            sizes.add(Long.parseLong(size.strip()));
        }
        int probes = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Map<Long, Histogram> results = new LinkedHashMap<>();
        for (long size : sizes) {
            results.put(size, run(size, probes));
        }
        Histogram first = results.get(sizes.get(0));
        for (Map.Entry<Long, Histogram> r : results.entrySet()) {
            System.out.printf("%,13d stored spins: produced -> visible p50 %,d ms, p99 %,d ms (max %,d); p99 / p99 at %,d: %.2f%n",
                    r.getKey(), r.getValue().getValueAtPercentile(50), r.getValue().getValueAtPercentile(99),
                    r.getValue().getMaxValue(), sizes.get(0),
                    r.getValue().getValueAtPercentile(99) / (double) first.getValueAtPercentile(99));
        }
        System.exit(0);
    }

    private static Histogram run(long size, int probes) throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target")).toAbsolutePath(), "fresh-");
        RunnerConfig config = RunnerConfig.from(new Settings(Map.of("EMBEDDED_KAFKA_PORT", "0", "WEB_PORT", "0",
                "DATA_DIR", dataDir.toString(), "SIMULATOR_RATE", "0")));
        try (EmbeddedSystem system = EmbeddedSystem.start(config);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers(),
                     ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                     ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer())) {
            String web = "http://localhost:" + system.webPort();
            load(producer, system.bootstrapServers(), size);
            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            ExecutorService workers = Executors.newFixedThreadPool(BOARDS.size() + 1);
            for (String board : BOARDS) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(web + board)).build();
                workers.submit(() -> {
                    while (running.get()) {
                        http.send(request, HttpResponse.BodyHandlers.discarding());
                        reads.incrementAndGet();
                    }
                    return null;
                });
            }
            workers.submit(() -> {
                live(producer, running);
                return null;
            });
            Thread.sleep(5_000);
            Histogram visible = probe(producer, http, web, probes, (int) (size % 1_000_000) + 900_000);
            running.set(false);
            workers.shutdown();
            workers.awaitTermination(30, TimeUnit.SECONDS);
            System.out.printf("%,d stored spins: %,d board reads by 12 readers; produced -> visible p50 %,d ms, p99 %,d ms%n",
                    size, reads.get(), visible.getValueAtPercentile(50), visible.getValueAtPercentile(99));
            return visible;
        }
    }

    /** {@code size} spins over the past, through the broker, then waits until the ingestor has them all. */
    private static void load(KafkaProducer<String, byte[]> producer, String bootstrap, long size) throws Exception {
        long started = System.nanoTime();
        SteppingClock clock = new SteppingClock(Instant.now().minus(HISTORY_STEP.multipliedBy(size)).minusSeconds(60));
        RealisticGameModel model = new RealisticGameModel(PLAYERS, new Random(7), clock);
        for (long i = 0; i < size; i++) {
            GamePlay spin = model.nextSpin();
            clock.step(HISTORY_STEP);
            producer.send(new ProducerRecord<>("gameplay", spin.key(), GamePlayJson.toJson(spin)));
        }
        producer.flush();
        System.out.printf("produced %,d spins in %.0f s; waiting for the ingestor%n", size, (System.nanoTime() - started) / 1e9);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long lag;
            do {
                Thread.sleep(2_000);
                lag = lag(admin);
                System.out.printf("ingestor lag %,d records%n", lag);
            } while (lag > 0);
        }
        System.out.printf("stored %,d spins in %.0f s from the first send%n", size, (System.nanoTime() - started) / 1e9);
    }

    private static long lag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(IngestorConfig.DEFAULT_GROUP_ID)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (int p = 0; p < 4; p++) {
            latest.put(new TopicPartition("gameplay", p), OffsetSpec.latest());
        }
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    /** 2,000 spins/s of now, in 50 steps a second, until told to stop. */
    private static void live(KafkaProducer<String, byte[]> producer, AtomicBoolean running) throws InterruptedException {
        RealisticGameModel model = new RealisticGameModel(PLAYERS, new Random(11), Clock.systemUTC());
        long next = System.nanoTime();
        while (running.get()) {
            for (int i = 0; i < LIVE_RATE / 50; i++) {
                GamePlay spin = model.nextSpin();
                producer.send(new ProducerRecord<>("gameplay", spin.key(), GamePlayJson.toJson(spin)));
            }
            next += 20_000_000L;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        }
    }

    /** Spins of new players with record ratios; each is timed from the broker's ack until it tops the board. */
    private static Histogram probe(KafkaProducer<String, byte[]> producer, HttpClient http, String web, int probes,
                                   int firstPlayer) throws Exception {
        Histogram millis = new Histogram(3);
        HttpRequest top = HttpRequest.newBuilder(URI.create(web + "/api/leaderboard?limit=1")).build();
        for (int i = 0; i < WARM_UP_PROBES + probes; i++) {
            int player = firstPlayer + i;
            GamePlay spin = new GamePlay(player, 10, 1, 1_000_000_000L + i, Instant.now());
            producer.send(new ProducerRecord<>("gameplay", spin.key(), GamePlayJson.toJson(spin))).get();
            long acked = System.nanoTime();
            while (true) {
                JsonNode board = JSON.readTree(http.send(top, HttpResponse.BodyHandlers.ofString()).body());
                JsonNode entries = board.path("entries");
                if (entries.size() > 0 && entries.get(0).get("playerId").asInt() == player) {
                    break;
                }
                Thread.sleep(10);
            }
            long visible = (System.nanoTime() - acked) / 1_000_000;
            if (i >= WARM_UP_PROBES) {
                millis.recordValue(visible);
            } else {
                System.out.printf("warm-up probe %d: visible after %,d ms (not counted)%n", i + 1, visible);
            }
            Thread.sleep(500);
        }
        return millis;
    }

    private BoardFreshnessBench() {
    }
}
