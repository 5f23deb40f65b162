package dev.leaderboard.ingest.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.leaderboard.ingest.batch.Batch;
import dev.leaderboard.ingest.batch.SourcedGamePlay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The ingestor's meters: per partition records and bytes in and consumer lag; batches and their sizes;
 * store call latency; retries; dead letters; paused partitions; end-to-end latency from a spin's event
 * time to the store's acceptance (p50, p99); and produced-to-stored latency as histogram buckets. Updated on the consumer thread; read by the scrape thread.
 */
public final class IngestMetrics {

    private final MeterRegistry registry;
    private final Map<TopicPartition, Counter> recordsIn = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Counter> bytesIn = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();
    private final Set<TopicPartition> lagGauges = ConcurrentHashMap.newKeySet();
    private final AtomicInteger paused = new AtomicInteger();
    private final DistributionSummary batchRecords;
    private final DistributionSummary batchBytes;
    private final Timer endToEnd;
    private final Timer producedToStored;
    private final Counter retries;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchRecords = DistributionSummary.builder("ingest.batch.records")
                .description("Records per batch accepted by the store").register(registry);
        this.batchBytes = DistributionSummary.builder("ingest.batch.bytes")
                .description("Key and value bytes per batch accepted by the store").register(registry);
        this.endToEnd = Timer.builder("ingest.end.to.end.latency")
                .description("From a spin's eventTime to the store accepting its batch")
                .publishPercentiles(0.5, 0.99).register(registry);
        // Buckets, not client-side percentiles: Prometheus can then take p50/p99 over any window and over
        // several ingestors with histogram_quantile.
        this.producedToStored = Timer.builder("ingest.produced.to.stored.latency")
                .description("From the Kafka record's timestamp (when it was produced) to the store accepting its batch")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.retries = Counter.builder("ingest.retries").description("Store writes retried after a transient failure")
                .register(registry);
        Gauge.builder("ingest.partitions.paused", paused, AtomicInteger::get)
                .description("Partitions paused while a batch waits to be retried").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void recordIn(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        recordsIn.computeIfAbsent(partition, p -> Counter.builder("ingest.records.in").tags(tags(p))
                .description("Records polled").register(registry)).increment();
        bytesIn.computeIfAbsent(partition, p -> Counter.builder("ingest.bytes.in").tags(tags(p))
                .description("Key and value bytes polled").register(registry))
                .increment(Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize()));
    }

    /** Reads each assigned partition's lag as the consumer last saw it (no broker call). */
    public void updateLag(KafkaConsumer<?, ?> consumer) {
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong current = consumer.currentLag(partition);
            if (current.isPresent()) {
                lag.put(partition, current.getAsLong());
                if (lagGauges.add(partition)) {
                    Gauge.builder("ingest.consumer.lag", lag, m -> m.getOrDefault(partition, 0L))
                            .tags(tags(partition)).description("Records behind the end of the partition")
                            .register(registry);
                }
            }
        }
    }

    /** Records behind the end, summed over the assigned partitions, as last polled. */
    public long totalLag() {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    public void storeCall(Duration latency, String outcome) {
        Timer.builder("ingest.store.call.latency").tag("outcome", outcome)
                .description("One write of a batch to the store").register(registry).record(latency);
    }

    public void accepted(Batch batch, long bytes, Instant acceptedAt) {
        Counter.builder("ingest.batches").tag("outcome", "accepted").register(registry).increment();
        batchRecords.record(batch.recordCount());
        batchBytes.record(bytes);
        for (SourcedGamePlay row : batch.rows()) {
            long millis = Duration.between(row.gamePlay().eventTime(), acceptedAt).toMillis();
            endToEnd.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
        }
        long acceptedMillis = acceptedAt.toEpochMilli();
        for (ConsumerRecord<byte[], byte[]> source : batch.rowSources()) {
            producedToStored.record(Math.max(0, acceptedMillis - source.timestamp()), TimeUnit.MILLISECONDS);
        }
    }

    public void rejectedByStore(Batch batch) {
        Counter.builder("ingest.batches").tag("outcome", "rejected").register(registry).increment();
    }

    public void retried() {
        retries.increment();
    }

    public void deadLettered(int count, String cause) {
        Counter.builder("ingest.dead.letters").tag("cause", cause)
                .description("Records sent to the dead-letter topic").register(registry).increment(count);
    }

    /** Partitions the group took from this consumer: revoked in a rebalance, or lost (e.g. poll interval exceeded). */
    public void partitionsTaken(int count, String how) {
        Counter.builder("ingest.partitions.taken").tag("how", how)
                .description("Partitions revoked from or lost by this consumer").register(registry).increment(count);
    }

    public void pausedPartitions(int count) {
        paused.set(count);
    }

    private static Tags tags(TopicPartition partition) {
        return Tags.of("topic", partition.topic(), "partition", Integer.toString(partition.partition()));
    }
}
