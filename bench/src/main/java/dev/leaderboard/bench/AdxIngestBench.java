package dev.leaderboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.leaderboard.adxdouble.AdxDouble;
import dev.leaderboard.adxdouble.Azurite;
import dev.leaderboard.adxdouble.QueuedIngestionService;
import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.gameplay.GamePlayJson;
import dev.leaderboard.ingest.GamePlayIngestor;
import dev.leaderboard.ingest.IngestorConfig;
import dev.leaderboard.ingest.adx.AdxGamePlaySink;
import dev.leaderboard.ingest.adx.AdxSinkConfig;
import dev.leaderboard.ingest.metrics.IngestMetrics;
import dev.leaderboard.kafka.embedded.BrokerSettings;
import dev.leaderboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.leaderboard.producer.BlogGameModel;
import dev.leaderboard.settings.Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How fast the ingestor moves spins from Kafka into the ADX double through the Kusto SDK, per mode,
 * against a plain consumer reading the same topic in the same run (measured before each mode, so drift
 * shows). Queued runs against Azurite when {@code adx-double/azurite} is installed ({@code npm ci}).
 * The double runs in this JVM: the figures bound the ingestor and the SDK, not ADX.
 */
public final class AdxIngestBench {

    private static final String TOPIC = "gameplay";
    private static final Path KQL_SCHEMA = Path.of("kql", "schema");
    private static final Path AZURITE = Path.of("adx-double", "azurite");

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        List<String> modes = args.length > 1 ? List.of(args[1].split(",")) : List.of("streaming", "direct", "queued");
        List<String> batchSizes = args.length > 2 ? List.of(args[2].split(",")) : List.of("10000");
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target")).toAbsolutePath(), "adx-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.onFreePort(work.resolve("kafka")))) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1), new NewTopic(TOPIC + ".dlq", 1, (short) 1)))
                        .all().get();
            }
            produce(bootstrap, events);
            System.out.printf("produced %,d spins, 4 partitions; batches of %s records (64 MiB / 200 ms)%n", events, batchSizes);
            for (String mode : modes) {
                if (mode.equals("queued") && !Files.isDirectory(AZURITE.resolve("node_modules"))) {
                    System.out.printf("%nqueued: not run, Azurite is not installed (cd %s && npm ci)%n", AZURITE);
                    continue;
                }
                double baseline = events / seconds(plainConsume(bootstrap, events, "plain-" + mode));
                for (String batchSize : batchSizes) {
                    runMode(mode, bootstrap, events, baseline, batchSize);
                }
            }
        }
    }

    private static void runMode(String mode, String bootstrap, int events, double baseline, String batchSize) throws Exception {
        try (AdxDouble adx = AdxDouble.start(KQL_SCHEMA)) {
            Azurite azurite = mode.equals("queued") ? Azurite.start(AZURITE) : null;
            QueuedIngestionService dm = azurite != null ? QueuedIngestionService.start(adx, azurite) : null;
            try {
                Map<String, String> settings = new HashMap<>(Map.of(
                        "BOOTSTRAP_SERVERS", bootstrap, "INGEST_GROUP_ID", "adx-" + mode + "-" + batchSize, "INGEST_SINK", "adx",
                        "ADX_CLUSTER_URL", adx.clusterUrl(), "ADX_INGEST_MODE", mode, "ADX_AUTH", "none",
                        "INGEST_BATCH_MAX_RECORDS", batchSize, "INGEST_BATCH_MAX_BYTES", Integer.toString(64 << 20)));
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                GamePlayIngestor ingestor = new GamePlayIngestor(IngestorConfig.from(new Settings(settings)),
                        AdxGamePlaySink.open(AdxSinkConfig.from(new Settings(settings))), new IngestMetrics(registry));
                long start = System.nanoTime();
                Thread loop = new Thread(ingestor, "ingestor-" + mode);
                loop.start();
                while (ingestor.rowsStored() < events) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                long accepted = System.nanoTime() - start;
                while (adx.rows("GamePlay").size() < events) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                long inTable = System.nanoTime() - start;
                ingestor.close();
                loop.join();
                double batches = registry.get("ingest.batches").tag("outcome", "accepted").counter().count();
                double bytesPerBatch = registry.get("ingest.batch.bytes").summary().mean();
                double rate = events / seconds(accepted);
                // Where the time goes: the store call (rows to JSON, gzip, HTTP, the double mapping and storing
                // the rows) against the rest of the loop (poll, parse, batch, group commit).
                io.micrometer.core.instrument.Timer calls = registry.get("ingest.store.call.latency").tag("outcome", "accepted").timer();
                double inStore = calls.totalTime(TimeUnit.NANOSECONDS) / accepted;
                System.out.printf("%n%s, batches of %s: plain consumer %,.0f records/s; ingestor %,.0f rows/s accepted = %.2f x plain "
                                + "(%.1f s), rows in the double's table after %.1f s; %.1f batches/s, %,.0f Kafka bytes per batch; "
                                + "store calls %.0f%% of the time (mean %.1f ms, max %.1f ms), the rest of the loop %.0f%%; "
                                + "%.0f rows in the table, %d writes applied%n",
                        mode, batchSize, baseline, rate, rate / baseline, seconds(accepted), seconds(inTable),
                        batches / seconds(accepted), bytesPerBatch, inStore * 100, calls.mean(TimeUnit.MILLISECONDS),
                        calls.max(TimeUnit.MILLISECONDS), (1 - inStore) * 100, (double) adx.rows("GamePlay").size(),
                        adx.acceptedIngestions());
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

    private static void produce(String bootstrap, int events) {
        BlogGameModel model = new BlogGameModel(1_000, new Random(1), Clock.systemUTC());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                GamePlay spin = model.nextSpin();
                producer.send(new ProducerRecord<>(TOPIC, spin.key(), GamePlayJson.toJson(spin)));
            }
            producer.flush();
        }
    }

    private static long plainConsume(String bootstrap, int events, String group) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long start = System.nanoTime();
            long read = 0;
            while (read < events) {
                read += consumer.poll(Duration.ofMillis(100)).count();
            }
            return System.nanoTime() - start;
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
