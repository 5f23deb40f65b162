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
import java.util.concurrent.atomic.AtomicLong;

import dev.leaderboard.adxdouble.AdxDouble;
import dev.leaderboard.adxdouble.Azurite;
import dev.leaderboard.adxdouble.QueuedIngestionService;
import dev.leaderboard.ingest.GamePlayIngestor;
import dev.leaderboard.ingest.IngestorConfig;
import dev.leaderboard.ingest.adx.AdxGamePlaySink;
import dev.leaderboard.ingest.adx.AdxSinkConfig;
import dev.leaderboard.ingest.metrics.IngestMetrics;
import dev.leaderboard.settings.Settings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 4: the ingestor writes into the ADX double while about 10% of the calls to the ingestion endpoint
 * answer 429, 503 or hang past {@code ADX_INGEST_TIMEOUT_MS}. Per mode: the rows the double received
 * (distinct provenance keys), offsets committed ahead of what the double holds (sampled while running),
 * and partitions revoked or lost (a rebalance the retries caused). The ingestor runs in this JVM, next
 * to the double; the broker in its own process.
 */
final class AdxFaults {

    private static final Logger log = LoggerFactory.getLogger(AdxFaults.class);
    private static final Path KQL_SCHEMA = Path.of("kql", "schema");
    private static final Path AZURITE = Path.of("adx-double", "azurite");
    private static final int FAULTS_EVERY = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private AdxFaults() {
    }

    static List<Outcome> run(int events, long seed) throws Exception {
        List<Outcome> accounts = new ArrayList<>();
        for (String mode : List.of("streaming", "direct", "queued")) {
            if (mode.equals("queued") && !Files.isDirectory(AZURITE.resolve("node_modules"))) {
                log.warn("adx-faults queued: not run, Azurite is not installed (cd {} && npm ci)", AZURITE);
                continue;
            }
            accounts.add(runMode(mode, events, seed));
        }
        return accounts;
    }

