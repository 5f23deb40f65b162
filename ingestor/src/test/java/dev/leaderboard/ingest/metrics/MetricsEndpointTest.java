package dev.leaderboard.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.ingest.batch.Batch;
import dev.leaderboard.ingest.batch.OffsetRange;
import dev.leaderboard.ingest.batch.SourcedGamePlay;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    @Test
    void servesPerPartitionRecordsBytesBatchesRetriesDeadLettersAndEndToEndLatencyAsPrometheusText() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        IngestMetrics metrics = new IngestMetrics(registry);
        metrics.recordIn(record(0, 10, 90));
        metrics.recordIn(record(0, 11, 90));
        metrics.recordIn(record(3, 5, 40));
        Instant accepted = Instant.parse("2026-11-25T07:00:02Z");
        Batch batch = new Batch(List.of(row(0, 10, accepted.minusMillis(500)), row(0, 11, accepted.minusMillis(1500))),
                List.of(), Map.of(new TopicPartition("gameplay", 0), new OffsetRange(10, 11)));
        metrics.accepted(batch, 200, accepted);
        metrics.retried();
        metrics.retried();
        metrics.deadLettered(3, "unreadable");
        metrics.storeCall(Duration.ofMillis(40), "accepted");

        try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, 0)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            List<String> lines = response.body().lines().toList();
            assertThat(lines).contains(
                    "ingest_records_in_total{partition=\"0\",topic=\"gameplay\"} 2.0",
                    "ingest_records_in_total{partition=\"3\",topic=\"gameplay\"} 1.0",
                    "ingest_bytes_in_total{partition=\"0\",topic=\"gameplay\"} 200.0",
                    "ingest_bytes_in_total{partition=\"3\",topic=\"gameplay\"} 50.0",
                    "ingest_batches_total{outcome=\"accepted\"} 1.0",
                    "ingest_batch_records_count 1",
                    "ingest_batch_records_sum 2.0",
                    "ingest_batch_bytes_sum 200.0",
                    "ingest_retries_total 2.0",
                    "ingest_dead_letters_total{cause=\"unreadable\"} 3.0",
                    "ingest_store_call_latency_seconds_count{outcome=\"accepted\"} 1",
                    "ingest_end_to_end_latency_seconds_count 2",
                    "ingest_end_to_end_latency_seconds_sum 2.0",
                    "ingest_partitions_paused 0.0");
            assertThat(lines).anyMatch(l -> l.startsWith("ingest_end_to_end_latency_seconds{quantile=\"0.5\"}"));
            assertThat(lines).anyMatch(l -> l.startsWith("ingest_end_to_end_latency_seconds{quantile=\"0.99\"}"));
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, int valueSize) {
        return new ConsumerRecord<>("gameplay", partition, offset, 0L, TimestampType.CREATE_TIME, 10, valueSize,
                "1234567890".getBytes(StandardCharsets.UTF_8), new byte[valueSize], new RecordHeaders(), Optional.empty());
    }

    private static SourcedGamePlay row(int partition, long offset, Instant eventTime) {
        return new SourcedGamePlay(new GamePlay(101, 12, 10, 0, eventTime), "gameplay", partition, offset);
    }
}
