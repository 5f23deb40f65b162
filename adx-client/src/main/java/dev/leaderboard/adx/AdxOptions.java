package dev.leaderboard.adx;

import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * The {@code ADX_*} connection settings as command-line options, for every app that talks to ADX (read by
 * {@link AdxConnection#from}). The secret's default is never shown in {@code --help}.
 */
public final class AdxOptions {

    @Option(names = "--adx-cluster-url", paramLabel = "ADX_CLUSTER_URL", defaultValue = "${env:ADX_CLUSTER_URL}",
            description = "The engine's URL, https://CLUSTER.REGION.kusto.windows.net (required for ADX).")
    String clusterUrl;

    @Option(names = "--adx-database", paramLabel = "ADX_DATABASE", defaultValue = "${env:ADX_DATABASE:-leaderboard}",
            description = "The database (default: ${DEFAULT-VALUE}).")
    String database;

    @Option(names = "--adx-auth", paramLabel = "ADX_AUTH", defaultValue = "${env:ADX_AUTH:-azure-cli}",
            description = "azure-cli, managed-identity, service-principal, workload-identity or none (default: ${DEFAULT-VALUE}).")
    String auth;

    @Option(names = "--adx-client-id", paramLabel = "ADX_CLIENT_ID", defaultValue = "${env:ADX_CLIENT_ID}",
            description = "The app registration or user-assigned identity's client id (default: unset).")
    String clientId;

    @Option(names = "--adx-client-secret", paramLabel = "ADX_CLIENT_SECRET", defaultValue = "${env:ADX_CLIENT_SECRET}",
            showDefaultValue = Visibility.NEVER,
            description = "The service principal's secret; prefer the variable: a flag shows in the process list.")
    String clientSecret;

    @Option(names = "--adx-tenant-id", paramLabel = "ADX_TENANT_ID", defaultValue = "${env:ADX_TENANT_ID}",
            description = "Its Entra ID tenant (default: unset).")
    String tenantId;

    @Option(names = "--adx-trusted-hosts", paramLabel = "ADX_TRUSTED_HOSTS", defaultValue = "${env:ADX_TRUSTED_HOSTS}",
            description = "Hosts outside Azure's Kusto domains the SDK may call, comma-separated (default: none).")
    String trustedHosts;
}
