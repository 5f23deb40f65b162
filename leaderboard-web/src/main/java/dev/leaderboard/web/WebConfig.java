package dev.leaderboard.web;

import java.nio.file.Path;
import java.util.Optional;

import dev.leaderboard.adx.AdxConnection;
import dev.leaderboard.settings.Settings;

/**
 * The web app's settings, from environment variables.
 *
 * @param port       HTTP port ({@code WEB_PORT}, 7070)
 * @param store      where boards come from ({@code BOARD_STORE}: {@code duckdb}, the default, or {@code adx})
 * @param duckDbPath the database the ingestor writes ({@code DUCKDB_PATH}); read-only here
 * @param adx        the cluster and how to sign in ({@code ADX_*}), with {@code BOARD_STORE=adx} only
 * @param serving    the results cache and the push interval
 */
public record WebConfig(int port, Store store, Path duckDbPath, Optional<AdxConnection> adx, ServingConfig serving) {

    /** The two stores a board can read. */
    public enum Store { DUCKDB, ADX }

    public static WebConfig from(Settings settings) {
        Store store = settings.choice("BOARD_STORE", Store.DUCKDB, Store.class);
        return new WebConfig(
                settings.intInRange("WEB_PORT", 7070, 0, 65535),
                store,
                settings.path("DUCKDB_PATH", "work/leaderboard.duckdb"),
                store == Store.ADX ? Optional.of(AdxConnection.from(settings)) : Optional.empty(),
                ServingConfig.from(settings));
    }
}
