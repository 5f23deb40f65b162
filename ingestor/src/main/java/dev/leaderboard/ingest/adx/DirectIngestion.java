package dev.leaderboard.ingest.adx;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

import com.microsoft.azure.kusto.data.Client;
import com.microsoft.azure.kusto.data.ClientFactory;

/**
 * {@code .ingest inline} through kusto-data: the rows travel inside one management command, and ADX has
 * ingested them when the command returns. For the Kusto emulator and small volumes; ADX documents inline
 * ingestion as not meant for production load.
 */
final class DirectIngestion implements AdxIngestion {

    private final Client client;
    private final String database;
    private final String commandHead;

    DirectIngestion(AdxSinkConfig config) throws URISyntaxException {
        this.client = ClientFactory.createClient(KustoConnections.forUrl(config.clusterUrl(), config));
        this.database = config.database();
        // The names are validated at start-up (AdxSinkConfig), so quoting them here is safe; the data
        // after `<|` is one JSON object per line, never interpreted as KQL.
        this.commandHead = ".ingest inline into table ['" + config.table() + "'] with (format='json', "
                + "ingestionMappingReference='" + config.mapping() + "') <|\n";
    }

    @Override
    public void ingest(byte[] jsonLines) throws Exception {
        client.executeMgmt(database, commandHead + new String(jsonLines, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        // kusto-data's Client holds no resources of its own to release in 7.0.
    }
}
