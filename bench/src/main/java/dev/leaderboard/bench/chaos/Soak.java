package dev.leaderboard.bench.chaos;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaderboard.embedded.EmbeddedRunner;
import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.gameplay.GamePlayJson;
import dev.leaderboard.ingest.IngestorConfig;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 7: the embedded default ({@code EmbeddedRunner}, its own JVM with the JVM's default options) with its
 * simulator at a given rate and 64 closed-loop board readers, for a given time. Every few seconds:
 * the child's resident memory (VmRSS), board requests/s and p50/p99, produced → visible in the API
 * (a probe spin of a new player with an unbeatable ratio, until /api/players/{id} finds it), and the
 * ingest lag (the group's uncommitted records, and the store's age of its latest event).
 */
final class Soak {

    static final int DEFAULT_SECONDS = 600;
    static final int DEFAULT_RATE = 5_000;
    private static final Pattern HEAP_TOTAL = Pattern.compile("heap\\s+total (\\d+)K");
    private static final int READERS = 64;
    private static final int SAMPLE_SECONDS = 5;
    private static final int USERS = 10_000;
    private static final long MAX_RSS_MIB = 1024;
    /** The freshness goal: a spin shows in the API within this, p99, in every window of the run after the warm-up. */
    static final double MAX_VISIBLE_P99_MS = 1_500;
    /**
     * The first minute: a cold JVM (nothing compiled yet) under the 64 readers from their first second, the ingestor
     * catching up on what arrived meanwhile. Reported as a window of its own, not held to the freshness goal.
     */
    static final long WARM_UP_SECONDS = 60;
    private static final Logger log = LoggerFactory.getLogger(Soak.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BOARDS = List.of(
            "/api/leaderboard?campaign=launch-week&limit=10",
            "/api/leaderboard?campaign=launch-week&window=1h&metric=net&limit=10",
            "/api/leaderboard?campaign=slots-sprint&metric=wins&limit=10",
            "/api/leaderboard?limit=10");

    /** One sample: seconds since the start of the load, and what was measured over the last interval. */
    record Sample(double second, double rssMiB, double heapCommittedMiB, double duckDbMiB, double boardPerSecond,
                  double boardP50, double boardP99, double visibleP50, double visibleP99, long lagRecords,
                  double ingestLatencyMs, double storedP99Ms) {

        /** Resident memory outside the Java heap: code, metaspace, threads, DuckDB, Kafka's mapped indexes. */
        double beyondHeapMiB() {
            return rssMiB - heapCommittedMiB;
        }

        /** Outside the Java heap and outside DuckDB's buffer manager (NaN until the runner has reported DuckDB's). */
        double restMiB() {
            return rssMiB - heapCommittedMiB - duckDbMiB;
        }
    }

    /**
     * One stretch of the run (15 minutes in runs of an hour or more): produced → visible and board latency over it,
     * and the most resident memory seen in it, to show whether they stay flat as history grows.
     */
    record Window(long fromSecond, long toSecond, long probes, double visibleP50, double visibleP99, double boardP99,
                  double maxRssMiB, double storedP99Ms) {

        boolean warmUp() {
            return fromSecond == 0;
        }
    }

    /** After the warm-up, windows of 15 minutes from an hour on, else about a sixth of the run (at least a minute). */
    static long windowSeconds(int seconds) {
        return seconds >= 3_600 ? 900 : Math.max(60, seconds / 6);
    }

    /** The soak's figures, and the samples the plots are drawn from. */
    record Result(String scenario, int seconds, int rate, String heap, double ingestedPerSecond, List<Sample> samples,
                  long boardRequests, long boardErrors, double boardP50, double boardP99, long probes,
                  double visibleP50, double visibleP99, long maxLagRecords, double maxRssMiB, double firstHalfRssMiB,
                  double secondHalfGrowthMiB, double secondHalfHeapGrowthMiB, double secondHalfDuckDbGrowthMiB,
                  List<Window> windows, List<Path> plots) implements Outcome {
        /**
         * Held: no board errors, resident memory within 1 GiB, and flat in the second half apart from two caches that
         * fill up to a cap by construction, so not a leak: the Java heap, which G1 commits up to -Xmx as allocation
         * demands, and DuckDB's buffer manager, which keeps the growing table's blocks up to DUCKDB_MEMORY_LIMIT_MB.
         */
        @Override
        public boolean passed() {
            return boardErrors == 0 && maxRssMiB <= MAX_RSS_MIB && secondHalfGrowthOfTheRestMiB() <= 0.1 * maxRssMiB
                    && freshEveryWindow();
        }

        /** Produced → visible p99 within {@link #MAX_VISIBLE_P99_MS} in every window after the warm-up (and there is one). */
        boolean freshEveryWindow() {
            List<Window> measured = windows.stream().filter(w -> !w.warmUp()).toList();
            return !measured.isEmpty()
                    && measured.stream().allMatch(w -> w.probes() > 0 && w.visibleP99() <= MAX_VISIBLE_P99_MS);
        }

        /** The second half's growth outside the heap and outside DuckDB's buffer manager (where it was reported). */
        double secondHalfGrowthOfTheRestMiB() {
            return Double.isNaN(secondHalfDuckDbGrowthMiB) ? secondHalfGrowthBeyondHeapMiB()
                    : secondHalfGrowthBeyondHeapMiB() - secondHalfDuckDbGrowthMiB;
        }

        /** The second half's growth of resident memory less that of the committed heap (all of it without jcmd). */
        double secondHalfGrowthBeyondHeapMiB() {
            return Double.isNaN(secondHalfHeapGrowthMiB) ? secondHalfGrowthMiB : secondHalfGrowthMiB - secondHalfHeapGrowthMiB;
        }

        @Override
        public String line() {
            return String.format("%-16s %s, %d s at %,d/s (%,.0f/s ingested, last minute), %d readers: board %,.0f req/s, "
                            + "p50 %.1f ms, p99 %.1f ms, %d errors; produced->visible p50 %.0f ms, p99 %.0f ms (%d probes); "
                            + "max lag %,d records; RSS max %.0f MiB, second half %+.0f MiB (heap %+.0f, DuckDB %+.0f, "
                            + "the rest %+.0f) -> %s",
                    scenario, heap, seconds, rate, ingestedPerSecond, READERS, boardRequests / (double) seconds, boardP50,
                    boardP99, boardErrors, visibleP50, visibleP99, probes, maxLagRecords, maxRssMiB,
                    secondHalfGrowthMiB, secondHalfHeapGrowthMiB, secondHalfDuckDbGrowthMiB, secondHalfGrowthOfTheRestMiB(),
                    passed() ? "HELD" : "BROKEN");
        }
    }

    private Soak() {
    }

    /** With {@code heap} null the runner gets the JVM's defaults, as in the README's command; else -Xmx{heap}. */
    static Result run(int seconds, int rate, String heap) throws Exception {
        Path folder = Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target", "chaos")).toAbsolutePath(),
                "soak-");
        int webPort = freePort();
        int kafkaPort = freePort();
        ChildJvm runner = new ChildJvm("embedded-runner",
                heap == null ? List.of() : List.of("-Xmx" + heap), EmbeddedRunner.class, List.of(), Map.of(
                "WEB_PORT", Integer.toString(webPort), "EMBEDDED_KAFKA_PORT", Integer.toString(kafkaPort),
                "DATA_DIR", folder.resolve("data").toString(), "SIMULATOR_RATE", Integer.toString(rate),
                "SIMULATOR_USERS", Integer.toString(USERS), "LOG_LEVEL", System.getenv().getOrDefault("LOG_LEVEL", "INFO")),
                folder);
        runner.start();
        String web = "http://localhost:" + webPort;
        String bootstrap = "127.0.0.1:" + kafkaPort;
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8))
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            awaitEntries(http, web);
            log.info("soak: embedded runner up (pid {}), {} s at {}/s with {} readers", runner.pid(), seconds, rate, READERS);
            return measure(runner, http, web, bootstrap, seconds, rate, heap, folder.resolve("probes.tsv"));
        } finally {
            runner.stop();
        }
    }

    private static Result measure(ChildJvm runner, HttpClient http, String web, String bootstrap, int seconds, int rate,
                                  String heap, Path probes) throws Exception {
        ConcurrentLinkedQueue<Long> boardNanos = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> visibleMillis = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService load = Executors.newFixedThreadPool(READERS + 1);
        for (int r = 0; r < READERS; r++) {
            int reader = r;
            load.submit(() -> read(http, web, reader, end, boardNanos, errors));
        }
        load.submit(() -> probe(http, web, bootstrap, end, visibleMillis, probes, errors));
        List<Sample> samples = new ArrayList<>();
        // The whole run's latencies, in constant memory (3 significant digits); each 5 s window stays exact.
        Histogram allBoard = new Histogram(3);
        Histogram allVisible = new Histogram(3);
        Histogram windowBoard = new Histogram(3);
        Histogram windowVisible = new Histogram(3);
        List<Window> windows = new ArrayList<>();
        long windowLength = windowSeconds(seconds);
        long windowFrom = 0;
        double windowRss = 0;
        double windowStoredP99 = Double.NaN;  // until a sample reads it from the runner
        long start = System.nanoTime();
        long lastSample = start;
        long maxLag = 0;
        DuckDbMemoryTail duckDb = new DuckDbMemoryTail(runner.log());
        Path database = probes.resolveSibling("data").resolve("leaderboard.duckdb");
        while (System.nanoTime() < end) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(SAMPLE_SECONDS));
            double interval = (System.nanoTime() - lastSample) / 1e9;
            lastSample = System.nanoTime();
            long[] board = drain(boardNanos, allBoard, windowBoard);
            long[] visible = drain(visibleMillis, allVisible, windowVisible);
            long lag = kafkaLag(bootstrap);
            maxLag = Math.max(maxLag, lag);
            Sample sample = new Sample((System.nanoTime() - start) / 1e9, rssMiB(runner.pid()),
                    heapCommittedMiB(runner.pid()), duckDb.latestMiB(), board.length / interval, percentile(board, 0.5) / 1e6, percentile(board, 0.99) / 1e6,
                    percentile(visible, 0.5), percentile(visible, 0.99), lag, ingestLatencyMs(http, web),
                    storedP99Ms(http, web));
            samples.add(sample);
            windowRss = Math.max(windowRss, sample.rssMiB());
            if (!Double.isNaN(sample.storedP99Ms())) {
                windowStoredP99 = Double.isNaN(windowStoredP99) ? sample.storedP99Ms()
                        : Math.max(windowStoredP99, sample.storedP99Ms());
            }
            long second = Math.round(sample.second());
            if (second - windowFrom >= (windows.isEmpty() ? WARM_UP_SECONDS : windowLength) || System.nanoTime() >= end) {
                windows.add(new Window(windowFrom, second, windowVisible.getTotalCount(), percentile(windowVisible, 50),
                        percentile(windowVisible, 99), percentile(windowBoard, 99) / 1e6, windowRss, windowStoredP99));
                Window closed = windows.get(windows.size() - 1);
                log.info("soak {}-{} s{}: produced -> visible p50 {} ms, p99 {} ms ({} probes), event -> stored p99 up to {} ms, "
                                + "board p99 {} ms, RSS max {} MiB",
                        closed.fromSecond(), closed.toSecond(), closed.warmUp() ? " (warm-up)" : "", Math.round(closed.visibleP50()),
                        Math.round(closed.visibleP99()), closed.probes(), String.format("%.0f", closed.storedP99Ms()),
                        String.format("%.1f", closed.boardP99()), Math.round(closed.maxRssMiB()));
                windowVisible.reset();
                windowBoard.reset();
                windowRss = 0;
                windowStoredP99 = Double.NaN;
                windowFrom = second;
            }
            log.info("soak t={}s rss {} MiB (heap {} MiB, DuckDB {} MiB), board {}/s p99 {} ms, visible p50 {} ms, lag {} records, "
                            + "ingest latency {} ms, database file {} MiB", Math.round(sample.second()), Math.round(sample.rssMiB()),
                    Math.round(sample.heapCommittedMiB()), Math.round(sample.duckDbMiB()), Math.round(sample.boardPerSecond()),
                    String.format("%.1f", sample.boardP99()), Math.round(sample.visibleP50()), lag,
                    Math.round(sample.ingestLatencyMs()), fileMiB(database));
        }
        load.shutdown();
        load.awaitTermination(30, TimeUnit.SECONDS);
        double ingested = ingestedPerSecond(http, web);
        List<Sample> secondHalf = samples.subList(samples.size() / 2, samples.size());
        double maxRss = samples.stream().mapToDouble(Sample::rssMiB).max().orElse(0);
        double firstHalfRss = samples.get(samples.size() / 2).rssMiB();
        double growth = secondHalf.get(secondHalf.size() - 1).rssMiB() - secondHalf.get(0).rssMiB();
        double heapGrowth = secondHalf.get(secondHalf.size() - 1).heapCommittedMiB() - secondHalf.get(0).heapCommittedMiB();
        double duckDbGrowth = secondHalf.get(secondHalf.size() - 1).duckDbMiB() - secondHalf.get(0).duckDbMiB();
        List<Path> plots = SoakPlots.draw(samples, Path.of("bench", "results"), seconds, rate);
        return new Result("soak", seconds, rate, heap == null ? "JVM defaults" : "-Xmx" + heap, ingested, samples,
                allBoard.getTotalCount(), errors.get(), percentile(allBoard, 50) / 1e6, percentile(allBoard, 99) / 1e6,
                allVisible.getTotalCount(), percentile(allVisible, 50), percentile(allVisible, 99), maxLag, maxRss, firstHalfRss, growth, heapGrowth, duckDbGrowth, windows, plots);
    }

    private static Void read(HttpClient http, String web, int reader, long end, ConcurrentLinkedQueue<Long> nanos,
                             AtomicLong errors) {
        List<HttpRequest> requests = BOARDS.stream().map(b -> HttpRequest.newBuilder(URI.create(web + b))
                .timeout(Duration.ofSeconds(10)).build()).toList();
        for (int i = reader; System.nanoTime() < end; i++) {
            long started = System.nanoTime();
            try {
                if (http.send(requests.get(i % requests.size()), HttpResponse.BodyHandlers.ofByteArray()).statusCode() != 200) {
                    errors.incrementAndGet();
                }
            } catch (Exception e) {
                errors.incrementAndGet();
            }
            nanos.add(System.nanoTime() - started);
        }
        return null;
    }

    /** A spin of a new player every 2 s with an unbeatable ratio; the time until the API shows that player. */
    /**
     * Publishes a probe spin every 2 s and times it until the API shows it. Each probe also goes to {@code probes} as
     * a line: player, wall-clock milliseconds when it was sent, milliseconds until it showed (bench/probe-times.py
     * splits that time with the runner's log). An answer other than 200 or 404 (the player not on the board yet) counts
     * in {@code errors} with the readers'.
     */
    private static Void probe(HttpClient http, String web, String bootstrap, long end, ConcurrentLinkedQueue<Long> millis,
                              Path probes, AtomicLong errors) throws Exception {
        try (var lines = Files.newBufferedWriter(probes, StandardCharsets.UTF_8);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; System.nanoTime() < end; i++) {
                int player = 900_000 + i;
                GamePlay spin = new GamePlay(player, 10, 1, 1_000_000 + i, Instant.now());
                long sent = System.nanoTime();
                long sentAt = System.currentTimeMillis();
                producer.send(new ProducerRecord<>("gameplay", Integer.toString(player), GamePlayJson.toJson(spin))).get();
                HttpRequest lookup = HttpRequest.newBuilder(URI.create(web + "/api/players/" + player
                        + "?campaign=launch-week&around=0")).timeout(Duration.ofSeconds(10)).build();
                int status;
                do {
                    status = http.send(lookup, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status != 200 && status != 404) {
                        errors.incrementAndGet();
                    }
                    if (status != 200) {
                        Thread.sleep(10);
                    }
                } while (status != 200 && System.nanoTime() < end + TimeUnit.SECONDS.toNanos(30));
                long visible = (System.nanoTime() - sent) / 1_000_000;
                millis.add(visible);
                lines.write(player + "\t" + sentAt + "\t" + visible + "\n");
                lines.flush();
                Thread.sleep(Math.max(0, 2_000 - (System.nanoTime() - sent) / 1_000_000));
            }
        }
        return null;
    }

    /** The size of {@code file} in MiB, or -1 when it cannot be read (not there yet). */
    private static long fileMiB(Path file) {
        try {
            return Files.size(file) >> 20;
        } catch (IOException e) {
            return -1;
        }
    }

    private static long[] drain(ConcurrentLinkedQueue<Long> queue, Histogram... into) {
        List<Long> window = new ArrayList<>();
        Long value;
        while ((value = queue.poll()) != null) {
            window.add(value);
            for (Histogram histogram : into) {
                histogram.recordValue(Math.max(0, value));
            }
        }
        return window.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static double percentile(Histogram histogram, double percent) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percent);
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
    }

    /**
     * The runner's committed Java heap, from {@code jcmd PID GC.heap_info} of the JDK running this harness: G1 commits
     * up to -Xmx as allocation demands, so resident memory can grow for minutes while the heap fills its cap.
     */
    static double heapCommittedMiB(long pid) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher total = HEAP_TOTAL.matcher(out);
            return jcmd.waitFor() == 0 && total.find() ? Long.parseLong(total.group(1)) / 1024.0 : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** VmRSS of the process, from /proc (Linux). */
    static double rssMiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static long kafkaLag(String bootstrap) {
        try {
            return Checks.lag(bootstrap, IngestorConfig.DEFAULT_GROUP_ID, "gameplay");
        } catch (Exception e) {
            log.warn("lag not read: {}", e.toString());
            return -1;
        }
    }

    /**
     * The runner's own p99 from a spin's event time to its batch stored ({@code ingest_end_to_end_latency_seconds} on
     * its /metrics, over Micrometer's last minute or two), in ms: the part of produced → visible before any board
     * reload. NaN when it cannot be read.
     */
    private static double storedP99Ms(HttpClient http, String web) {
        try {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(web + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(line -> line.startsWith("ingest_end_to_end_latency_seconds{quantile=\"0.99\"}"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * 1_000)
                    .findFirst().orElse(Double.NaN);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static double ingestLatencyMs(HttpClient http, String web) {
        try {
            JsonNode activity = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(web + "/api/activity")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            return activity.path("ingestLatencyMs").isNumber() ? activity.get("ingestLatencyMs").asDouble() : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static double ingestedPerSecond(HttpClient http, String web) throws Exception {
        JsonNode activity = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(web + "/api/activity")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        long total = 0;
        for (JsonNode second : activity.get("eventsPerSecond")) {
            total += second.get("events").asLong();
        }
        return total / 60.0;
    }

    private static void awaitEntries(HttpClient http, String web) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(web + "/api/leaderboard")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && JSON.readTree(answer.body()).path("entries").size() > 0) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no spins on the board after 3 minutes");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
