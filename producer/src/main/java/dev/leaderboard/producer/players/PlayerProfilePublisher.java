package dev.leaderboard.producer.players;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.leaderboard.players.PlayerProfile;
import dev.leaderboard.players.PlayerProfileJson;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes player profiles to the compacted {@code players} topic (key = player id) and waits until the
 * broker has every one: the board shows names only for profiles that arrived.
 */
public final class PlayerProfilePublisher {

    private static final Logger log = LoggerFactory.getLogger(PlayerProfilePublisher.class);
    private static final Duration ALL_ACKNOWLEDGED_WITHIN = Duration.ofSeconds(60);

    private PlayerProfilePublisher() {
    }

    /** @throws IllegalStateException naming the topic when a profile was not acknowledged */
    public static void publish(String bootstrapServers, String topic, List<PlayerProfile> profiles) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                // A profile is state the board relies on: every replica must have it.
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // An unreachable broker fails here after 10 s, not after a minute.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.CLIENT_ID_CONFIG, "game-simulator-profiles"),
                new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> sends = new ArrayList<>(profiles.size());
            for (PlayerProfile profile : profiles) {
                sends.add(producer.send(new ProducerRecord<>(topic, profile.key(), PlayerProfileJson.toJson(profile))));
            }
            producer.flush();
            for (Future<?> send : sends) {
                send.get(ALL_ACKNOWLEDGED_WITHIN.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Player profiles not published to " + topic + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing player profiles", e);
        }
        log.info("Published {} player profiles to {}", profiles.size(), topic);
    }
}
