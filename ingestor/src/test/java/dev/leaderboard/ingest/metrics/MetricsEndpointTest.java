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
import java.util.concurrent.atomic.AtomicReference;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.ingest.IngestorStatus;
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

        try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, 0, () -> RUNNING)) {
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
                    "ingest_partitions_paused 0.0",
                    // No Kafka record behind these rows: nothing produced -> stored to record.
                    "ingest_produced_to_stored_latency_seconds_count 0");
            assertThat(lines).anyMatch(l -> l.startsWith("ingest_end_to_end_latency_seconds{quantile=\"0.5\"}"));
            assertThat(lines).anyMatch(l -> l.startsWith("ingest_end_to_end_latency_seconds{quantile=\"0.99\"}"));
        }
    }

    @Test
    void histogramsProducedToStoredLatencyInBucketsPrometheusCanTakeQuantilesOf() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        IngestMetrics metrics = new IngestMetrics(registry);
        Instant accepted = Instant.parse("2026-11-25T07:00:02Z");
        ConsumerRecord<byte[], byte[]> producedEarly = recordProducedAt(0, 10, accepted.minusMillis(1500));
        ConsumerRecord<byte[], byte[]> producedLate = recordProducedAt(0, 11, accepted.minusMillis(20));
        Batch batch = new Batch(List.of(row(0, 10, accepted), row(0, 11, accepted)), List.of(),
                Map.of(new TopicPartition("gameplay", 0), new OffsetRange(10, 11)), List.of(producedEarly, producedLate));
        metrics.accepted(batch, 200, accepted);

        List<String> lines = registry.scrape().lines().toList();

        assertThat(lines).contains(
                "ingest_produced_to_stored_latency_seconds_count 2",
                "ingest_produced_to_stored_latency_seconds_sum 1.52",
                "ingest_produced_to_stored_latency_seconds_max 1.5");
        assertThat(bucket(lines, "0.022369621")).isEqualTo(1);
        assertThat(bucket(lines, "1.431655765")).isEqualTo(1);
        assertThat(bucket(lines, "1.789569706")).isEqualTo(2);
        assertThat(bucket(lines, "+Inf")).isEqualTo(2);
    }

    @Test
    void answersHealthWithTheIngestorsStateOkWhileItIngestsAnd503OnceItFailed() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        IngestorStatus failed = new IngestorStatus(IngestorStatus.State.FAILED, Optional.of("Batch not accepted after 3 attempts"),
                Optional.empty(), 42, 1000, 2, 0);
        AtomicReference<IngestorStatus> status = new AtomicReference<>(RUNNING);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, 0, status::get)) {
            URI health = URI.create("http://127.0.0.1:" + endpoint.port() + "/health");

            HttpResponse<String> up = get(health);
            status.set(failed);
            HttpResponse<String> down = get(health);

            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).isEqualTo("{\"status\":\"UP\",\"ingestor\":{\"state\":\"RUNNING\",\"lag\":7,"
                    + "\"rowsStored\":10,\"unreadableDeadLettered\":0,\"rowsRejectedByStore\":0}}");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\",\"ingestor\":{\"state\":\"FAILED\","
                    + "\"reason\":\"Batch not accepted after 3 attempts\",\"lag\":42,\"rowsStored\":1000,"
                    + "\"unreadableDeadLettered\":2,\"rowsRejectedByStore\":0}}");
        }
    }

    private static final IngestorStatus RUNNING = new IngestorStatus(IngestorStatus.State.RUNNING, Optional.empty(),
            Optional.empty(), 7, 10, 0, 0);

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long bucket(List<String> lines, String le) {
        String prefix = "ingest_produced_to_stored_latency_seconds_bucket{le=\"" + le + "\"} ";
        return lines.stream().filter(l -> l.startsWith(prefix)).mapToLong(l -> (long) Double.parseDouble(l.substring(prefix.length())))
                .findFirst().orElseThrow(() -> new AssertionError("no bucket le=" + le));
    }

    private static ConsumerRecord<byte[], byte[]> recordProducedAt(int partition, long offset, Instant produced) {
        return new ConsumerRecord<>("gameplay", partition, offset, produced.toEpochMilli(), TimestampType.CREATE_TIME, 10, 90,
                "1234567890".getBytes(StandardCharsets.UTF_8), new byte[90], new RecordHeaders(), Optional.empty());
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, int valueSize) {
        return new ConsumerRecord<>("gameplay", partition, offset, 0L, TimestampType.CREATE_TIME, 10, valueSize,
                "1234567890".getBytes(StandardCharsets.UTF_8), new byte[valueSize], new RecordHeaders(), Optional.empty());
    }

    private static SourcedGamePlay row(int partition, long offset, Instant eventTime) {
        return new SourcedGamePlay(new GamePlay(101, 12, 10, 0, eventTime), "gameplay", partition, offset);
    }
}
