package dev.leaderboard.ingest.adx;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

import com.microsoft.azure.kusto.data.ClientFactory;
import com.microsoft.azure.kusto.data.ClientRequestProperties;
import com.microsoft.azure.kusto.data.StreamingClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streaming ingestion: one gzip request per batch, sent once. The SDK's managed client would retry a
 * request whose answer was lost (three tries, then queued), and each retry of a batch ADX had already
 * applied is a duplicate; here the sink decides, after asking the table whether the rows landed. A batch
 * above ADX's streaming limit goes queued, as the managed client would send it, and is at least once.
 */
final class StreamingIngestion implements AdxIngestion {

    private static final Logger log = LoggerFactory.getLogger(StreamingIngestion.class);
    /** ADX's limit for one streaming request, uncompressed (the SDK's ManagedStreamingQueuingPolicy). */
    static final int MAX_STREAMING_BYTES = 4 * 1024 * 1024;

    private final StreamingClient client;
    private final SdkIngestion queued;
    private final String database;
    private final String table;
    private final String mapping;
    private final Duration timeout;

    private final int maxStreamingBytes;

    StreamingIngestion(AdxSinkConfig config, MeterRegistry registry) throws URISyntaxException {
        this(config, registry, MAX_STREAMING_BYTES);
    }

    /** With another streaming limit than ADX's: for tests of the queued way. */
    StreamingIngestion(AdxSinkConfig config, MeterRegistry registry, int maxStreamingBytes) throws URISyntaxException {
        this.maxStreamingBytes = maxStreamingBytes;
        this.client = ClientFactory.createStreamingClient(KustoConnections.forUrl(config.clusterUrl(), config),
                KustoConnections.httpProperties(config));
        this.queued = SdkIngestion.queued(config, registry);
        this.database = config.database();
        this.table = config.table();
        this.mapping = config.mapping();
        this.timeout = config.ingestTimeout();
    }

    @Override
    public void ingest(byte[] jsonLines, String batch) throws Exception {
        if (jsonLines.length > maxStreamingBytes) {
            log.warn("{} is {} bytes, above ADX's streaming limit: sent queued, at least once", batch, jsonLines.length);
            queued.ingest(jsonLines, batch);
            return;
        }
        ClientRequestProperties properties = new ClientRequestProperties();
        // ADX gives up on the request when the client does, so its outcome is settled after the timeout.
        properties.setTimeoutInMilliSec(timeout.toMillis());
        client.executeStreamingIngestAsync(database, table, new ByteArrayInputStream(gzip(jsonLines)), properties,
                "json", mapping, false).timeout(timeout).block();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        queued.close();
    }
}
