package dev.leaderboard.ingest.players;

import dev.leaderboard.players.PlayerTopics;
import dev.leaderboard.settings.Settings;

/**
 * Settings of the profile ingestion, from environment variables.
 *
 * @param bootstrapServers Kafka brokers ({@code BOOTSTRAP_SERVERS})
 * @param topic            the compacted profile topic ({@code INGEST_PLAYERS_TOPIC}, {@code players})
 * @param groupId          its consumer group ({@code INGEST_PLAYERS_GROUP_ID}); a new group reads every profile
 */
public record PlayersIngestConfig(String bootstrapServers, String topic, String groupId) {

    public static final String DEFAULT_GROUP_ID = "leaderboard-players";

    public static PlayersIngestConfig from(Settings settings) {
        return new PlayersIngestConfig(
                settings.text("BOOTSTRAP_SERVERS", "localhost:9092"),
                settings.text("INGEST_PLAYERS_TOPIC", PlayerTopics.PLAYERS),
                settings.text("INGEST_PLAYERS_GROUP_ID", DEFAULT_GROUP_ID));
    }

    public PlayersIngestConfig withBootstrapServers(String servers) {
        return new PlayersIngestConfig(servers, topic, groupId);
    }
}
