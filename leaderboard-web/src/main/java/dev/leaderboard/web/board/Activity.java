package dev.leaderboard.web.board;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the store has recently taken in: spins per second of event time, and how far behind the
 * store is (ingest latency where the store records ingestion time, else the newest spin's age).
 */
public record Activity(Instant asOf, List<SecondCount> eventsPerSecond, Optional<Duration> ingestLatency) {

    public Activity {
        eventsPerSecond = List.copyOf(eventsPerSecond);
    }

    public record SecondCount(Instant second, long events) {
    }
}
