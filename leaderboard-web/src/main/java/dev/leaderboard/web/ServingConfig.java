package dev.leaderboard.web;

import java.time.Duration;

import dev.leaderboard.settings.Settings;

/**
 * How the API serves boards.
 *
 * @param cacheTtl              each distinct board is queried from the store at most once per this
 *                              ({@code BOARD_CACHE_TTL_MS}, 1000)
 * @param pushInterval          how often the stream checks boards for changes ({@code BOARD_PUSH_INTERVAL_MS}, 1000)
 * @param maxStreams            the most Server-Sent Events streams open at once ({@code BOARD_STREAM_MAX_CLIENTS}, 1000)
 * @param maxStreamsPerAddress  the most from one client address ({@code BOARD_STREAM_MAX_PER_ADDRESS}, 20)
 */
public record ServingConfig(Duration cacheTtl, Duration pushInterval, int maxStreams, int maxStreamsPerAddress) {

    public static final int DEFAULT_MAX_STREAMS = 1_000;
    public static final int DEFAULT_MAX_STREAMS_PER_ADDRESS = 20;
    public static final ServingConfig DEFAULTS = new ServingConfig(Duration.ofSeconds(1), Duration.ofSeconds(1));

    /** The default stream limits. */
    public ServingConfig(Duration cacheTtl, Duration pushInterval) {
        this(cacheTtl, pushInterval, DEFAULT_MAX_STREAMS, DEFAULT_MAX_STREAMS_PER_ADDRESS);
    }

    public static ServingConfig from(Settings settings) {
        return new ServingConfig(
                settings.millis("BOARD_CACHE_TTL_MS", DEFAULTS.cacheTtl().toMillis(), 1, 3_600_000),
                settings.millis("BOARD_PUSH_INTERVAL_MS", DEFAULTS.pushInterval().toMillis(), 50, 3_600_000),
                settings.intInRange("BOARD_STREAM_MAX_CLIENTS", DEFAULT_MAX_STREAMS, 1, 100_000),
                settings.intInRange("BOARD_STREAM_MAX_PER_ADDRESS", DEFAULT_MAX_STREAMS_PER_ADDRESS, 1, 100_000));
    }
}
