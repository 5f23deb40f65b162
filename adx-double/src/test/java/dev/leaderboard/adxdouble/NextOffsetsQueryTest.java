package dev.leaderboard.adxdouble;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class NextOffsetsQueryTest {

    private static final Path INGESTOR_QUERY =
            Path.of("..", "ingestor", "src", "main", "resources", "dev", "leaderboard", "ingest", "adx", "next-offsets.kql");

    @Test
    void answersTheIngestorsQueryWithTheOffsetAfterTheHighestStoredPerPartitionOfTheTopic() throws Exception {
        IngestedRows rows = new IngestedRows(KustoSchema.fromScripts(Path.of("..", "kql", "schema")));
        rows.ingestJson("GamePlay", "gameplay_json_mapping_v2", String.join("\n",
                row("gameplay", 0, 7), row("gameplay", 0, 41), row("gameplay", 2, 3), row("other", 1, 99)));

        KustoTable answer = NextOffsetsQuery.answer(Files.readString(INGESTOR_QUERY),
                Map.of("table_name", "GamePlay", "topic", "gameplay"), rows).orElseThrow();

        assertThat(answer.rows()).containsExactly(List.of(0, 42L), List.of(2, 4L));
    }

    @Test
    void leavesAnyOtherQueryToTheCannedAnswers() {
        IngestedRows rows = new IngestedRows(KustoSchema.fromScripts(Path.of("..", "kql", "schema")));

        assertThat(NextOffsetsQuery.answer("GamePlay | count", Map.of(), rows)).isEmpty();
    }

    private static String row(String topic, int partition, long offset) {
        return "{\"playerId\":1,\"gameId\":2,\"stake\":3,\"win\":4,\"eventTime\":\"2026-01-01T00:00:00Z\",\"sourceTopic\":\""
                + topic + "\",\"sourcePartition\":" + partition + ",\"sourceOffset\":" + offset + "}";
    }
}
