package dev.leaderboard.ingest.adx;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.leaderboard.adx.AdxAuth;
import dev.leaderboard.adx.AdxConnection;
import dev.leaderboard.settings.Settings;

/**
 * The ADX sink's settings, read when {@code INGEST_SINK=adx}: the cluster and sign-in every ADX app
 * shares ({@link AdxConnection}, {@code ADX_CLUSTER_URL}, {@code ADX_AUTH}, ...), and how to ingest.
 * {@link #toString()} never shows the secret.
 *
 * @param connection   the cluster, database and sign-in
 * @param ingestUrl    {@code ADX_INGEST_URL}: the data-management service (queued); default: the SDK derives it
 *                     by adding {@code ingest-} to the cluster's host
 * @param table        {@code ADX_TABLE}
 * @param mapping      {@code ADX_MAPPING}: a JSON ingestion mapping that reads sourceTopic/sourcePartition/sourceOffset
 * @param mode         {@code ADX_INGEST_MODE}: queued, streaming or direct
 * @param queuedStatus {@code ADX_QUEUED_STATUS}: queue (failures to ADX's queue only) or table (every queued
 *                     batch followed to its final status through the status table)
 * @param ingestTimeout {@code ADX_INGEST_TIMEOUT_MS}: longest wait for ADX to accept one batch, the SDK's own
 *                     retries included; then the call is cancelled and retried like a 503 (the SDK's own
 *                     timeouts are 10 minutes per request, past Kafka's max.poll.interval.ms)
 */
public record AdxSinkConfig(AdxConnection connection, Optional<URI> ingestUrl, String table, String mapping,
                            AdxIngestMode mode, QueuedStatusReport queuedStatus, Duration ingestTimeout) {

    public static AdxSinkConfig from(Settings settings) {
        return new AdxSinkConfig(AdxConnection.from(settings),
                AdxConnection.httpUrl(settings, "ADX_INGEST_URL"),
                AdxConnection.entityName(settings, "ADX_TABLE", "GamePlay"),
                AdxConnection.entityName(settings, "ADX_MAPPING", "gameplay_json_mapping_v2"),
                settings.choice("ADX_INGEST_MODE", AdxIngestMode.QUEUED, AdxIngestMode.class),
                settings.choice("ADX_QUEUED_STATUS", QueuedStatusReport.QUEUE, QueuedStatusReport.class),
                settings.millis("ADX_INGEST_TIMEOUT_MS", 60_000, 1_000, 240_000));
    }

    public URI clusterUrl() {
        return connection.clusterUrl();
    }

    public String database() {
        return connection.database();
    }

    public AdxAuth auth() {
        return connection.auth();
    }

    public List<String> trustedHosts() {
        return connection.trustedHosts();
    }

    /** The data-management URL for the queued client: the explicit one, or the engine's (the SDK adds {@code ingest-}). */
    public URI dataManagementUrl() {
        return ingestUrl.orElse(connection.clusterUrl());
    }

    @Override
    public String toString() {
        return "AdxSinkConfig[" + connection + ", ingest=" + ingestUrl.map(URI::toString).orElse("(derived)")
                + ", table=" + table + ", mapping=" + mapping + ", mode=" + mode.name().toLowerCase(Locale.ROOT)
                + ", queuedStatus=" + queuedStatus + ", ingestTimeout=" + ingestTimeout.toMillis() + " ms]";
    }
}
