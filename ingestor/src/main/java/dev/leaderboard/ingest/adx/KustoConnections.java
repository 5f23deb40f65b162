package dev.leaderboard.ingest.adx;

import java.net.URI;

import com.microsoft.azure.kusto.data.auth.ConnectionStringBuilder;
import com.microsoft.azure.kusto.data.http.HttpClientProperties;

/** The Kusto SDK's connection settings for the sink's clients: the shared sign-in, the ingest timeout. */
public final class KustoConnections {

    private KustoConnections() {
    }

    public static ConnectionStringBuilder forUrl(URI url, AdxSinkConfig config) {
        return config.connection().connectionStringFor(url);
    }

    /** HTTP settings for every Kusto client: ADX_INGEST_TIMEOUT_MS between reads instead of the SDK's hour. */
    public static HttpClientProperties httpProperties(AdxSinkConfig config) {
        return HttpClientProperties.builder()
                .readTimeout(Math.toIntExact(config.ingestTimeout().toSeconds()))
                .build();
    }
}
