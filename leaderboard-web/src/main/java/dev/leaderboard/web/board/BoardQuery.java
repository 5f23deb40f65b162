package dev.leaderboard.web.board;

import java.time.Duration;
import java.util.Optional;

/**
 * Which board: a campaign (or all time), its last {@code window} (or the whole of it), a metric and
 * optionally one game. Two equal queries are the same board, which is what the cache keys on.
 */
public record BoardQuery(Optional<String> campaignId, Optional<Duration> window, Metric metric,
                         Optional<Integer> gameId) {

    /** The skeleton's board: all time, by ratio, every game. */
    public static final BoardQuery ALL_TIME = new BoardQuery(Optional.empty(), Optional.empty(), Metric.RATIO,
            Optional.empty());
}
