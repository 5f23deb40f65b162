package dev.leaderboard.web;

import java.nio.file.Path;

import dev.leaderboard.settings.Settings;
import dev.leaderboard.settings.Settings.InvalidSettingException;

/**
 * The web app's settings, from environment variables.
 *
 * @param port           HTTP port ({@code WEB_PORT}, 7070)
 * @param store          where boards come from ({@code BOARD_STORE}: {@code duckdb}, the default, or {@code adx})
 * @param duckDbPath     the database the ingestor writes ({@code DUCKDB_PATH}); read-only here
 * @param adxClusterUrl  the ADX cluster ({@code ADX_CLUSTER_URL}), required with {@code BOARD_STORE=adx}
 * @param adxDatabase    its database ({@code ADX_DATABASE}, leaderboard)
 * @param serving        the results cache and the push interval
 */
public record WebConfig(int port, Store store, Path duckDbPath, String adxClusterUrl, String adxDatabase,
                        ServingConfig serving) {

    /** The two stores a board can read. */
    public enum Store { DUCKDB, ADX }

    public static WebConfig from(Settings settings) {
        String storeName = settings.text("BOARD_STORE", "duckdb");
        Store store;
        if ("duckdb".equals(storeName)) {
            store = Store.DUCKDB;
        } else if ("adx".equals(storeName)) {
            store = Store.ADX;
        } else {
            throw new InvalidSettingException("BOARD_STORE", "duckdb or adx", storeName);
        }
        String clusterUrl = settings.text("ADX_CLUSTER_URL", "");
        if (store == Store.ADX && !clusterUrl.matches("https?://\\S+")) {
            throw new InvalidSettingException("ADX_CLUSTER_URL",
                    "the cluster's URL (https://<cluster>.<region>.kusto.windows.net) when BOARD_STORE=adx", clusterUrl);
        }
        return new WebConfig(
                settings.intInRange("WEB_PORT", 7070, 0, 65535),
                store,
                settings.path("DUCKDB_PATH", "work/leaderboard.duckdb"),
                clusterUrl,
                settings.text("ADX_DATABASE", "leaderboard"),
                ServingConfig.from(settings));
    }
}
