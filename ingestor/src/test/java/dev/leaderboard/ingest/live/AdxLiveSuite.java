package dev.leaderboard.ingest.live;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.microsoft.azure.kusto.data.Client;
import com.microsoft.azure.kusto.data.ClientFactory;
import com.microsoft.azure.kusto.data.ClientRequestProperties;
import com.microsoft.azure.kusto.data.KustoResultSetTable;
import com.microsoft.azure.kusto.data.auth.ConnectionStringBuilder;
import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.gameplay.GamePlayJson;
import dev.leaderboard.ingest.GamePlayIngestor;
import dev.leaderboard.ingest.IngestorConfig;
import dev.leaderboard.ingest.adx.AdxGamePlaySink;
import dev.leaderboard.ingest.adx.AdxSinkConfig;
import dev.leaderboard.ingest.adx.KustoConnections;
import dev.leaderboard.kafka.testing.TestKafka;
import dev.leaderboard.settings.Settings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The ingestor against a real ADX cluster or the Kusto emulator, run by hand or by a CI job that has one
 * ({@code ingestor/adx-live.sh}). Settings are the sink's {@code ADX_*} variables spelled {@code ADX_TEST_*}.
 * Without {@code ADX_TEST_CLUSTER_URL} it prints why it did not run and exits 2: never a pass.
 * It sends spins to a fresh topic, ingests them, and checks that GamePlay and GamePlayDeduped hold each once.
 */
public final class AdxLiveSuite {

    private static final int SPINS = 500;
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofMinutes(8);

    private AdxLiveSuite() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> adxSettings = new HashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("ADX_TEST_")) {
                adxSettings.put("ADX_" + name.substring("ADX_TEST_".length()), value);
            }
        });
        if (!adxSettings.containsKey("ADX_CLUSTER_URL")) {
            System.out.println("ADX live suite NOT RUN: ADX_TEST_CLUSTER_URL is not set. Set ADX_TEST_CLUSTER_URL and, as "
                    + "needed, ADX_TEST_DATABASE, ADX_TEST_INGEST_MODE, ADX_TEST_AUTH, ADX_TEST_CLIENT_ID, ADX_TEST_CLIENT_SECRET, "
                    + "ADX_TEST_TENANT_ID, ADX_TEST_TRUSTED_HOSTS (same meaning as the ingestor's ADX_* settings).");
            System.exit(2);
        }
        AdxSinkConfig adx = AdxSinkConfig.from(new Settings(adxSettings));
        String topic = TestKafka.newTopic("live-gameplay", 4);
        String deadLetters = TestKafka.newTopic("live-gameplay.dlq", 1);
        send(topic);

        Map<String, String> settings = new HashMap<>(adxSettings);
        settings.putAll(Map.of("BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(), "INGEST_TOPIC", topic,
                "INGEST_DLQ_TOPIC", deadLetters, "INGEST_GROUP_ID", "live-" + topic, "INGEST_SINK", "adx"));
        GamePlayIngestor ingestor = new GamePlayIngestor(IngestorConfig.from(new Settings(settings)), AdxGamePlaySink.open(adx));
        Thread loop = new Thread(ingestor, "ingestor-live");
        loop.start();
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        while (ingestor.rowsStored() < SPINS && ingestor.failure() == null && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        ingestor.close();
        loop.join();
        if (ingestor.rowsStored() != SPINS) {
            fail("the ingestor had " + ingestor.rowsStored() + " of " + SPINS + " rows accepted; failure: " + ingestor.failure());
        }

        Client client = ClientFactory.createClient(connection(adx));
        long[] counts = {0, 0};
        while (System.nanoTime() < deadline) {
            counts = counts(client, adx.database(), topic);
            if (counts[0] >= SPINS && counts[1] >= SPINS) {
                break;
            }
            TimeUnit.SECONDS.sleep(5);
        }
        if (counts[0] != SPINS || counts[1] != SPINS) {
            fail("GamePlay holds " + counts[0] + " rows and GamePlayDeduped " + counts[1] + " spins of topic " + topic
                    + ", expected " + SPINS + " each");
        }
        System.out.println("ADX live suite: 1 passed, 0 failed (" + SPINS + " spins in GamePlay and GamePlayDeduped, mode "
                + adx.mode().name().toLowerCase() + ", topic " + topic + ")");
        System.exit(0);
    }

    private static void send(String topic) {
        Random random = new Random();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            java.time.Instant now = java.time.Instant.now();
            for (int i = 0; i < SPINS; i++) {
                GamePlay spin = new GamePlay(100 + random.nextInt(10), 10 + random.nextInt(6), 10, random.nextInt(3) == 0 ? 50 : 0,
                        now.plusMillis(i));
                producer.send(new ProducerRecord<>(topic, spin.key().getBytes(StandardCharsets.UTF_8), GamePlayJson.toJson(spin)));
            }
        }
    }

    private static long[] counts(Client client, String database, String topic) throws Exception {
        ClientRequestProperties properties = new ClientRequestProperties();
        properties.setParameter("topic", topic);
        KustoResultSetTable result = client.executeQuery(database, query(), properties).getPrimaryResults();
        result.next();
        return new long[] {result.getLong("Rows"), result.getLong("Spins")};
    }

    private static ConnectionStringBuilder connection(AdxSinkConfig adx) {
        return KustoConnections.forUrl(adx.clusterUrl(), adx);
    }

    private static String query() throws IOException {
        try (InputStream in = AdxLiveSuite.class.getResourceAsStream("rows-from-topic.kql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void fail(String why) {
        System.out.println("ADX live suite: 0 passed, 1 failed: " + why);
        System.exit(1);
    }
}
