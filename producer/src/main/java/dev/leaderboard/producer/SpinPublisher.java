package dev.leaderboard.producer;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes spins at a steady rate until its {@link RatePlan} ends or {@link #close()} is called.
 * Pacing is by ticks, not per event: each tick sends every spin due since the start, so the rate holds at
 * 50k+/s where sleeping per spin could not. A status line every few seconds, a summary at the end.
 */
public final class SpinPublisher implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpinPublisher.class);
    private static final long STATUS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The longest sleep between ticks, so that close() is noticed quickly even at 1 spin/s. */
    private static final long LONGEST_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final SpinSender sender;
    private final GameModel model;
    private final RatePlan plan;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile long elapsedNanos;

    /** The embedded runner's simulator: its own producer, closed with the publisher. */
    public SpinPublisher(String bootstrapServers, String topic, GameModel model, double eventsPerSecond,
                         long maxEvents) {
        this(new SpinSender(bootstrapServers, topic), model,
                new RatePlan(eventsPerSecond, maxEvents, java.util.Optional.empty()));
    }

    /** Takes ownership of the sender: {@link #close()} closes it. */
    public SpinPublisher(SpinSender sender, GameModel model, RatePlan plan) {
        this.sender = sender;
        this.model = model;
        this.plan = plan;
    }

    @Override
    public void run() {
        sender.fetchMetadata();
        long start = System.nanoTime();
        long deadline = plan.duration().map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
        StatusLine status = new StatusLine(start);
        double nanosPerEvent = 1e9 / plan.eventsPerSecond();
        long published = 0;
        try {
            while (!closing && published < plan.maxEvents()) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    break;
                }
                long due = Math.min(plan.maxEvents(), (long) ((now - start) / nanosPerEvent) + 1);
                for (; published < due && !closing; published++) {
                    sender.send(model.nextSpin());
                }
                status.logIfDue(now);
                long nextDue = start + (long) (published * nanosPerEvent);
                LockSupport.parkNanos(Math.min(Math.max(nextDue - System.nanoTime(), 0), LONGEST_TICK_NANOS));
            }
        } finally {
            sender.flush();
            elapsedNanos = System.nanoTime() - start;
            logSummary();
            stopped.countDown();
        }
    }

    private void logSummary() {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-9);
        log.info("Simulator stopped after {} s: sent {}, acknowledged {}, failed {}; mean {} events/s (target {})",
                String.format("%.1f", seconds), sender.sent(), sender.acknowledged(), sender.failed(),
                Math.round(sender.sent() / seconds), Math.round(plan.eventsPerSecond()));
    }

    /** Publishes its producer's meters to the registry (the one-JVM runner's /metrics). */
    public void bindMeters(MeterRegistry registry) {
        sender.bindMeters(registry);
    }

    /** The rate and bounds this publisher was started with. */
    public RatePlan plan() {
        return plan;
    }

    public long sent() {
        return sender.sent();
    }

    public long acknowledged() {
        return sender.acknowledged();
    }

    public long failed() {
        return sender.failed();
    }

    /** From the first spin to the last acknowledgement, once {@link #run()} has returned. */
    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos);
    }

    /** Waits until the publisher has finished its plan (or was closed) and flushed. */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops sending, flushes what is in flight and closes the producer. Safe from a shutdown hook. */
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
        sender.close();
    }

    /** The few-seconds progress line: totals and the rate over the last interval. */
    private final class StatusLine {
        private long lastNanos;
        private long lastSent;

        StatusLine(long start) {
            this.lastNanos = start;
        }

        void logIfDue(long now) {
            long interval = now - lastNanos;
            if (interval < STATUS_INTERVAL_NANOS) {
                return;
            }
            long sent = sender.sent();
            log.info("Simulator: sent {}, acknowledged {}, failed {}; {} events/s now (target {})", sent,
                    sender.acknowledged(), sender.failed(), Math.round((sent - lastSent) * 1e9 / interval),
                    Math.round(plan.eventsPerSecond()));
            lastNanos = now;
            lastSent = sent;
        }
    }
}
