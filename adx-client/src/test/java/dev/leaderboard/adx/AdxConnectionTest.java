package dev.leaderboard.adx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import dev.leaderboard.settings.Settings;
import org.junit.jupiter.api.Test;

class AdxConnectionTest {

    @Test
    void defaultsToAzureCliOnTheBlogsDatabase() {
        AdxConnection connection = AdxConnection.from(new Settings(Map.of(
                "ADX_CLUSTER_URL", "https://mycluster.westeurope.kusto.windows.net")));

        assertThat(connection.auth()).isEqualTo(AdxAuth.AZURE_CLI);
        assertThat(connection.database()).isEqualTo("leaderboard");
    }

    @Test
    void requiresTheServicePrincipalsThreeSettingsAndNeverPrintsTheSecret() {
        assertThatThrownBy(() -> AdxConnection.from(new Settings(Map.of(
                "ADX_CLUSTER_URL", "https://c.kusto.windows.net", "ADX_AUTH", "app-secret", "ADX_APP_ID", "app"))))
                .hasMessageStartingWith("ADX_APP_SECRET is required");

        AdxConnection connection = AdxConnection.from(new Settings(Map.of(
                "ADX_CLUSTER_URL", "https://c.kusto.windows.net", "ADX_AUTH", "app-secret",
                "ADX_APP_ID", "app", "ADX_APP_SECRET", "s3cret-value", "ADX_TENANT_ID", "tenant")));
        assertThat(connection.toString()).doesNotContain("s3cret-value").contains("app-secret");
    }

    @Test
    void rejectsAClusterUrlThatIsNotHttp() {
        assertThatThrownBy(() -> AdxConnection.from(new Settings(Map.of("ADX_CLUSTER_URL", "mycluster"))))
                .hasMessage("ADX_CLUSTER_URL must be an http(s) URL with a host, was 'mycluster'");
        assertThatThrownBy(() -> AdxConnection.from(new Settings(Map.of())))
                .hasMessageStartingWith("ADX_CLUSTER_URL is required");
    }

    @Test
    void rejectsAnUnknownAuthMode() {
        assertThatThrownBy(() -> AdxConnection.from(new Settings(Map.of(
                "ADX_CLUSTER_URL", "https://c.kusto.windows.net", "ADX_AUTH", "password"))))
                .hasMessage("ADX_AUTH must be one of azure-cli, app-secret, managed-identity, none, was 'password'");
    }
}
