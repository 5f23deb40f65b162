package dev.leaderboard.ingest.players;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.leaderboard.kafka.testing.TestKafka;
import dev.leaderboard.players.PlayerProfile;
import dev.leaderboard.players.PlayerProfileJson;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlayerProfileIngestorTest {

    private static final Instant T0 = Instant.parse("2026-11-25T07:00:00Z");

    private DuckDBConnection database;
    private String topic;

    @BeforeEach
    void setUp() throws Exception {
        database = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        // One partition: when a later record shows in the table, every earlier one has been applied.
        topic = TestKafka.newTopic("players", 1);
    }

    @AfterEach
    void tearDown() throws Exception {
        database.close();
    }

    @Test
    void theLatestProfilePerPlayerWinsWhateverOrderTheyArriveIn() throws Exception {
        try (PlayerProfileIngestor ingestor = start()) {
            publish(profile(108, "Ada Lovelace", "Norway", T0), profile(109, "Alan Turing", "Kenya", T0));
            await().atMost(Duration.ofSeconds(30)).until(() -> rows().size() == 2);
            // A rename, then a late copy of an older profile for the same player.
            publish(profile(108, "Ada King", "Norway", T0.plusSeconds(60)));
            publish(profile(108, "Ada Byron", "Norway", T0.plusSeconds(30)));
            publish(profile(110, "Grace Hopper", null, T0));

            await().atMost(Duration.ofSeconds(30)).until(() -> rows().size() == 3);
            assertThat(rows()).containsExactly(
                    "108|Ada King|Norway|2026-11-25T07:01",
                    "109|Alan Turing|Kenya|2026-11-25T07:00",
                    "110|Grace Hopper|null|2026-11-25T07:00");
            assertThat(ingestor.failure()).isNull();
        }
    }

    @Test
    void badRecordsAreSkippedWithTheirReasonAndATombstoneRemovesThePlayer() throws Exception {
        try (PlayerProfileIngestor ingestor = start()) {
            send("108", "not json".getBytes(StandardCharsets.UTF_8));
            send("7", PlayerProfileJson.toJson(profile(109, "Alan Turing", "Kenya", T0)));
            publish(profile(110, "Grace Hopper", "Peru", T0), profile(111, "Edsger Dijkstra", "Chile", T0));
            await().atMost(Duration.ofSeconds(30)).until(() -> rows().size() == 2);
            send("111", null);

            await().atMost(Duration.ofSeconds(30)).until(() -> rows().size() == 1);
            assertThat(rows()).containsExactly("110|Grace Hopper|Peru|2026-11-25T07:00");
            assertThat(ingestor.recordsRejected()).isEqualTo(2);
            assertThat(ingestor.failure()).isNull();
        }
    }

    @Test
    void storesEveryProfileOfALargeRosterExactlyOnce() throws Exception {
        try (PlayerProfileIngestor ingestor = start();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            for (int id = 1; id <= 10_000; id++) {
                PlayerProfile profile = profile(id, "Player " + id, "Norway", T0);
                producer.send(new ProducerRecord<>(topic, profile.key(), PlayerProfileJson.toJson(profile)));
            }
            producer.flush();

            await().atMost(Duration.ofSeconds(60)).until(() -> ingestor.profilesApplied() == 10_000);
            assertThat(count("SELECT count(*) FROM Players")).isEqualTo(10_000);
            assertThat(count("SELECT count(*) FROM Players WHERE Name = 'Player ' || PlayerID")).isEqualTo(10_000);
        }
    }

    private long count(String query) throws Exception {
        try (DuckDBConnection reader = (DuckDBConnection) database.duplicate();
             Statement statement = reader.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private PlayerProfileIngestor start() throws Exception {
        PlayerProfileIngestor ingestor = new PlayerProfileIngestor(
                new PlayersIngestConfig(TestKafka.bootstrapServers(), topic, "players-" + topic), database.duplicate());
        new Thread(ingestor, "players-ingestor").start();
        return ingestor;
    }

    private static PlayerProfile profile(int id, String name, String country, Instant updatedAt) {
        return new PlayerProfile(id, name, country, updatedAt);
    }

    private void publish(PlayerProfile... profiles) {
        for (PlayerProfile profile : profiles) {
            send(profile.key(), PlayerProfileJson.toJson(profile));
        }
    }

    private void send(String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> rows() throws Exception {
        List<String> rows = new ArrayList<>();
        try (DuckDBConnection reader = (DuckDBConnection) database.duplicate();
             Statement statement = reader.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT PlayerID, Name, Country, strftime(UpdatedAt, '%Y-%m-%dT%H:%M') FROM Players ORDER BY PlayerID")) {
            while (result.next()) {
                rows.add(result.getInt(1) + "|" + result.getString(2) + "|" + result.getString(3) + "|" + result.getString(4));
            }
        }
        return rows;
    }
}
