package dev.leaderboard.ingest.adx;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.microsoft.azure.kusto.ingest.result.IngestionResult;
import com.microsoft.azure.kusto.ingest.result.IngestionStatus;
import com.microsoft.azure.kusto.ingest.result.OperationStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows queued batches after their offsets were committed, through ADX's ingestion status table
 * ({@code ADX_QUEUED_STATUS=table}): counts each final outcome in {@code ingest_queued_outcome_total{status}}
 * and logs a failed batch with ADX's reason. It cannot un-commit: a failed batch is re-ingested by hand
 * (its offsets are in the log line). Its own thread, polling every few seconds; gives up on a batch after an hour.
 */
final class QueuedStatusTracker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueuedStatusTracker.class);
    private static final Duration POLL_EVERY = Duration.ofSeconds(2);
    private static final Duration GIVE_UP_AFTER = Duration.ofHours(1);

    private final MeterRegistry registry;
    private final Queue<Outstanding> outstanding = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "adx-queued-status");
        thread.setDaemon(true);
        return thread;
    });

    private record Outstanding(IngestionResult result, String batch, long sinceNanos) {
    }

    QueuedStatusTracker(MeterRegistry registry) {
        this.registry = registry;
        poller.scheduleWithFixedDelay(this::pollAll, POLL_EVERY.toMillis(), POLL_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void track(IngestionResult result, String batch) {
        outstanding.add(new Outstanding(result, batch, System.nanoTime()));
    }

    private void pollAll() {
        for (int i = outstanding.size(); i > 0; i--) {
            Outstanding next = outstanding.poll();
            if (next == null) {
                return;
            }
            if (!settled(next)) {
                if (System.nanoTime() - next.sinceNanos() > GIVE_UP_AFTER.toNanos()) {
                    count("Unknown");
                    log.warn("No final ingestion status for queued {} after {}; no longer followed", next.batch(), GIVE_UP_AFTER);
                } else {
                    outstanding.add(next);
                }
            }
        }
    }

    private boolean settled(Outstanding batch) {
        List<IngestionStatus> statuses;
        try {
            statuses = batch.result().getIngestionStatusCollection();
        } catch (Exception e) {
            log.debug("Status of {} not readable yet: {}", batch.batch(), e.getMessage());
            return false;
        }
        if (statuses == null || statuses.stream().anyMatch(s -> s.status == OperationStatus.Pending || s.status == OperationStatus.Queued)) {
            return false;
        }
        for (IngestionStatus status : statuses) {
            count(status.status.name());
            if (status.status != OperationStatus.Succeeded) {
                log.error("ADX reports queued {} as {}: {}", batch.batch(), status.status, status.details);
            }
        }
        return true;
    }

    private void count(String status) {
        Counter.builder("ingest.queued.outcome").tag("status", status)
                .description("Final ADX status of queued batches (ADX_QUEUED_STATUS=table)").register(registry).increment();
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
