package dev.leaderboard.web;

import java.time.Duration;

import dev.leaderboard.settings.Settings;

/**
 * How the API serves boards.
 *
 * @param cacheTtl     each distinct board is queried from the store at most once per this
 *                     ({@code BOARD_CACHE_TTL_MS}, 1000)
 * @param pushInterval how often the stream checks boards for changes ({@code BOARD_PUSH_INTERVAL_MS}, 1000)
 */
public record ServingConfig(Duration cacheTtl, Duration pushInterval) {

    public static final ServingConfig DEFAULTS = new ServingConfig(Duration.ofSeconds(1), Duration.ofSeconds(1));

    public static ServingConfig from(Settings settings) {
        return new ServingConfig(
                settings.millis("BOARD_CACHE_TTL_MS", DEFAULTS.cacheTtl().toMillis(), 1, 3_600_000),
                settings.millis("BOARD_PUSH_INTERVAL_MS", DEFAULTS.pushInterval().toMillis(), 50, 3_600_000));
    }
}
