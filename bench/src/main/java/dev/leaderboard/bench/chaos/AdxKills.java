package dev.leaderboard.bench.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.leaderboard.adxdouble.AdxDouble;
import dev.leaderboard.adxdouble.Azurite;
import dev.leaderboard.adxdouble.QueuedIngestionService;
import dev.leaderboard.ingest.IngestorMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 6: per mode, the ingestor as its own JVM writes into the ADX double and is killed with SIGKILL five
 * times, spread over the run; before each kill the double is told to apply one write and then lose its answer
 * (the connection dropped, or the answer later than ADX_INGEST_TIMEOUT_MS). The account counts the double's
 * raw rows, every copy, against the distinct provenance keys: GamePlayDeduped is not there to hide a replay.
 */
final class AdxKills {

    private static final Logger log = LoggerFactory.getLogger(AdxKills.class);
    private static final Path KQL_SCHEMA = Path.of("kql", "schema");
    private static final Path AZURITE = Path.of("adx-double", "azurite");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final int KILLS = 5;

    private AdxKills() {
    }

    static List<Outcome> run(int events, long seed) throws Exception {
        List<Outcome> accounts = new ArrayList<>();
        for (String mode : List.of("streaming", "direct", "queued")) {
            if (mode.equals("queued") && !Files.isDirectory(AZURITE.resolve("node_modules"))) {
                log.warn("adx-kills queued: not run, Azurite is not installed (cd {} && npm ci)", AZURITE);
                continue;
            }
            accounts.add(runMode(mode, events, seed));
        }
        return accounts;
    }

    private static Account runMode(String mode, int events, long seed) throws Exception {
        try (Workspace ws = new Workspace("adx-kills-" + mode); AdxDouble adx = AdxDouble.start(KQL_SCHEMA)) {
            Azurite azurite = mode.equals("queued") ? Azurite.start(AZURITE) : null;
            QueuedIngestionService dm = azurite != null ? QueuedIngestionService.start(adx, azurite) : null;
            try {
                SeededStream.Sent sent = SeededStream.send(ws.bootstrap, Workspace.TOPIC, events, 0, seed, 0);
                ChildJvm ingestor = new ChildJvm("ingestor-" + mode, IngestorMain.class, List.of(), Map.of(
                        "BOOTSTRAP_SERVERS", ws.bootstrap, "INGEST_TOPIC", Workspace.TOPIC,
                        "INGEST_DLQ_TOPIC", Workspace.DLQ, "INGEST_GROUP_ID", Workspace.GROUP,
                        // A restarted process takes its partitions back at once (static membership).
                        "INGEST_INSTANCE_ID", "ingestor-" + mode,
                        "INGEST_SINK", "adx", "ADX_CLUSTER_URL", adx.clusterUrl(), "ADX_INGEST_MODE", mode,
                        "ADX_AUTH", "none", "ADX_INGEST_TIMEOUT_MS", Long.toString(TIMEOUT.toMillis())), ws.folder);
                AdxDouble.Endpoint endpoint = mode.equals("direct") ? AdxDouble.Endpoint.MGMT
                        : AdxDouble.Endpoint.STREAMING_INGEST;
                Random random = new Random(seed);
                long started = System.nanoTime();
                ingestor.start();
                int kills = 0;
                int lostAnswers = 0;
                for (int k = 0; k < KILLS; k++) {
                    // Spread over the run: the k-th kill once the rows pass k/6 of the spins.
                    long mark = (k + 1L) * events / (KILLS + 1);
                    if (!awaitRows(adx, mark, Duration.ofMinutes(3))) {
                        break;
                    }
                    if (!mode.equals("queued")) {
                        if (k % 2 == 0) {
                            adx.dropAnswerNext(endpoint, 1);
                        } else {
                            adx.answerLateNext(endpoint, TIMEOUT.plusSeconds(1), 1);
                        }
                        lostAnswers++;
                    }
                    Thread.sleep(random.nextInt(1_500));
                    ingestor.kill();
                    kills++;
                    log.info("adx-kills {}: kill -9 #{} at {} committed, {} rows in the double", mode, kills,
                            Checks.committed(ws.bootstrap, Workspace.GROUP), adx.rows("GamePlay").size());
                    ingestor.start();
                }
                ws.awaitDrained(Duration.ofMinutes(5));
                if (dm != null) {
                    awaitQueuedIngested(adx, sent.valid(), Duration.ofMinutes(2));
                }
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                ingestor.stop();
                adx.stopFailing();
                List<Map<String, Object>> rows = adx.rows("GamePlay");
                long distinct = distinctKeys(rows);
                String notes = String.format("%d kills, %d answers lost after ADX applied the write (%s), %,d raw rows, "
                                + "%,d writes applied, %d s", kills, lostAnswers,
                        mode.equals("queued") ? "not injected: the queue is Azurite's" : "drop / late alternately",
                        rows.size(), adx.acceptedIngestions(), seconds);
                return new Account("adx-kills " + mode, sent.valid(), rows.size(), distinct, 0, 0, notes);
            } finally {
                if (dm != null) {
                    dm.close();
                }
                if (azurite != null) {
                    azurite.close();
                }
            }
        }
    }

    /** Queued: the group is drained when the blobs are queued; the rows land when the double's worker reads them. */
    private static void awaitQueuedIngested(AdxDouble adx, long expected, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = adx.rows("GamePlay").size();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (now >= expected && System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(10)) {
                return;
            }
            Thread.sleep(500);
        }
    }

    private static long distinctKeys(List<Map<String, Object>> rows) {
        Set<String> keys = new HashSet<>();
        for (Map<String, Object> row : rows) {
            keys.add(row.get("SourceTopic") + "/" + row.get("SourcePartition") + "/" + row.get("SourceOffset"));
        }
        return keys.size();
    }

    private static boolean awaitRows(AdxDouble adx, long rows, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (adx.rows("GamePlay").size() >= rows) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
