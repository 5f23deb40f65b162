package dev.leaderboard.producer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.leaderboard.gameplay.GamePlay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends spins to one topic as the blog does (key = player id, value = the blog's JSON) and accounts for
 * every one: each send ends acknowledged or failed, never silently dropped. Thread-safe.
 */
public final class SpinSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpinSender.class);

    /** How long {@code send} may wait for metadata or buffer space before the spin counts as failed. */
    static final Duration MAX_BLOCK = Duration.ofSeconds(10);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final ThreadLocal<SpinJsonEncoder> encoders = ThreadLocal.withInitial(SpinJsonEncoder::new);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;
    private KafkaClientMetrics meters;

    public SpinSender(String bootstrapServers, String topic) {
        this.producer = new KafkaProducer<>(producerConfig(bootstrapServers), new StringSerializer(),
                new ByteArraySerializer());
        this.topic = topic;
    }

    /** The simulator's producer settings; the benchmark gives Kafka's own perf tool the same ones. */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // A spin is money: it counts only once every in-sync replica has it.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // Retries after a timeout must not write a spin twice or out of order.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // JSON spins shrink to about a third; lz4 costs the least CPU of the codecs.
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Batching buys throughput at high rates and 20 ms is invisible on the board at low ones. It also bounds the
        // garbage: lz4 allocates two 64 KiB block buffers for every batch, however few spins it holds, so at 5,000
        // spins/s over 4 partitions a 5 ms linger (about 6 spins a batch) made the simulator a fifth of everything
        // the embedded runner allocated (a JFR allocation profile of the soak).
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        // At 50k+ spins/s a partition gets ~1 MB/s: 64 KiB batches keep requests few without hurting latency.
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        // An unreachable broker fails sends after 10 s instead of the default minute.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "game-simulator");
        return props;
    }

    /**
     * Fetches the topic's partitions now, so that the first send does not wait for them (which would
     * start a paced run late). A topic that does not show up in time is logged; sends will then fail.
     */
    public void fetchMetadata() {
        try {
            producer.partitionsFor(topic);
        } catch (RuntimeException e) {
            log.warn("No metadata for topic {} yet: {}", topic, e.toString());
        }
    }

    public void send(GamePlay spin) {
        send(spin, value -> { });
    }

    /** Sends one spin; {@code onAcknowledged} gets the value bytes once the broker has the record. */
    public void send(GamePlay spin, Consumer<byte[]> onAcknowledged) {
        byte[] value = encoders.get().encode(spin);
        sent.incrementAndGet();
        try {
            producer.send(new ProducerRecord<>(topic, spin.key(), value), (metadata, error) -> {
                if (error == null) {
                    acknowledged.incrementAndGet();
                    onAcknowledged.accept(value);
                } else {
                    countFailure(error);
                }
            });
        } catch (RuntimeException e) {
            // send() itself throws when metadata or buffer space did not come within max.block.ms.
            countFailure(e);
        }
    }

    private void countFailure(Exception error) {
        long failures = failed.incrementAndGet();
        if (failures == 1 || failures % 1000 == 0) {
            log.warn("Send failed ({} so far): {}", failures, error.toString());
        }
    }

    public long sent() {
        return sent.get();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Returns once every spin sent so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    /** Publishes the producer's own meters ({@code kafka_producer_*}) to the registry until it closes. */
    public synchronized void bindMeters(MeterRegistry registry) {
        meters = new KafkaClientMetrics(producer);
        meters.bindTo(registry);
    }

    /** Flushes what is in flight and closes the producer; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (meters != null) {
                meters.close();
            }
            producer.close(Duration.ofSeconds(30));
        }
    }
}