    private static Account runMode(String mode, int events, long seed) throws Exception {
        try (Workspace ws = new Workspace("adx-faults-" + mode); AdxDouble adx = AdxDouble.start(KQL_SCHEMA)) {
            Azurite azurite = mode.equals("queued") ? Azurite.start(AZURITE) : null;
            QueuedIngestionService dm = azurite != null ? QueuedIngestionService.start(adx, azurite) : null;
            try {
                SeededStream.Sent sent = SeededStream.send(ws.bootstrap, Workspace.TOPIC, events, 0, seed, 0);
                Map<String, String> settings = new HashMap<>(Map.of(
                        "BOOTSTRAP_SERVERS", ws.bootstrap, "INGEST_TOPIC", Workspace.TOPIC,
                        "INGEST_DLQ_TOPIC", Workspace.DLQ, "INGEST_GROUP_ID", Workspace.GROUP,
                        "INGEST_SINK", "adx", "ADX_CLUSTER_URL", adx.clusterUrl(), "ADX_INGEST_MODE", mode,
                        "ADX_AUTH", "none", "ADX_INGEST_TIMEOUT_MS", Long.toString(TIMEOUT.toMillis()),
                        "INGEST_BATCH_MAX_RECORDS", "250"));
                settings.put("INGEST_RETRY_FIRST_MS", "50");
                settings.put("INGEST_RETRY_MAX_MS", "500");
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                GamePlayIngestor ingestor = new GamePlayIngestor(IngestorConfig.from(new Settings(settings)),
                        AdxGamePlaySink.open(AdxSinkConfig.from(new Settings(settings))), new IngestMetrics(registry));
                AdxDouble.Endpoint endpoint = mode.equals("streaming") ? AdxDouble.Endpoint.STREAMING_INGEST
                        : AdxDouble.Endpoint.MGMT;
                FaultPlanner faults = new FaultPlanner(adx, endpoint, new Random(seed));
                CommitWatch commits = new CommitWatch(ws, adx);
                Thread loop = new Thread(ingestor, "ingestor-" + mode);
                loop.start();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (distinctKeys(adx).size() < sent.valid() && System.nanoTime() < deadline) {
                    faults.planForNewCalls();
                    if (!mode.equals("queued")) {
                        commits.check();
                    }
                    Thread.sleep(20);
                }
                adx.stopFailing();
                ws.awaitDrained(Duration.ofMinutes(2));
                long taken = (long) registry.find("ingest.partitions.taken").counters().stream()
                        .mapToDouble(Counter::count).sum();
                double retries = registry.find("ingest.retries").counter() == null ? 0
                        : registry.find("ingest.retries").counter().count();
                ingestor.close();
                loop.join();
                List<Map<String, Object>> rows = adx.rows("GamePlay");
                String notes = String.format("%,d of %,d %s calls failed on purpose (429 %,d, 503 %,d, hung past %d ms %,d); "
                                + "%,.0f retries; %s; partitions revoked or lost while running: %d",
                        faults.planned(), adx.requests(endpoint), endpoint, faults.byKind[0].get(), faults.byKind[1].get(),
                        TIMEOUT.toMillis(), faults.byKind[2].get(), retries,
                        mode.equals("queued") ? "commit check not sampled (queued: accepted = queued in storage, rows land later)"
                                : String.format("%,d commit samples, %,d ahead of the double's rows", commits.samples, commits.ahead),
                        taken);
                boolean extraFindings = commits.ahead > 0 || taken > 0;
                return new Account("adx-faults " + mode, sent.valid(), rows.size(), distinctKeys(adx).size(), 0, 0,
                        notes + (extraFindings ? " **FINDING**" : ""), extraFindings);
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

    private static Set<String> distinctKeys(AdxDouble adx) {
        Set<String> keys = new HashSet<>();
        for (Map<String, Object> row : adx.rows("GamePlay")) {
            keys.add(row.get("SourceTopic") + "/" + row.get("SourcePartition") + "/" + row.get("SourceOffset"));
        }
        return keys;
    }

    /**
     * Watches the endpoint's call count and plans a fault (429, 503 or a hang, chosen at random) for the next
     * call each time ten more calls have been seen: about 10% of the calls, retries included.
     */
    private static final class FaultPlanner {
        final AdxDouble adx;
        final AdxDouble.Endpoint endpoint;
        final Random random;
        final AtomicLong[] byKind = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
        long nextFaultAt;

        FaultPlanner(AdxDouble adx, AdxDouble.Endpoint endpoint, Random random) {
            this.adx = adx;
            this.endpoint = endpoint;
            this.random = random;
        }

        void planForNewCalls() {
            long calls = adx.requests(endpoint);
            // From the first call on (on the queued path, the SDK's first resource fetch), one in ten.
            for (; nextFaultAt <= calls; nextFaultAt += FAULTS_EVERY) {
                int kind = random.nextInt(3);
                byKind[kind].incrementAndGet();
                switch (kind) {
                    case 0 -> adx.failNext(endpoint, 429, 1);
                    case 1 -> adx.failNext(endpoint, 503, 1);
                    default -> adx.hangNext(endpoint, TIMEOUT.plusMillis(500), 1);
                }
            }
        }

        long planned() {
            return byKind[0].get() + byKind[1].get() + byKind[2].get();
        }
    }

    /** Samples the group's commits, then the double's rows: every offset below a commit must be there. */
    private static final class CommitWatch {
        final Workspace ws;
        final AdxDouble adx;
        long samples;
        long ahead;
        long lastCheck;

        CommitWatch(Workspace ws, AdxDouble adx) {
            this.ws = ws;
            this.adx = adx;
        }

        void check() throws Exception {
            if (System.nanoTime() - lastCheck < TimeUnit.MILLISECONDS.toNanos(250)) {
                return;
            }
            lastCheck = System.nanoTime();
            Map<TopicPartition, OffsetAndMetadata> committed;
            try (Admin admin = ws.admin()) {
                committed = admin.listConsumerGroupOffsets(Workspace.GROUP).partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
            }
            Map<Integer, Set<Long>> held = new HashMap<>();
            for (Map<String, Object> row : adx.rows("GamePlay")) {
                held.computeIfAbsent(((Number) row.get("SourcePartition")).intValue(), p -> new HashSet<>())
                        .add(((Number) row.get("SourceOffset")).longValue());
            }
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                if (entry.getValue() == null) {
                    continue;
                }
                long below = entry.getValue().offset();
                long present = held.getOrDefault(entry.getKey().partition(), Set.of()).stream()
                        .filter(offset -> offset < below).count();
                samples++;
                if (present < below) {
                    ahead++;
                    log.error("commit ahead of acceptance: {} committed {} but the double holds {} offsets below it",
                            entry.getKey(), below, present);
                }
            }
        }
    }
}
