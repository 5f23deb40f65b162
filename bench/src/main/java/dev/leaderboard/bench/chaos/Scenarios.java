package dev.leaderboard.bench.chaos;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import dev.leaderboard.ingest.GamePlayIngestor;
import dev.leaderboard.ingest.IngestorConfig;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.settings.Settings;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fault scenarios. Each ends with an exact account: produced, stored, distinct keys, dead letters. */
final class Scenarios {

    private static final Logger log = LoggerFactory.getLogger(Scenarios.class);
    private static final Duration DRAIN = Duration.ofMinutes(5);

    private Scenarios() {
    }

    /** 1: the ingestor JVM is killed with SIGKILL five times at random moments while it writes. */
    static Account ingestorKills(int events, long seed) throws Exception {
        try (Workspace ws = new Workspace("ingestor-kills")) {
            SeededStream.Sent sent = SeededStream.send(ws.bootstrap, Workspace.TOPIC, events, 0, seed, 0);
            Random random = new Random(seed);
            ChildJvm ingestor = ws.ingestor("ingestor-1").start();
            int kills = 0;
            for (int k = 0; k < 5; k++) {
                long before = committed(ws);
                if (!awaitProgress(ws, before, Duration.ofSeconds(60)) || committed(ws) >= events) {
                    break;
                }
                Thread.sleep(random.nextInt(1_500));
                ingestor.kill();
                kills++;
                log.info("kill -9 #{} at {} committed", kills, committed(ws));
                ingestor.start();
            }
            ws.awaitDrained(DRAIN);
            ingestor.stop();
            Checks.Stored stored = Checks.stored(ws.duckDbFile);
            return stored.account("ingestor-kills", sent.valid(), 0, 0,
                    kills + (kills == 1 ? " kill, " : " kills, ") + sent.failed() + " failed sends");
        }
    }

    /** 2: the broker process is killed mid-stream and restarted on the same folder while everything runs. */
    static Account brokerRestart(int events, long seed) throws Exception {
        try (Workspace ws = new Workspace("broker-restart")) {
            ChildJvm ingestor = ws.ingestor("ingestor-1").start();
            int rate = Math.max(1_000, events / 15);
            CompletableFuture<SeededStream.Sent> sending = CompletableFuture.supplyAsync(
                    () -> SeededStream.send(ws.bootstrap, Workspace.TOPIC, events, 0, seed, rate));
            Thread.sleep(5_000);
            ws.broker.kill();
            log.info("broker killed; restarting in 3 s");
            Thread.sleep(3_000);
            ws.startBroker();
            SeededStream.Sent sent = sending.get();
            ws.awaitDrained(DRAIN);
            ingestor.stop();
            Checks.Stored stored = Checks.stored(ws.duckDbFile);
            return stored.account("broker-restart", sent.valid(), 0, 0,
                    sent.failed() + " failed sends reported by the producer");
        }
    }

    /** 3: 1% malformed records of every kind; each must reach the dead-letter topic byte for byte. */
    static Account badInput(int events, long seed) throws Exception {
        try (Workspace ws = new Workspace("bad-input")) {
            SeededStream.Sent sent = SeededStream.send(ws.bootstrap, Workspace.TOPIC, events, 0.01, seed, 0);
            ChildJvm ingestor = ws.ingestor("ingestor-1").start();
            ws.awaitDrained(DRAIN);
            long lag = Checks.lag(ws.bootstrap, Workspace.GROUP, Workspace.TOPIC);
            ingestor.stop();
            Checks.DeadLetters letters = Checks.deadLetters(ws.bootstrap, Workspace.DLQ, sent.badHashes());
            Checks.Stored stored = Checks.stored(ws.duckDbFile);
            return stored.account("bad-input", sent.valid(), sent.bad(),
                    letters.matching(), "lag " + lag + ", " + letters.changed() + " dead letters with changed bytes, "
                    + letters.unknown() + " unknown");
        }
    }

    /** 5: a second ingestor joins and leaves the group twice mid-stream (same JVM, same database). */
    static Account rebalance(int events, long seed) throws Exception {
        try (Workspace ws = new Workspace("rebalance");
             DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + ws.duckDbFile)) {
            IngestorConfig config = IngestorConfig.from(new Settings(Map.of(
                    "BOOTSTRAP_SERVERS", ws.bootstrap, "INGEST_TOPIC", Workspace.TOPIC,
                    "INGEST_DLQ_TOPIC", Workspace.DLQ, "INGEST_GROUP_ID", Workspace.GROUP,
                    "INGEST_BATCH_MAX_RECORDS", "2000")));
            GamePlayIngestor first = start(new GamePlayIngestor(config, new DuckDbGamePlaySink(db.duplicate())), "first");
            int rate = Math.max(1_000, events / 12);
            CompletableFuture<SeededStream.Sent> sending = CompletableFuture.supplyAsync(
                    () -> SeededStream.send(ws.bootstrap, Workspace.TOPIC, events, 0, seed, rate));
            for (int round = 1; round <= 2; round++) {
                Thread.sleep(2_000);
                GamePlayIngestor second = start(new GamePlayIngestor(config, new DuckDbGamePlaySink(db.duplicate())),
                        "second-" + round);
                Thread.sleep(2_000);
                second.close();
                log.info("second ingestor joined and left ({} of 2)", round);
            }
            SeededStream.Sent sent = sending.get();
            ws.awaitDrained(DRAIN);
            first.close();
            Checks.Stored stored = Checks.stored(db);
            return stored.account("rebalance", sent.valid(), 0, 0,
                    "2 joins, 2 leaves");
        }
    }

    private static GamePlayIngestor start(GamePlayIngestor ingestor, String name) {
        new Thread(ingestor, "ingestor-" + name).start();
        return ingestor;
    }

    private static long committed(Workspace ws) throws Exception {
        return Checks.committed(ws.bootstrap, Workspace.GROUP);
    }

    private static boolean awaitProgress(Workspace ws, long before, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (committed(ws) > before) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
