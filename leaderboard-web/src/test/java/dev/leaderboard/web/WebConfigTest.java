package dev.leaderboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.leaderboard.settings.Settings;
import org.junit.jupiter.api.Test;

class WebConfigTest {

    @Test
    void defaultsToDuckDbWithAOneSecondCacheAndPush() {
        WebConfig config = WebConfig.from(new Settings(Map.of()));

        assertThat(config).isEqualTo(new WebConfig(7070, WebConfig.Store.DUCKDB, Path.of("work/leaderboard.duckdb"),
                Optional.empty(), new ServingConfig(Duration.ofSeconds(1), Duration.ofSeconds(1))));
    }

    @Test
    void readsTheAdxStoreAndTheServingSettings() {
        WebConfig config = WebConfig.from(new Settings(Map.of("BOARD_STORE", "adx",
                "ADX_CLUSTER_URL", "https://mycluster.westeurope.kusto.windows.net", "ADX_DATABASE", "games",
                "BOARD_CACHE_TTL_MS", "250", "BOARD_PUSH_INTERVAL_MS", "500")));

        assertThat(config.store()).isEqualTo(WebConfig.Store.ADX);
        assertThat(config.adx()).hasValueSatisfying(adx -> {
            assertThat(adx.clusterUrl()).hasToString("https://mycluster.westeurope.kusto.windows.net");
            assertThat(adx.database()).isEqualTo("games");
        });
        assertThat(config.serving()).isEqualTo(new ServingConfig(Duration.ofMillis(250), Duration.ofMillis(500)));
    }

    @Test
    void failsNamingTheVariable() {
        assertThatThrownBy(() -> WebConfig.from(new Settings(Map.of("BOARD_STORE", "postgres"))))
                .hasMessage("BOARD_STORE must be one of duckdb, adx, was 'postgres'");
        assertThatThrownBy(() -> WebConfig.from(new Settings(Map.of("BOARD_STORE", "adx"))))
                .hasMessageStartingWith("ADX_CLUSTER_URL must be the cluster's URL");
        assertThatThrownBy(() -> WebConfig.from(new Settings(Map.of("BOARD_CACHE_TTL_MS", "0"))))
                .hasMessage("BOARD_CACHE_TTL_MS must be an integer in 1..3600000, was '0'");
    }
}
