package dev.leaderboard.adx;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;

import com.microsoft.azure.kusto.data.Client;
import com.microsoft.azure.kusto.data.ClientFactory;
import com.microsoft.azure.kusto.data.auth.ConnectionStringBuilder;
import com.microsoft.azure.kusto.data.auth.endpoints.KustoTrustedEndpoints;
import com.microsoft.azure.kusto.data.auth.endpoints.MatchRule;
import dev.leaderboard.settings.Settings;

/**
 * Where an ADX cluster is and how to sign in, from environment variables. The secret is never part of
 * {@link #toString()}. Hosts outside Azure's well-known Kusto domains (the emulator as a compose service)
 * are refused by the SDK unless listed in {@code ADX_TRUSTED_HOSTS}.
 *
 * @param clusterUrl   the engine's URL ({@code ADX_CLUSTER_URL}), e.g. https://mycluster.westeurope.kusto.windows.net
 * @param database     {@code ADX_DATABASE}, {@code leaderboard} as in the blog
 * @param auth         {@code ADX_AUTH}
 * @param appId        {@code ADX_APP_ID} (app-secret)
 * @param appSecret    {@code ADX_APP_SECRET} (app-secret)
 * @param tenantId     {@code ADX_TENANT_ID} (app-secret)
 * @param managedIdentityClientId {@code ADX_MANAGED_IDENTITY_CLIENT_ID} (managed-identity, optional)
 * @param trustedHosts {@code ADX_TRUSTED_HOSTS}, comma-separated exact host names
 */
public record AdxConnection(String clusterUrl, String database, AdxAuth auth, String appId, String appSecret,
                            String tenantId, String managedIdentityClientId, List<String> trustedHosts) {

    /** The emulator takes any bearer token; the SDK needs one for a host that is not localhost. */
    private static final String EMULATOR_TOKEN = "kusto-emulator-checks-no-token";

    public static AdxConnection from(Settings settings) {
        String url = settings.required("ADX_CLUSTER_URL", "the ADX cluster's URL, e.g. https://mycluster.westeurope.kusto.windows.net");
        requireHttpUrl(url);
        AdxAuth auth = settings.choice("ADX_AUTH", AdxAuth.AZURE_CLI, AdxAuth.class);
        String appId = null;
        String appSecret = null;
        String tenantId = null;
        if (auth == AdxAuth.APP_SECRET) {
            appId = settings.required("ADX_APP_ID", "the service principal's application (client) id, for ADX_AUTH=app-secret");
            appSecret = settings.required("ADX_APP_SECRET", "the service principal's secret, for ADX_AUTH=app-secret");
            tenantId = settings.required("ADX_TENANT_ID", "the Entra ID tenant, for ADX_AUTH=app-secret");
        }
        List<String> trusted = Arrays.stream(settings.text("ADX_TRUSTED_HOSTS", "").split(","))
                .map(String::trim).filter(host -> !host.isEmpty()).toList();
        return new AdxConnection(url, settings.text("ADX_DATABASE", "leaderboard"), auth, appId, appSecret, tenantId,
                settings.text("ADX_MANAGED_IDENTITY_CLIENT_ID", null), trusted);
    }

    private static void requireHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new Settings.InvalidSettingException("ADX_CLUSTER_URL", "an http(s) URL with a host", url);
            }
        } catch (URISyntaxException e) {
            throw new Settings.InvalidSettingException("ADX_CLUSTER_URL", "an http(s) URL with a host", url);
        }
    }

    public ConnectionStringBuilder connectionString() {
        return switch (auth) {
            case AZURE_CLI -> ConnectionStringBuilder.createWithAzureCli(clusterUrl);
            case APP_SECRET -> ConnectionStringBuilder.createWithAadApplicationCredentials(clusterUrl, appId, appSecret, tenantId);
            case MANAGED_IDENTITY -> managedIdentityClientId == null
                    ? ConnectionStringBuilder.createWithAadManagedIdentity(clusterUrl)
                    : ConnectionStringBuilder.createWithAadManagedIdentity(clusterUrl, managedIdentityClientId);
            case NONE -> ConnectionStringBuilder.createWithAadAccessTokenAuthentication(clusterUrl, EMULATOR_TOKEN);
        };
    }

    /** A query and management client; trusts the configured hosts first. */
    public Client client() {
        trustConfiguredHosts();
        try {
            return ClientFactory.createClient(connectionString());
        } catch (URISyntaxException e) {
            throw new Settings.InvalidSettingException("ADX_CLUSTER_URL", "a valid URL", clusterUrl);
        }
    }

    public void trustConfiguredHosts() {
        if (!trustedHosts.isEmpty()) {
            KustoTrustedEndpoints.addTrustedHosts(
                    trustedHosts.stream().map(host -> new MatchRule(host, true)).toList(), false);
        }
    }

    @Override
    public String toString() {
        return "AdxConnection[" + clusterUrl + ", database " + database + ", auth " + Settings.wordOf(auth)
                + (appId == null ? "" : ", app " + appId) + "]";
    }
}
