package dev.leaderboard.ingest.adx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.leaderboard.adxdouble.AdxDouble;
import dev.leaderboard.adxdouble.Azurite;
import dev.leaderboard.adxdouble.AzuriteExtension;
import dev.leaderboard.adxdouble.QueuedIngestionService;
import dev.leaderboard.settings.Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AzuriteExtension.class)
class StreamingIngestionTest {

    private static final String ROW = "{\"playerId\":1,\"gameId\":2,\"stake\":3,\"win\":4,\"eventTime\":\"2026-01-01T00:00:00Z\","
            + "\"sourceTopic\":\"gameplay\",\"sourcePartition\":0,\"sourceOffset\":%d}\n";

    @Test
    @Tag("azurite")
    void sendsABatchAboveTheStreamingLimitQueuedAndABatchBelowItAsOneStreamingRequest(Azurite azurite) throws Exception {
        try (AdxDouble adx = AdxDouble.start(Path.of("..", "kql", "schema"));
             QueuedIngestionService dm = QueuedIngestionService.start(adx, azurite)) {
            AdxSinkConfig config = AdxSinkConfig.from(new Settings(Map.of("ADX_CLUSTER_URL", adx.clusterUrl(),
                    "ADX_DATABASE", "leaderboard", "ADX_MAPPING", "gameplay_json_mapping_v2",
                    "ADX_INGEST_MODE", "streaming", "ADX_AUTH", "none")));
            StreamingIngestion ingestion = new StreamingIngestion(config, new SimpleMeterRegistry(), 1_000);
            try {
                ingestion.ingest(lines(0, 2), "small");
                ingestion.ingest(lines(2, 12), "large");
                await().atMost(Duration.ofSeconds(30)).until(() -> dm.ingestedBlobs() == 1);
            } finally {
                ingestion.close();
            }

            assertThat(adx.requests(AdxDouble.Endpoint.STREAMING_INGEST)).isEqualTo(1);
            assertThat(adx.rows("GamePlay")).hasSize(12);
        }
    }

    private static byte[] lines(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int offset = from; offset < to; offset++) {
            text.append(String.format(ROW, offset));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
