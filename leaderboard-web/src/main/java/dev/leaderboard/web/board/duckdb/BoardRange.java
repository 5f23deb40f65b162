package dev.leaderboard.web.board.duckdb;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.leaderboard.web.board.Campaign;

/**
 * The event-time range {@code [from, to)} a board counts, as CampaignBoard and CampaignWindowBoard
 * compute it in KQL: a campaign's window ends now while it runs, at its end once it is over, and never
 * starts before its start. Without a campaign: all time, or the last window up to now.
 */
record BoardRange(Instant from, Instant to) {

    /** Wider than any data, as the KQL's LeaderboardTop: whole minutes, 2000-01-01 to 2100-01-01. */
    static final BoardRange ALL_TIME = new BoardRange(Instant.parse("2000-01-01T00:00:00Z"),
            Instant.parse("2100-01-01T00:00:00Z"));

    static BoardRange of(Optional<Campaign> campaign, Optional<Duration> window, Instant now) {
        if (campaign.isEmpty()) {
            return window.map(w -> new BoardRange(now.minus(w), now)).orElse(ALL_TIME);
        }
        Campaign c = campaign.get();
        if (window.isEmpty()) {
            return new BoardRange(c.start(), c.end());
        }
        Instant end = now.isBefore(c.end()) ? now : c.end();
        Instant windowStart = end.minus(window.get());
        return new BoardRange(windowStart.isAfter(c.start()) ? windowStart : c.start(), end);
    }
}
