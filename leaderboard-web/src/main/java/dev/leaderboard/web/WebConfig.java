package dev.leaderboard.web;

import java.nio.file.Path;

import dev.leaderboard.settings.Settings;

/**
 * The web app's settings, from environment variables.
 *
 * @param port       HTTP port ({@code WEB_PORT}, 7070)
 * @param duckDbPath the database the ingestor writes ({@code DUCKDB_PATH}); read-only here
 * @param serving    the results cache and the push interval
 */
public record WebConfig(int port, Path duckDbPath, ServingConfig serving) {

    public static WebConfig from(Settings settings) {
        return new WebConfig(
                settings.intInRange("WEB_PORT", 7070, 0, 65535),
                settings.path("DUCKDB_PATH", "work/leaderboard.duckdb"),
                ServingConfig.from(settings));
    }
}
