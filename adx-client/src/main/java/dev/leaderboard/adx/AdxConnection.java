package dev.leaderboard.adx;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.microsoft.azure.kusto.data.Client;
import com.microsoft.azure.kusto.data.ClientFactory;
import com.microsoft.azure.kusto.data.auth.ConnectionStringBuilder;
import com.microsoft.azure.kusto.data.auth.endpoints.KustoTrustedEndpoints;
import com.microsoft.azure.kusto.data.auth.endpoints.MatchRule;
import dev.leaderboard.settings.Settings;
import dev.leaderboard.settings.Settings.InvalidSettingException;

/**
 * Where an ADX cluster is and how to sign in, as every app here reads it from environment variables:
 * the ingestor, the web's ADX board and KqlApply. The only place that touches the secret, and
 * {@link #toString()} never shows it. Hosts outside Azure's well-known Kusto domains (the emulator as
 * a compose service) are refused by the SDK unless listed in {@code ADX_TRUSTED_HOSTS}.
 *
 * @param clusterUrl   {@code ADX_CLUSTER_URL}: the engine, e.g. https://mycluster.westeurope.kusto.windows.net (required)
 * @param database     {@code ADX_DATABASE}, {@code leaderboard} as in the blog
 * @param auth         {@code ADX_AUTH}: azure-cli (default), managed-identity, service-principal, workload-identity, none
 * @param clientId     {@code ADX_CLIENT_ID}: the app registration, user-assigned or workload identity
 * @param clientSecret {@code ADX_CLIENT_SECRET}: service-principal only; never logged
 * @param tenantId     {@code ADX_TENANT_ID}
 * @param trustedHosts {@code ADX_TRUSTED_HOSTS}: comma-separated extra hosts, exact matches only
 */
public record AdxConnection(URI clusterUrl, String database, AdxAuth auth, Optional<String> clientId,
                            Optional<String> clientSecret, Optional<String> tenantId, List<String> trustedHosts) {

    /** Sent as the bearer token when {@code ADX_AUTH=none} and the host is not localhost; the emulator checks none. */
    private static final String NO_AUTH_PLACEHOLDER_TOKEN = "no-auth";
    private static final Pattern ENTITY_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,1024}");

    public static AdxConnection from(Settings settings) {
        URI cluster = httpUrl(settings, "ADX_CLUSTER_URL")
                .orElseThrow(() -> new InvalidSettingException("ADX_CLUSTER_URL",
                        "the cluster's URL (https://<cluster>.<region>.kusto.windows.net)", ""));
        AdxAuth auth = settings.choice("ADX_AUTH", AdxAuth.AZURE_CLI, AdxAuth.class);
        Optional<String> clientId = Optional.ofNullable(settings.text("ADX_CLIENT_ID", null));
        Optional<String> secret = Optional.ofNullable(settings.text("ADX_CLIENT_SECRET", null));
        Optional<String> tenant = Optional.ofNullable(settings.text("ADX_TENANT_ID", null));
        if (auth == AdxAuth.SERVICE_PRINCIPAL) {
            requireForServicePrincipal(clientId, "ADX_CLIENT_ID");
            requireForServicePrincipal(secret, "ADX_CLIENT_SECRET");
            requireForServicePrincipal(tenant, "ADX_TENANT_ID");
        }
        List<String> trusted = Arrays.stream(settings.text("ADX_TRUSTED_HOSTS", "").split(","))
                .map(String::trim).filter(host -> !host.isEmpty()).toList();
        return new AdxConnection(cluster, entityName(settings, "ADX_DATABASE", "leaderboard"), auth, clientId, secret,
                tenant, trusted);
    }

    /** An optional http(s) URL setting; a value that is not one fails naming the variable. */
    public static Optional<URI> httpUrl(Settings settings, String name) {
        String value = settings.text(name, null);
        if (value == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidSettingException(name, "an http(s) URL with a host", value);
    }

    /** A database, table or mapping name: letters, digits, {@code _ . -}; anything else fails naming the variable. */
    public static String entityName(Settings settings, String name, String defaultValue) {
        String value = settings.text(name, defaultValue);
        if (!ENTITY_NAME.matcher(value).matches()) {
            throw new InvalidSettingException(name, "an ADX entity name (letters, digits, _ . -)", value);
        }
        return value;
    }

    private static void requireForServicePrincipal(Optional<String> value, String name) {
        if (value.isEmpty()) {
            throw new InvalidSettingException(name, "set when ADX_AUTH=service-principal", "");
        }
    }

    public ConnectionStringBuilder connectionString() {
        return connectionStringFor(clusterUrl);
    }

    /** The same sign-in for another endpoint of the cluster, e.g. its data-management service. */
    public ConnectionStringBuilder connectionStringFor(URI url) {
        String target = url.toString();
        return switch (auth) {
            case AZURE_CLI -> ConnectionStringBuilder.createWithAzureCli(target);
            case MANAGED_IDENTITY -> clientId.map(id -> ConnectionStringBuilder.createWithAadManagedIdentity(target, id))
                    .orElseGet(() -> ConnectionStringBuilder.createWithAadManagedIdentity(target));
            case SERVICE_PRINCIPAL -> ConnectionStringBuilder.createWithAadApplicationCredentials(target,
                    clientId.orElseThrow(), clientSecret.orElseThrow(), tenantId.orElseThrow());
            case WORKLOAD_IDENTITY -> {
                WorkloadIdentityCredentialBuilder workload = new WorkloadIdentityCredentialBuilder();
                clientId.ifPresent(workload::clientId);
                tenantId.ifPresent(workload::tenantId);
                yield ConnectionStringBuilder.createWithTokenCredential(target, workload.build());
            }
            case NONE -> ConnectionStringBuilder.createWithAadAccessTokenAuthentication(target, NO_AUTH_PLACEHOLDER_TOKEN);
        };
    }

    /** A query and management client; trusts the configured hosts first. */
    public Client client() {
        trustConfiguredHosts();
        try {
            return ClientFactory.createClient(connectionString());
        } catch (URISyntaxException e) {
            throw new InvalidSettingException("ADX_CLUSTER_URL", "a valid URL", clusterUrl.toString());
        }
    }

    /** Adds the configured hosts, exactly, to the SDK's trusted endpoints; the well-known ADX domains stay trusted. */
    public void trustConfiguredHosts() {
        if (!trustedHosts.isEmpty()) {
            KustoTrustedEndpoints.addTrustedHosts(
                    trustedHosts.stream().map(host -> new MatchRule(host, true)).toList(), false);
        }
    }

    @Override
    public String toString() {
        return "AdxConnection[" + clusterUrl + ", database " + database + ", auth " + Settings.wordOf(auth)
                + ", clientId " + clientId.orElse("-") + ", tenantId " + tenantId.orElse("-")
                + ", clientSecret " + (clientSecret.isPresent() ? "(set)" : "-") + ", trustedHosts " + trustedHosts + "]";
    }
}
