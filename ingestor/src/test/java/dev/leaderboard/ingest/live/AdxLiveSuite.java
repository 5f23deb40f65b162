package dev.leaderboard.ingest.live;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 * Then that the boards read from the views are the boards of every spin (board-mismatches.kql) for each metric
 * over all time, over a range whose edges cut a day, an hour and a minute, inside one minute, and for one game:
 * half the spins are spread over the last 50 hours (so there are whole days, hours and minutes to read from the
 * views), half fall in three minutes five hours ago, with many equal ratios among ten players.
 */
public final class AdxLiveSuite {

    private static final int SPINS = 500;
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofMinutes(8);
    /** Wins of a spin: none, its stake back (at a stake of 10), and two wins; with stakes 5 and 10, many equal ratios. */
    private static final long[] WINS = {0, 0, 10, 25, 50};

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
        Instant now = Instant.now();
        send(topic, now);

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
        List<String> boardMismatches = boardMismatches(client, adx.database(), now);
        if (!boardMismatches.isEmpty()) {
            fail("boards from the views differ from the boards of the spins: " + boardMismatches);
        }
        System.out.println("ADX live suite: 2 passed, 0 failed (" + SPINS + " spins in GamePlay and GamePlayDeduped, mode "
                + adx.mode().name().toLowerCase() + ", topic " + topic + "; " + boards(now).size()
                + " boards from the views equal to the boards of the spins)");
        System.exit(0);
    }

    private static void send(String topic, Instant now) {
        Random random = new Random();
        Instant burst = burstStart(now);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < SPINS; i++) {
                Instant eventTime = i % 2 == 0
                        ? now.minusMillis(1 + random.nextLong(Duration.ofHours(50).toMillis()))
                        : burst.plusMillis(random.nextLong(Duration.ofMinutes(3).toMillis()));
                GamePlay spin = new GamePlay(100 + random.nextInt(10), 10 + random.nextInt(6), 5 + 5 * random.nextInt(2),
                        WINS[random.nextInt(WINS.length)], eventTime);
                producer.send(new ProducerRecord<>(topic, spin.key().getBytes(StandardCharsets.UTF_8), GamePlayJson.toJson(spin)));
            }
        }
    }

    /** The start of the minute five hours before {@code now}: three minutes of spins from there. */
    private static Instant burstStart(Instant now) {
        return now.minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.MINUTES);
    }

    /** A board to check: metric, [from, to), and one game or null for every game. */
    private record BoardCase(String metric, Instant from, Instant to, Integer gameId) {
    }

    private static List<BoardCase> boards(Instant now) {
        Instant inOneMinute = burstStart(now).plusSeconds(65);
        List<BoardCase> boards = new ArrayList<>();
        for (String metric : List.of("ratio", "wins", "net")) {
            boards.add(new BoardCase(metric, Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"), null));
            boards.add(new BoardCase(metric, now.minus(Duration.ofHours(49)).plusMillis(17_300),
                    now.minus(Duration.ofHours(2)).plusMillis(42_123), null));
            boards.add(new BoardCase(metric, inOneMinute, inOneMinute.plusSeconds(45), null));
            boards.add(new BoardCase(metric, Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"), 12));
        }
        return boards;
    }

    /** Each board whose entries from the views differ from those of the spins, with how many differ. */
    private static List<String> boardMismatches(Client client, String database, Instant now) throws Exception {
        String query = resource("board-mismatches.kql");
        List<String> mismatches = new ArrayList<>();
        for (BoardCase board : boards(now)) {
            ClientRequestProperties properties = new ClientRequestProperties();
            properties.setParameter("metric", board.metric());
            properties.setParameter("fromTime", LocalDateTime.ofInstant(board.from(), ZoneOffset.UTC));
            properties.setParameter("toTime", LocalDateTime.ofInstant(board.to(), ZoneOffset.UTC));
            if (board.gameId() != null) {
                properties.setParameter("gameId", board.gameId());
            }
            KustoResultSetTable result = client.executeQuery(database, query, properties).getPrimaryResults();
            result.next();
            long differing = result.getLong(0);
            if (differing != 0) {
                mismatches.add(board + ": " + differing + " entries");
            }
        }
        return mismatches;
    }

    private static long[] counts(Client client, String database, String topic) throws Exception {
        ClientRequestProperties properties = new ClientRequestProperties();
        properties.setParameter("topic", topic);
        KustoResultSetTable result = client.executeQuery(database, resource("rows-from-topic.kql"), properties).getPrimaryResults();
        result.next();
        return new long[] {result.getLong("Rows"), result.getLong("Spins")};
    }

    private static ConnectionStringBuilder connection(AdxSinkConfig adx) {
        return KustoConnections.forUrl(adx.clusterUrl(), adx);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = AdxLiveSuite.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void fail(String why) {
        System.out.println("ADX live suite: 0 passed, 1 failed: " + why);
        System.exit(1);
    }
}
