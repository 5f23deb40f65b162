package dev.leaderboard.ingest.adx;

import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

import com.microsoft.azure.kusto.data.exceptions.DataServiceException;
import com.microsoft.azure.kusto.data.exceptions.DataWebException;
import com.microsoft.azure.kusto.data.exceptions.ThrottleException;
import dev.leaderboard.ingest.GamePlaySink;
import dev.leaderboard.ingest.SinkException;
import dev.leaderboard.ingest.batch.Batch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches into Azure Data Explorer through the Kusto SDK in the configured mode. Every row carries
 * its Kafka offset, so the table itself says where each partition ends ({@link TableOffsets}): the
 * consumer resumes there on assignment, and a write whose answer was lost is settled by asking the table
 * before anything is sent again ({@link BatchLanding}). Streaming and direct store a batch whole when ADX
 * answers; queued only queues it, so a restart cannot see it yet ({@code GamePlayDeduped} is the backstop).
 * Errors ADX marks permanent ({@code @permanent}, e.g. a missing mapping) reject the batch for good;
 * everything else (429, 5xx, timeouts, storage) is transient.
 */
public final class AdxGamePlaySink implements GamePlaySink {

    private static final Logger log = LoggerFactory.getLogger(AdxGamePlaySink.class);

    /** How long after ADX's own timeout a request that got no answer is still taken as possibly applied. */
    private static final Duration SERVER_TIMEOUT_MARGIN = Duration.ofSeconds(5);
    /** The offsets query is asked on assignment, where a failure stops the ingestor: a short hiccup gets more tries. */
    private static final int OFFSET_QUERY_ATTEMPTS = 3;

    private final AdxSinkConfig config;
    private final AdxIngestion ingestion;
    private final TableOffsets tableOffsets;
    /** The last failed write, until the table said whether its rows landed; null when every outcome is known. */
    private FailedWrite failedWrite;

    /** A write that failed; ADX may apply it until {@code outcomeFinalNanos} (at once if ADX answered the failure). */
    private record FailedWrite(String batch, long outcomeFinalNanos) {
    }

    private AdxGamePlaySink(AdxSinkConfig config, AdxIngestion ingestion, TableOffsets tableOffsets) {
        this.config = config;
        this.ingestion = ingestion;
        this.tableOffsets = tableOffsets;
    }

    public static AdxGamePlaySink open(AdxSinkConfig config) {
        return open(config, new SimpleMeterRegistry());
    }

    /** The registry receives the queued batches' final outcomes ({@code ADX_QUEUED_STATUS=table}). */
    public static AdxGamePlaySink open(AdxSinkConfig config, MeterRegistry registry) {
        config.connection().trustConfiguredHosts();
        try {
            AdxIngestion ingestion;
            switch (config.mode()) {
                case STREAMING:
                    ingestion = new StreamingIngestion(config, registry);
                    break;
                case DIRECT:
                    ingestion = new DirectIngestion(config);
                    break;
                default:
                    ingestion = SdkIngestion.queued(config, registry);
            }
            log.info("ADX sink: {}", config);
            return new AdxGamePlaySink(config, ingestion, new TableOffsets(config));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("ADX_CLUSTER_URL or ADX_INGEST_URL is not a usable URL: " + e.getMessage(), e);
        }
    }

    /** Where each partition's rows end in the table; after a failed write, once its outcome is final. */
    @Override
    public Map<TopicPartition, Long> storedNextOffsets(Collection<TopicPartition> partitions) throws SinkException {
        awaitFinalOutcomeOfFailedWrite();
        for (int attempt = 1; ; attempt++) {
            try {
                return tableOffsets.nextOffsets(partitions);
            } catch (Exception e) {
                if (attempt == OFFSET_QUERY_ATTEMPTS || isPermanent(e)) {
                    throw new SinkException("ADX did not say where the partitions end in " + config.table() + ": "
                            + describe(e), e);
                }
                log.warn("Asking {} where the partitions end failed (attempt {}), asking again: {}",
                        config.table(), attempt, describe(e));
                pause(Duration.ofSeconds(attempt));
            }
        }
    }

