package dev.leaderboard.ingest.adx;

/** How the ingestor authenticates to ADX ({@code ADX_AUTH}). */
public enum AdxAuth {
    /** The signed-in Azure CLI user: a developer's machine. */
    AZURE_CLI,
    /** The VM's or container's managed identity; {@code ADX_CLIENT_ID} picks a user-assigned one. */
    MANAGED_IDENTITY,
    /** An app registration: {@code ADX_CLIENT_ID}, {@code ADX_CLIENT_SECRET}, {@code ADX_TENANT_ID}. */
    SERVICE_PRINCIPAL,
    /** Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE from the pod); {@code ADX_CLIENT_ID}, {@code ADX_TENANT_ID} optional. */
    WORKLOAD_IDENTITY,
    /** No credential: the Kusto emulator or a local double. A placeholder token is sent to hosts other than localhost. */
    NONE
}
