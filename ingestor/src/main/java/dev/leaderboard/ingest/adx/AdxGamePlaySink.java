package dev.leaderboard.ingest.adx;

import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Map;

import com.microsoft.azure.kusto.data.exceptions.DataWebException;
import dev.leaderboard.ingest.GamePlaySink;
import dev.leaderboard.ingest.SinkException;
import dev.leaderboard.ingest.batch.Batch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches into Azure Data Explorer through the Kusto SDK in the configured mode. ADX keeps no
 * Kafka offsets, so the consumer group's commits (made only after acceptance) say where to resume, and a
 * batch replayed after a crash is recognised by its provenance columns in {@code GamePlayDeduped}.
 * Errors ADX marks permanent ({@code @permanent}, e.g. a missing mapping) reject the batch for good;
 * everything else (429, 5xx, timeouts, storage) is transient.
 */
public final class AdxGamePlaySink implements GamePlaySink {

    private static final Logger log = LoggerFactory.getLogger(AdxGamePlaySink.class);

    private final AdxSinkConfig config;
    private final AdxIngestion ingestion;

    private AdxGamePlaySink(AdxSinkConfig config, AdxIngestion ingestion) {
        this.config = config;
        this.ingestion = ingestion;
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
                    ingestion = SdkIngestion.streaming(config, registry);
                    break;
                case DIRECT:
                    ingestion = new DirectIngestion(config);
                    break;
                default:
                    ingestion = SdkIngestion.queued(config, registry);
            }
            log.info("ADX sink: {}", config);
            return new AdxGamePlaySink(config, ingestion);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("ADX_CLUSTER_URL or ADX_INGEST_URL is not a usable URL: " + e.getMessage(), e);
        }
    }

    /** ADX keeps no offsets: the group's committed offsets apply. */
    @Override
    public Map<TopicPartition, Long> storedNextOffsets(Collection<TopicPartition> partitions) {
        return Map.of();
    }

    @Override
    public void write(Batch batch) throws SinkException {
        if (batch.rows().isEmpty()) {
            return;
        }
        try {
            ingestion.ingest(GamePlayJsonLines.of(batch.rows()), "batch " + batch.ranges());
        } catch (Exception e) {
            String reason = describe(e);
            if (isPermanent(e)) {
                throw new SinkException.Rejected(reason, e);
            }
            throw new SinkException("ADX did not accept a batch of " + batch.rows().size() + " rows: " + reason, e);
        }
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
