package dev.leaderboard.ingest.adx;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.leaderboard.settings.Settings;
import dev.leaderboard.settings.Settings.InvalidSettingException;

/**
 * The ADX sink's settings, read when {@code INGEST_SINK=adx}. {@link #toString()} never shows the secret.
 *
 * @param clusterUrl   {@code ADX_CLUSTER_URL}: the engine, e.g. https://mycluster.westeurope.kusto.windows.net (required)
 * @param ingestUrl    {@code ADX_INGEST_URL}: the data-management service (queued); default: the SDK derives it
 *                     by adding {@code ingest-} to the cluster's host
 * @param database     {@code ADX_DATABASE}
 * @param table        {@code ADX_TABLE}
 * @param mapping      {@code ADX_MAPPING}: a JSON ingestion mapping that reads sourceTopic/sourcePartition/sourceOffset
 * @param mode         {@code ADX_INGEST_MODE}: queued, streaming or direct
 * @param auth         {@code ADX_AUTH}: azure-cli, managed-identity, service-principal, workload-identity or none
 * @param clientId     {@code ADX_CLIENT_ID}
 * @param clientSecret {@code ADX_CLIENT_SECRET} (service-principal only; never logged)
 * @param tenantId     {@code ADX_TENANT_ID}
 * @param trustedHosts {@code ADX_TRUSTED_HOSTS}: comma-separated host names outside the well-known ADX domains
 *                     that the SDK may talk to (e.g. {@code kusto-emulator}); exact matches only
 * @param queuedStatus {@code ADX_QUEUED_STATUS}: queue (failures to ADX's queue only) or table (every queued
 *                     batch followed to its final status through the status table)
 * @param ingestTimeout {@code ADX_INGEST_TIMEOUT_MS}: longest wait for ADX to accept one batch, the SDK's own
 *                     retries included; then the call is cancelled and retried like a 503 (the SDK's own
 *                     timeouts are 10 minutes per request, past Kafka's max.poll.interval.ms)
 */
public record AdxSinkConfig(URI clusterUrl, Optional<URI> ingestUrl, String database, String table, String mapping,
                            AdxIngestMode mode, AdxAuth auth, Optional<String> clientId, Optional<String> clientSecret,
                            Optional<String> tenantId, List<String> trustedHosts, QueuedStatusReport queuedStatus,
                            Duration ingestTimeout) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,1024}");

    public static AdxSinkConfig from(Settings settings) {
        URI cluster = url(settings, "ADX_CLUSTER_URL", true).orElseThrow();
        AdxAuth auth = choice(settings, "ADX_AUTH", "azure-cli", AdxAuth.class);
        Optional<String> clientId = optional(settings, "ADX_CLIENT_ID");
        Optional<String> secret = optional(settings, "ADX_CLIENT_SECRET");
        Optional<String> tenant = optional(settings, "ADX_TENANT_ID");
        if (auth == AdxAuth.SERVICE_PRINCIPAL) {
            require(clientId, "ADX_CLIENT_ID");
            require(secret, "ADX_CLIENT_SECRET");
            require(tenant, "ADX_TENANT_ID");
        }
        String trusted = settings.text("ADX_TRUSTED_HOSTS", "");
        return new AdxSinkConfig(cluster, url(settings, "ADX_INGEST_URL", false),
                name(settings, "ADX_DATABASE", "leaderboard"),
                name(settings, "ADX_TABLE", "GamePlay"),
                name(settings, "ADX_MAPPING", "gameplay_json_mapping_v2"),
                choice(settings, "ADX_INGEST_MODE", "queued", AdxIngestMode.class),
                auth, clientId, secret, tenant,
                Arrays.stream(trusted.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList(),
                choice(settings, "ADX_QUEUED_STATUS", "queue", QueuedStatusReport.class),
                settings.millis("ADX_INGEST_TIMEOUT_MS", 60_000, 1_000, 240_000));
    }

    private static Optional<URI> url(Settings settings, String name, boolean required) {
        String value = settings.text(name, null);
        if (value == null) {
            if (required) {
                throw new InvalidSettingException(name, "the cluster's URL (https://<cluster>.<region>.kusto.windows.net)", "");
            }
            return Optional.empty();
        }
        try {
            URI uri = URI.create(value);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
            return Optional.of(uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(name, "an http(s) URL with a host", value);
        }
    }

    private static String name(Settings settings, String setting, String defaultValue) {
        String value = settings.text(setting, defaultValue);
        if (!NAME.matcher(value).matches()) {
            throw new InvalidSettingException(setting, "an ADX entity name (letters, digits, _ . -)", value);
        }
        return value;
    }

    private static <E extends Enum<E>> E choice(Settings settings, String name, String defaultValue, Class<E> type) {
        String value = settings.text(name, defaultValue);
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            String allowed = String.join(", ", Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
            throw new InvalidSettingException(name, "one of " + allowed, value);
        }
    }

    private static Optional<String> optional(Settings settings, String name) {
        return Optional.ofNullable(settings.text(name, null));
    }

    private static void require(Optional<String> value, String name) {
        if (value.isEmpty()) {
            throw new InvalidSettingException(name, "set when ADX_AUTH=service-principal", "");
        }
    }

    /** The data-management URL for the queued client: the explicit one, or the engine's (the SDK adds {@code ingest-}). */
    public URI dataManagementUrl() {
        return ingestUrl.orElse(clusterUrl);
    }

    @Override
    public String toString() {
        return "AdxSinkConfig[cluster=" + clusterUrl + ", ingest=" + ingestUrl.map(URI::toString).orElse("(derived)")
                + ", database=" + database + ", table=" + table + ", mapping=" + mapping + ", mode=" + mode
                + ", auth=" + auth + ", clientId=" + clientId.orElse("-") + ", tenantId=" + tenantId.orElse("-")
                + ", clientSecret=" + (clientSecret.isPresent() ? "(set)" : "-") + ", trustedHosts=" + trustedHosts + ", queuedStatus=" + queuedStatus + ", ingestTimeout=" + ingestTimeout.toMillis() + " ms]";
    }
}
