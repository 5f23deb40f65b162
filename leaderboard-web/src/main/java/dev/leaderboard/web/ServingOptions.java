package dev.leaderboard.web;

import picocli.CommandLine.Option;

/**
 * The web's serving settings as command-line options, shared by {@link WebMain} and the one-JVM runner;
 * {@link ServingConfig#from} reads and checks them.
 */
public final class ServingOptions {

    @Option(names = "--cache-ttl-ms", paramLabel = "BOARD_CACHE_TTL_MS", defaultValue = "${env:BOARD_CACHE_TTL_MS:-1000}",
            description = "Each distinct board is queried from the store at most once per this (default: ${DEFAULT-VALUE}).")
    String cacheTtlMs;

    @Option(names = "--push-interval-ms", paramLabel = "BOARD_PUSH_INTERVAL_MS",
            defaultValue = "${env:BOARD_PUSH_INTERVAL_MS:-1000}",
            description = "How often the stream checks boards for changes (default: ${DEFAULT-VALUE}).")
    String pushIntervalMs;

    @Option(names = "--stream-max-clients", paramLabel = "BOARD_STREAM_MAX_CLIENTS",
            defaultValue = "${env:BOARD_STREAM_MAX_CLIENTS:-1000}",
            description = "The most event streams open at once; one more gets 503 (default: ${DEFAULT-VALUE}).")
    String streamMaxClients;

    @Option(names = "--stream-max-per-address", paramLabel = "BOARD_STREAM_MAX_PER_ADDRESS",
            defaultValue = "${env:BOARD_STREAM_MAX_PER_ADDRESS:-20}",
            description = "The most event streams open from one client address (default: ${DEFAULT-VALUE}).")
    String streamMaxPerAddress;
}
