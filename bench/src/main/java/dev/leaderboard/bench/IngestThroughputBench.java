package dev.leaderboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.gameplay.GamePlayJson;
import dev.leaderboard.ingest.GamePlayIngestor;
import dev.leaderboard.ingest.IngestorConfig;
import dev.leaderboard.ingest.duckdb.DuckDbFiles;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.kafka.embedded.BrokerSettings;
import dev.leaderboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.leaderboard.producer.BlogGameModel;
import dev.leaderboard.settings.Settings;
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
import org.duckdb.DuckDBConnection;

/**
 * How fast the ingestor moves spins from Kafka into a DuckDB file, against the ceiling of a plain
 * consumer that reads the same records and does nothing with them. Runs alternate so drift shows.
 */
public final class IngestThroughputBench {

    private static final String TOPIC = "gameplay";

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target")).toAbsolutePath(), "ingest-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.onFreePort(work.resolve("kafka")))) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1), new NewTopic(TOPIC + ".dlq", 1, (short) 1)))
                        .all().get();
            }
            long produceNanos = produce(bootstrap, events);
            System.out.printf("produced %,d spins in %.1f s%n", events, produceNanos / 1e9);

            double[] baseline = new double[2];
            double[] ingest = new double[2];
            for (int round = 0; round < 2; round++) {
                baseline[round] = events / seconds(plainConsume(bootstrap, events, "plain-" + round));
                ingest[round] = events / seconds(ingestIntoDuckDb(bootstrap, events, "ingest-" + round,
                        work.resolve("round-" + round + ".duckdb")));
                System.out.printf("round %d: plain consumer %,.0f records/s, ingestor into DuckDB %,.0f rows/s%n",
                        round + 1, baseline[round], ingest[round]);
            }
            double baselineMean = (baseline[0] + baseline[1]) / 2;
            double ingestMean = (ingest[0] + ingest[1]) / 2;
            System.out.printf("%nresult: ingestor %,.0f rows/s = %.2f x plain consumer (%,.0f records/s), %,d events, 4 partitions%n",
                    ingestMean, ingestMean / baselineMean, baselineMean, events);
        }
    }

    private static long produce(String bootstrap, int events) throws Exception {
        BlogGameModel model = new BlogGameModel(1_000, new Random(1), Clock.systemUTC());
        long start = System.nanoTime();
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
        return System.nanoTime() - start;
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

    private static long ingestIntoDuckDb(String bootstrap, int events, String group, Path database) throws Exception {
        IngestorConfig config = IngestorConfig.from(new Settings(Map.of(
                "BOOTSTRAP_SERVERS", bootstrap, "INGEST_GROUP_ID", group)));
        DuckDBConnection connection = DuckDbFiles.open(database, new Properties());
        GamePlayIngestor ingestor = new GamePlayIngestor(config, new DuckDbGamePlaySink(connection));
        long start = System.nanoTime();
        Thread loop = new Thread(ingestor, "ingestor");
        loop.start();
        while (ingestor.rowsStored() < events) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        long elapsed = System.nanoTime() - start;
        ingestor.close();
        loop.join();
        return elapsed;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
