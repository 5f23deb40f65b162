package dev.leaderboard.web.board;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the store has recently taken in: spins per second of event time, and the median ingest latency
 * (event time to stored) of what it stored over the same span; empty when it stored nothing then.
 */
public record Activity(Instant asOf, List<SecondCount> eventsPerSecond, Optional<Duration> ingestLatency) {

    public Activity {
        eventsPerSecond = List.copyOf(eventsPerSecond);
    }

    public record SecondCount(Instant second, long events) {
    }
}
