package dev.leaderboard.ingest.adx;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.time.Duration;

import com.microsoft.azure.kusto.ingest.IngestClient;
import com.microsoft.azure.kusto.ingest.IngestClientFactory;
import com.microsoft.azure.kusto.ingest.IngestionMapping;
import com.microsoft.azure.kusto.ingest.IngestionProperties;
import com.microsoft.azure.kusto.ingest.result.IngestionResult;
import com.microsoft.azure.kusto.ingest.result.IngestionStatus;
import com.microsoft.azure.kusto.ingest.result.OperationStatus;
import com.microsoft.azure.kusto.ingest.result.TableReportIngestionResult;
import com.microsoft.azure.kusto.ingest.source.StreamSourceInfo;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Queued ingestion through kusto-ingest (also streaming's way for a batch above ADX's streaming limit):
 * accepted when the blob and the queue message are stored. "Queued" is not "ingested": see the module README.
 */
final class SdkIngestion implements AdxIngestion {

    private final IngestClient client;
    private final IngestionProperties properties;
    private final Duration timeout;
    private final QueuedStatusTracker tracker;

    private SdkIngestion(IngestClient client, AdxSinkConfig config, MeterRegistry registry) {
        this.client = client;
        this.timeout = config.ingestTimeout();
        this.properties = new IngestionProperties(config.database(), config.table());
        properties.setDataFormat(IngestionProperties.DataFormat.JSON);
        properties.setIngestionMapping(config.mapping(), IngestionMapping.IngestionMappingKind.JSON);
        if (config.queuedStatus() == QueuedStatusReport.TABLE) {
            // Every queued batch gets a row in ADX's status table, followed by the tracker.
            properties.setReportLevel(IngestionProperties.IngestionReportLevel.FAILURES_AND_SUCCESSES);
            properties.setReportMethod(IngestionProperties.IngestionReportMethod.TABLE);
            this.tracker = new QueuedStatusTracker(registry);
        } else {
            // Failures reach the failed-ingestions queue and `.show ingestion failures` (kql/operations/).
            properties.setReportLevel(IngestionProperties.IngestionReportLevel.FAILURES_ONLY);
            this.tracker = null;
        }
    }

    static SdkIngestion queued(AdxSinkConfig config, MeterRegistry registry) throws URISyntaxException {
        return new SdkIngestion(IngestClientFactory.createClient(
                KustoConnections.forUrl(config.dataManagementUrl(), config), KustoConnections.httpProperties(config)), config, registry);
    }

    @Override
    public void ingest(byte[] jsonLines, String batch) throws Exception {
        // A timeout cancels the SDK's call (and its HTTP request); the blob may still have been queued, and
        // then the retry's copy is removed by GamePlayDeduped.
        IngestionResult result = client.ingestFromStreamAsync(
                new StreamSourceInfo(new ByteArrayInputStream(jsonLines)), properties).timeout(timeout).block();
        for (IngestionStatus status : result.getIngestionStatusCollection()) {
            OperationStatus state = status.status;
            if (state != OperationStatus.Succeeded && state != OperationStatus.Queued && state != OperationStatus.Pending) {
                throw new IllegalStateException("ADX reported " + state + ": " + status.details);
            }
        }
        if (tracker != null && result instanceof TableReportIngestionResult) {
            tracker.track(result, batch);
        }
    }

    @Override
    public void close() {
        if (tracker != null) {
            tracker.close();
        }
        try {
            client.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
