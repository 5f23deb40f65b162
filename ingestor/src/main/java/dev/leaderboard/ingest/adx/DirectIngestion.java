package dev.leaderboard.ingest.adx;

import java.net.URISyntaxException;
import java.time.Duration;
import java.nio.charset.StandardCharsets;

import com.microsoft.azure.kusto.data.Client;
import com.microsoft.azure.kusto.data.ClientFactory;
import com.microsoft.azure.kusto.data.ClientRequestProperties;

/**
 * {@code .ingest inline} through kusto-data: the rows travel inside one management command, and ADX has
 * ingested them when the command returns. For the Kusto emulator and small volumes; ADX documents inline
 * ingestion as not meant for production load.
 */
final class DirectIngestion implements AdxIngestion {

    private final Client client;
    private final String database;
    private final String commandHead;
    private final ClientRequestProperties properties;
    private final Duration timeout;

    DirectIngestion(AdxSinkConfig config) throws URISyntaxException {
        this.client = ClientFactory.createClient(KustoConnections.forUrl(config.clusterUrl(), config),
                KustoConnections.httpProperties(config));
        this.properties = new ClientRequestProperties();
        // ADX stops the command at the same time as the client gives up on it.
        properties.setTimeoutInMilliSec(config.ingestTimeout().toMillis());
        this.timeout = config.ingestTimeout();
        this.database = config.database();
        // The names are validated at start-up (AdxSinkConfig), so quoting them here is safe; the data
        // after `<|` is one JSON object per line, never interpreted as KQL.
        this.commandHead = ".ingest inline into table ['" + config.table() + "'] with (format='json', "
                + "ingestionMappingReference='" + config.mapping() + "') <|\n";
    }

    @Override
    public void ingest(byte[] jsonLines, String batch) throws Exception {
        client.executeMgmtAsync(database, commandHead + new String(jsonLines, StandardCharsets.UTF_8), properties)
                .timeout(timeout).block();
    }

    @Override
    public void close() {
        // kusto-data's Client holds no resources of its own to release in 7.0.
    }
}
