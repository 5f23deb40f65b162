package dev.leaderboard.adx;

/** How an app proves who it is to ADX ({@code ADX_AUTH}). */
public enum AdxAuth {
    /** The signed-in Azure CLI user: a developer's machine. */
    AZURE_CLI,
    /** The VM's or container's managed identity; {@code ADX_CLIENT_ID} picks a user-assigned one. */
    MANAGED_IDENTITY,
    /** An app registration: {@code ADX_CLIENT_ID}, {@code ADX_CLIENT_SECRET}, {@code ADX_TENANT_ID}. */
    SERVICE_PRINCIPAL,
    /** Kubernetes workload identity (the pod's federated token); {@code ADX_CLIENT_ID}, {@code ADX_TENANT_ID} optional. */
    WORKLOAD_IDENTITY,
    /** No credential: the Kusto emulator or a local double. A placeholder token goes to hosts other than localhost. */
    NONE
}