    @Override
    public void write(Batch batch) throws SinkException {
        if (batch.rows().isEmpty()) {
            return;
        }
        if (failedWrite != null && alreadyStored(batch)) {
            return;
        }
        String name = "batch " + batch.ranges();
        long sentNanos = System.nanoTime();
        try {
            ingestion.ingest(GamePlayJsonLines.of(batch.rows()), name);
        } catch (Exception e) {
            String reason = describe(e);
            if (isPermanent(e)) {
                throw new SinkException.Rejected(reason, e);
            }
            if (config.mode() != AdxIngestMode.QUEUED) {
                // A queued batch is not in the table before ADX's batching policy ingests it: asking is pointless.
                failedWrite = new FailedWrite(name, wasAnswered(e) ? sentNanos
                        : sentNanos + config.ingestTimeout().plus(SERVER_TIMEOUT_MARGIN).toNanos());
            }
            throw new SinkException("ADX did not accept a batch of " + batch.rows().size() + " rows: " + reason, e);
        }
    }

    /**
     * After a failed write, asks the table whether this batch's rows are there: all of them (ADX applied the
     * write, the answer was lost) settles the batch without sending it again; none lets it be sent; anything
     * else makes the consumer re-read from where the table ends.
     */
    private boolean alreadyStored(Batch batch) throws SinkException {
        Map<TopicPartition, Long> stored = storedNextOffsets(BatchLanding.rowRanges(batch.rows()).keySet());
        String lost = failedWrite.batch();
        failedWrite = null;
        switch (BatchLanding.of(batch.rows(), stored)) {
            case ALL:
                log.info("ADX had stored {} though the answer to {} was lost; not sent again", batch.ranges(), lost);
                return true;
            case NONE:
                return false;
            default:
                throw new SinkException.OverlapsStoredOffsets("Batch " + batch.ranges() + " overlaps the rows "
                        + config.table() + " holds up to " + stored);
        }
    }

    /** ADX stops a request at its server timeout (set to ADX_INGEST_TIMEOUT_MS): after that its outcome is in the table. */
    private void awaitFinalOutcomeOfFailedWrite() throws SinkException {
        if (failedWrite == null) {
            return;
        }
        long waitNanos = failedWrite.outcomeFinalNanos() - System.nanoTime();
        if (waitNanos > 0) {
            log.info("No answer to {}; waiting {} ms for ADX's timeout before asking the table whether it landed",
                    failedWrite.batch(), waitNanos / 1_000_000);
            pause(Duration.ofNanos(waitNanos));
        }
    }

    private static void pause(Duration duration) throws SinkException {
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("Interrupted while waiting to ask ADX again", e);
        }
    }

    /**
     * ADX answered with an error (throttled, unavailable, bad request): the request is over. A gateway
     * timeout (502, 504), a read timeout or a dropped connection are no answer: ADX may still apply it.
     */
    static boolean wasAnswered(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ThrottleException) {
                return true;
            }
            if (t instanceof DataServiceException service && service.getStatusCode() != null) {
                int status = service.getStatusCode();
                return status != 502 && status != 504;
            }
        }
        return false;
    }

    /** Permanent only when ADX itself answered with an error marked {@code @permanent}: never for auth, network or storage trouble. */
    static boolean isPermanent(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DataWebException) {
                DataWebException web = (DataWebException) t;
                return web.getApiError() != null && web.getApiError().isPermanent();
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DataWebException && ((DataWebException) t).getApiError() != null) {
                DataWebException web = (DataWebException) t;
                return web.getApiError().getCode() + ": " + web.getApiError().getDescription();
            }
        }
        return error.getMessage();
    }

    @Override
    public void close() {
        ingestion.close();
    }

    @Override
    public String toString() {
        return "ADX " + config.clusterUrl() + " " + config.database() + "." + config.table() + " (" + config.mode().name().toLowerCase() + ")";
    }
}
