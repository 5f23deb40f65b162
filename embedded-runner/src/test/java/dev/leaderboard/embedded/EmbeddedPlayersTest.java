package dev.leaderboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.leaderboard.players.PlayerTopics;
import dev.leaderboard.settings.Settings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class EmbeddedPlayersTest {

    @Test
    void publishesAProfileForEverySimulatedPlayerOnACompactedTopicAndIngestsThem() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "runner")), "players-");
        RunnerConfig config = RunnerConfig.from(new Settings(Map.of(
                "EMBEDDED_KAFKA_PORT", "0",
                "WEB_PORT", "0",
                "DATA_DIR", dataDir.toString(),
                "SIMULATOR_RATE", "5",
                "SIMULATOR_USERS", "3")));

        try (EmbeddedSystem system = EmbeddedSystem.start(config)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> system.playerProfilesIngested() == 4);

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()))) {
                ConfigResource players = new ConfigResource(ConfigResource.Type.TOPIC, PlayerTopics.PLAYERS);
                Config topicConfig = admin.describeConfigs(List.of(players)).all().get(30, TimeUnit.SECONDS).get(players);
                assertThat(topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                        .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            }
        }
    }
}
