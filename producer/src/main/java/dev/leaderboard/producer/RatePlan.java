package dev.leaderboard.producer;

import java.time.Duration;
import java.util.Optional;

/**
 * How many spins per second, and when to stop: after {@code maxEvents}, after {@code duration}, or
 * (neither given) when closed.
 */
public record RatePlan(double eventsPerSecond, long maxEvents, Optional<Duration> duration) {

    public RatePlan {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number, was " + eventsPerSecond);
        }
        if (maxEvents < 0) {
            throw new IllegalArgumentException("events must not be negative, was " + maxEvents);
        }
    }

    public static RatePlan unbounded(double eventsPerSecond) {
        return new RatePlan(eventsPerSecond, Long.MAX_VALUE, Optional.empty());
    }
}
