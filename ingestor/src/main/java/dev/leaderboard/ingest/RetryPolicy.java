package dev.leaderboard.ingest;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a batch the store did not accept is retried: exponential backoff with full jitter, from
 * {@code firstDelay} doubling up to {@code maxDelay}, until {@code giveUpAfter} has passed since the first
 * failure; then the ingestor stops loudly and the batch, never committed, is read again on restart.
 *
 * @param firstDelay  {@code INGEST_RETRY_FIRST_MS}: the ceiling of the first wait
 * @param maxDelay    {@code INGEST_RETRY_MAX_MS}: the ceiling of any wait
 * @param giveUpAfter {@code INGEST_RETRY_GIVE_UP_MS}: how long a batch may keep failing
 */
public record RetryPolicy(Duration firstDelay, Duration maxDelay, Duration giveUpAfter) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(30),
            Duration.ofMinutes(10));

    public RetryPolicy {
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0 || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("need 0 <= firstDelay <= maxDelay and giveUpAfter >= 0");
        }
    }

    /** The wait before attempt {@code attempt + 1}: random in [0, min(maxDelay, firstDelay * 2^(attempt-1))]. */
    public Duration delayAfter(int attempt) {
        long ceiling = firstDelay.toMillis();
        for (int i = 1; i < attempt && ceiling < maxDelay.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxDelay.toMillis());
        // Full jitter: many ingestors throttled together do not retry together.
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
