package dev.leaderboard.adx;

/** How an app proves who it is to ADX ({@code ADX_AUTH}). */
public enum AdxAuth {
    /** The developer's `az login` session. */
    AZURE_CLI,
    /** A service principal: {@code ADX_APP_ID}, {@code ADX_APP_SECRET}, {@code ADX_TENANT_ID}. */
    APP_SECRET,
    /** The managed identity of the Azure resource the app runs on ({@code ADX_MANAGED_IDENTITY_CLIENT_ID} for a user-assigned one). */
    MANAGED_IDENTITY,
    /** No credentials: the Kusto emulator, which checks no token. */
    NONE
}
