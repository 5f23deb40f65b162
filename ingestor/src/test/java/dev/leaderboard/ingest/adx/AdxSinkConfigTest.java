package dev.leaderboard.ingest.adx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.leaderboard.adx.AdxAuth;
import dev.leaderboard.ingest.IngestorConfig;
import dev.leaderboard.ingest.SinkKind;
import dev.leaderboard.settings.Settings;
import dev.leaderboard.settings.Settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

class AdxSinkConfigTest {

    private static final String CLUSTER = "https://mycluster.westeurope.kusto.windows.net";

    @Test
    void defaultsToQueuedIngestionOfTheProvenanceMappingWithAzureCli() {
        AdxSinkConfig config = AdxSinkConfig.from(settings(Map.of("ADX_CLUSTER_URL", CLUSTER)));

        assertThat(config.clusterUrl()).isEqualTo(URI.create(CLUSTER));
        assertThat(config.dataManagementUrl()).isEqualTo(URI.create(CLUSTER));
        assertThat(config.database()).isEqualTo("leaderboard");
        assertThat(config.table()).isEqualTo("GamePlay");
        assertThat(config.mapping()).isEqualTo("gameplay_json_mapping_v2");
        assertThat(config.mode()).isEqualTo(AdxIngestMode.QUEUED);
        assertThat(config.auth()).isEqualTo(AdxAuth.AZURE_CLI);
        assertThat(config.trustedHosts()).isEmpty();
        assertThat(config.ingestTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(config.queuedStatus()).isEqualTo(QueuedStatusReport.QUEUE);
    }

    @Test
    void readsEveryModeAuthAndTrustedHosts() {
        AdxSinkConfig config = AdxSinkConfig.from(settings(Map.of("ADX_CLUSTER_URL", "http://kusto-emulator:8080",
                "ADX_INGEST_MODE", "direct", "ADX_AUTH", "none", "ADX_TRUSTED_HOSTS", "kusto-emulator, other-host ",
                "ADX_INGEST_URL", "https://ingest-mycluster.westeurope.kusto.windows.net")));

        assertThat(config.mode()).isEqualTo(AdxIngestMode.DIRECT);
        assertThat(config.auth()).isEqualTo(AdxAuth.NONE);
        assertThat(config.trustedHosts()).isEqualTo(List.of("kusto-emulator", "other-host"));
        assertThat(config.dataManagementUrl()).isEqualTo(URI.create("https://ingest-mycluster.westeurope.kusto.windows.net"));
        assertThat(AdxSinkConfig.from(settings(Map.of("ADX_CLUSTER_URL", CLUSTER, "ADX_INGEST_MODE", "streaming",
                "ADX_AUTH", "workload-identity"))).auth()).isEqualTo(AdxAuth.WORKLOAD_IDENTITY);
    }

    @Test
    void missingClusterUrlFailsNamingIt() {
        assertThatThrownBy(() -> AdxSinkConfig.from(settings(Map.of())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("ADX_CLUSTER_URL must be");
    }

    @Test
    void badValuesFailNamingTheVariable() {
        assertFailsNaming("ADX_CLUSTER_URL", Map.of("ADX_CLUSTER_URL", "mycluster"));
        assertFailsNaming("ADX_INGEST_URL", Map.of("ADX_CLUSTER_URL", CLUSTER, "ADX_INGEST_URL", "ftp://x"));
        assertFailsNaming("ADX_INGEST_MODE", Map.of("ADX_CLUSTER_URL", CLUSTER, "ADX_INGEST_MODE", "fast"));
        assertFailsNaming("ADX_AUTH", Map.of("ADX_CLUSTER_URL", CLUSTER, "ADX_AUTH", "password"));
        assertFailsNaming("ADX_TABLE", Map.of("ADX_CLUSTER_URL", CLUSTER, "ADX_TABLE", "GamePlay'] | drop"));
        assertFailsNaming("ADX_MAPPING", Map.of("ADX_CLUSTER_URL", CLUSTER, "ADX_MAPPING", "a b"));
        assertFailsNaming("ADX_QUEUED_STATUS", Map.of("ADX_CLUSTER_URL", CLUSTER, "ADX_QUEUED_STATUS", "poll"));
        assertFailsNaming("ADX_INGEST_TIMEOUT_MS", Map.of("ADX_CLUSTER_URL", CLUSTER, "ADX_INGEST_TIMEOUT_MS", "600000"));
    }

    @Test
    void servicePrincipalNeedsAppIdSecretAndTenant() {
        Map<String, String> all = Map.of("ADX_CLUSTER_URL", CLUSTER, "ADX_AUTH", "service-principal",
                "ADX_CLIENT_ID", "app", "ADX_CLIENT_SECRET", "s3cr3t-value", "ADX_TENANT_ID", "tenant");
        for (String missing : List.of("ADX_CLIENT_ID", "ADX_CLIENT_SECRET", "ADX_TENANT_ID")) {
            Map<String, String> without = new HashMap<>(all);
            without.remove(missing);
            assertFailsNaming(missing, without);
        }
        assertThat(AdxSinkConfig.from(settings(all)).auth()).isEqualTo(AdxAuth.SERVICE_PRINCIPAL);
    }

    @Test
    void neverShowsTheSecret() {
        AdxSinkConfig config = AdxSinkConfig.from(settings(Map.of("ADX_CLUSTER_URL", CLUSTER, "ADX_AUTH",
                "service-principal", "ADX_CLIENT_ID", "app", "ADX_CLIENT_SECRET", "s3cr3t-value", "ADX_TENANT_ID", "tenant")));

        assertThat(config.toString()).doesNotContain("s3cr3t-value").contains("clientSecret (set)");
    }

    @Test
    void ingestSinkAndRetrySettingsFailNamingTheVariable() {
        assertThat(IngestorConfig.from(settings(Map.of("INGEST_SINK", "ADX"))).sink()).isEqualTo(SinkKind.ADX);
        assertThat(IngestorConfig.from(settings(Map.of())).sink()).isEqualTo(SinkKind.DUCKDB);
        assertThatThrownBy(() -> IngestorConfig.from(settings(Map.of("INGEST_SINK", "kusto"))))
                .hasMessageStartingWith("INGEST_SINK must be one of duckdb, adx");
        assertThatThrownBy(() -> IngestorConfig.from(settings(Map.of("INGEST_RETRY_FIRST_MS", "1000", "INGEST_RETRY_MAX_MS", "10"))))
                .hasMessageStartingWith("INGEST_RETRY_MAX_MS must be");
        assertThatThrownBy(() -> IngestorConfig.from(settings(Map.of("INGEST_METRICS_PORT", "http"))))
                .hasMessageStartingWith("INGEST_METRICS_PORT must be");
    }

    private static void assertFailsNaming(String variable, Map<String, String> values) {
        assertThatThrownBy(() -> AdxSinkConfig.from(settings(values)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith(variable + " must be")
                .satisfies(e -> assertThat(((InvalidSettingException) e).setting()).isEqualTo(variable));
    }

    private static Settings settings(Map<String, String> values) {
        return new Settings(values);
    }
}
