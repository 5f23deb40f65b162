package dev.leaderboard.producer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.gameplay.GamePlayJson;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes spins at a steady rate until a count is reached or {@link #close()} is called. Every send is
 * accounted for: acknowledged or failed, never dropped silently; close flushes what is in flight.
 */
public final class SpinPublisher implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpinPublisher.class);
    private static final long STATUS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final KafkaProducer<String, byte[]> producer;
    private final BlogGameModel model;
    private final String topic;
    private final double eventsPerSecond;
    private final long maxEvents;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;

    /** @param maxEvents how many to send; {@code Long.MAX_VALUE} runs until closed */
    public SpinPublisher(String bootstrapServers, String topic, BlogGameModel model, double eventsPerSecond,
                         long maxEvents) {
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, was " + eventsPerSecond);
        }
        this.producer = new KafkaProducer<>(producerConfig(bootstrapServers), new StringSerializer(),
                new ByteArraySerializer());
        this.model = model;
        this.topic = topic;
        this.eventsPerSecond = eventsPerSecond;
        this.maxEvents = maxEvents;
    }

    private static Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // A spin is money: it counts only once every in-sync replica has it.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // Retries after a timeout must not write a spin twice.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A few ms of batching buys throughput at high rates and costs nothing visible at low ones.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "game-simulator");
        return props;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long lastStatus = start;
        try {
            while (!closing && sent.get() < maxEvents) {
                long now = System.nanoTime();
                long due = Math.min(maxEvents, (long) ((now - start) / 1e9 * eventsPerSecond) + 1);
                while (sent.get() < due && !closing) {
                    send(model.nextSpin());
                }
                if (now - lastStatus >= STATUS_INTERVAL_NANOS) {
                    logStatus(now - start);
                    lastStatus = now;
                }
                LockSupport.parkNanos(Math.min(TimeUnit.MILLISECONDS.toNanos(1), (long) (1e9 / eventsPerSecond)));
            }
        } finally {
            producer.flush();
            logStatus(System.nanoTime() - start);
            stopped.countDown();
        }
    }

    private void send(GamePlay spin) {
        sent.incrementAndGet();
        producer.send(new ProducerRecord<>(topic, spin.key(), GamePlayJson.toJson(spin)), (metadata, error) -> {
            if (error == null) {
                acknowledged.incrementAndGet();
            } else if (failed.incrementAndGet() == 1 || failed.get() % 1000 == 0) {
                log.warn("Send failed ({} so far): {}", failed.get(), error.toString());
            }
        });
    }

    private void logStatus(long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-9);
        log.info("Simulator: sent {}, acknowledged {}, failed {}; {} events/s", sent.get(), acknowledged.get(),
                failed.get(), Math.round(sent.get() / seconds));
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Waits until the publisher has sent its count (or was closed) and flushed. */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops sending, flushes what is in flight and closes the producer. */
    @Override
    public void close() {
        closing = true;
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                log.warn("Simulator did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
