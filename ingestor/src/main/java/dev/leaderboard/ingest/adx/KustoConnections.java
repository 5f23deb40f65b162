package dev.leaderboard.ingest.adx;

import java.net.URI;
import java.util.List;

import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.microsoft.azure.kusto.data.auth.ConnectionStringBuilder;
import com.microsoft.azure.kusto.data.auth.endpoints.KustoTrustedEndpoints;
import com.microsoft.azure.kusto.data.auth.endpoints.MatchRule;
import com.microsoft.azure.kusto.data.http.HttpClientProperties;

/**
 * Builds the Kusto SDK's connection strings from the configured auth mode, and tells the SDK which
 * extra hosts to trust. The only place that touches the secret.
 */
public final class KustoConnections {

    /** Sent as the bearer token when {@code ADX_AUTH=none} and the host is not localhost; the emulator checks none. */
    private static final String NO_AUTH_PLACEHOLDER_TOKEN = "no-auth";

    private KustoConnections() {
    }

    public static ConnectionStringBuilder forUrl(URI url, AdxSinkConfig config) {
        String target = url.toString();
        switch (config.auth()) {
            case AZURE_CLI:
                return ConnectionStringBuilder.createWithAzureCli(target);
            case MANAGED_IDENTITY:
                return config.clientId().map(id -> ConnectionStringBuilder.createWithAadManagedIdentity(target, id))
                        .orElseGet(() -> ConnectionStringBuilder.createWithAadManagedIdentity(target));
            case SERVICE_PRINCIPAL:
                return ConnectionStringBuilder.createWithAadApplicationCredentials(target, config.clientId().orElseThrow(),
                        config.clientSecret().orElseThrow(), config.tenantId().orElseThrow());
            case WORKLOAD_IDENTITY:
                WorkloadIdentityCredentialBuilder workload = new WorkloadIdentityCredentialBuilder();
                config.clientId().ifPresent(workload::clientId);
                config.tenantId().ifPresent(workload::tenantId);
                return ConnectionStringBuilder.createWithTokenCredential(target, workload.build());
            default:
                return ConnectionStringBuilder.createWithAadAccessTokenAuthentication(target, NO_AUTH_PLACEHOLDER_TOKEN);
        }
    }

    /** HTTP settings for every Kusto client: ADX_INGEST_TIMEOUT_MS between reads instead of the SDK's hour. */
    public static HttpClientProperties httpProperties(AdxSinkConfig config) {
        return HttpClientProperties.builder()
                .readTimeout(Math.toIntExact(config.ingestTimeout().toSeconds()))
                .build();
    }

    /** Adds the configured hosts, exactly, to the SDK's trusted endpoints; the well-known ADX domains stay trusted. */
    public static void trust(List<String> hosts) {
        if (!hosts.isEmpty()) {
            KustoTrustedEndpoints.addTrustedHosts(hosts.stream().map(h -> new MatchRule(h, true)).toList(), false);
        }
    }
}
