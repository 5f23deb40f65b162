package dev.leaderboard.adx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.leaderboard.settings.Settings;
import dev.leaderboard.settings.Settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

class AdxConnectionTest {

    private static final String CLUSTER = "https://mycluster.westeurope.kusto.windows.net";

    @Test
    void defaultsToAzureCliOnTheBlogsDatabase() {
        AdxConnection connection = AdxConnection.from(new Settings(Map.of("ADX_CLUSTER_URL", CLUSTER)));

        assertThat(connection.clusterUrl()).isEqualTo(URI.create(CLUSTER));
        assertThat(connection.auth()).isEqualTo(AdxAuth.AZURE_CLI);
        assertThat(connection.database()).isEqualTo("leaderboard");
        assertThat(connection.trustedHosts()).isEmpty();
    }

    @Test
    void readsTheEmulatorsSettings() {
        AdxConnection connection = AdxConnection.from(new Settings(Map.of("ADX_CLUSTER_URL", "http://kusto-emulator:8080",
                "ADX_AUTH", "none", "ADX_TRUSTED_HOSTS", "kusto-emulator, other-host ")));

        assertThat(connection.auth()).isEqualTo(AdxAuth.NONE);
        assertThat(connection.trustedHosts()).isEqualTo(List.of("kusto-emulator", "other-host"));
    }

    @Test
    void servicePrincipalNeedsItsThreeSettingsAndTheSecretNeverShows() {
        Map<String, String> all = Map.of("ADX_CLUSTER_URL", CLUSTER, "ADX_AUTH", "service-principal",
                "ADX_CLIENT_ID", "app", "ADX_CLIENT_SECRET", "s3cr3t-value", "ADX_TENANT_ID", "tenant");
        for (String missing : List.of("ADX_CLIENT_ID", "ADX_CLIENT_SECRET", "ADX_TENANT_ID")) {
            Map<String, String> without = new HashMap<>(all);
            without.remove(missing);
            assertThatThrownBy(() -> AdxConnection.from(new Settings(without)))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessage(missing + " must be set when ADX_AUTH=service-principal, was ''");
        }
        AdxConnection connection = AdxConnection.from(new Settings(all));
        assertThat(connection.toString()).doesNotContain("s3cr3t-value").contains("clientSecret (set)");
    }

    @Test
    void badValuesFailNamingTheVariable() {
        assertThatThrownBy(() -> AdxConnection.from(new Settings(Map.of("ADX_CLUSTER_URL", "mycluster"))))
                .hasMessage("ADX_CLUSTER_URL must be an http(s) URL with a host, was 'mycluster'");
        assertThatThrownBy(() -> AdxConnection.from(new Settings(Map.of())))
                .hasMessageStartingWith("ADX_CLUSTER_URL must be the cluster's URL");
        assertThatThrownBy(() -> AdxConnection.from(new Settings(Map.of("ADX_CLUSTER_URL", CLUSTER, "ADX_AUTH", "password"))))
                .hasMessage("ADX_AUTH must be one of azure-cli, managed-identity, service-principal, workload-identity, none, was 'password'");
        assertThatThrownBy(() -> AdxConnection.from(new Settings(Map.of("ADX_CLUSTER_URL", CLUSTER, "ADX_DATABASE", "db; drop"))))
                .hasMessageStartingWith("ADX_DATABASE must be an ADX entity name");
    }
}
