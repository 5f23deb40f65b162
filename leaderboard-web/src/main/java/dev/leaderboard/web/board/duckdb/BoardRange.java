package dev.leaderboard.web.board.duckdb;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import dev.leaderboard.web.board.Campaign;

/**
 * The event-time range {@code [from, to)} a board counts, as CampaignBoard and CampaignWindowBoard
 * compute it in KQL: a campaign's window ends now while it runs, at its end once it is over, and never
 * starts before its start. Without a campaign: all time, or the last window up to now.
 * <p>
 * A window is rounded out to whole minutes, on both stores: it starts at the minute that holds
 * {@code now - window} and ends with the minute that holds now (spins stamped later in that minute count).
 * So a last-hour board counts at least the last hour, and a board reads rollup bins only, never raw spins
 * for a partial minute at either edge: at 5,000 spins/s those were 300,000 spins a load, whatever the history.
 */
record BoardRange(Instant from, Instant to) {

    /** Wider than any data, as the KQL's LeaderboardTop: whole minutes, 2000-01-01 to 2100-01-01. */
    static final BoardRange ALL_TIME = new BoardRange(Instant.parse("2000-01-01T00:00:00Z"),
            Instant.parse("2100-01-01T00:00:00Z"));

    static BoardRange of(Optional<Campaign> campaign, Optional<Duration> window, Instant now) {
        Instant endOfMinute = now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        if (campaign.isEmpty()) {
            return window.map(w -> new BoardRange(startOfMinute(now.minus(w)), endOfMinute)).orElse(ALL_TIME);
        }
        Campaign c = campaign.get();
        if (window.isEmpty()) {
            return new BoardRange(c.start(), c.end());
        }
        Instant until = now.isBefore(c.end()) ? now : c.end();
        Instant windowStart = startOfMinute(until.minus(window.get()));
        return new BoardRange(windowStart.isAfter(c.start()) ? windowStart : c.start(),
                endOfMinute.isBefore(c.end()) ? endOfMinute : c.end());
    }

    private static Instant startOfMinute(Instant time) {
        return time.truncatedTo(ChronoUnit.MINUTES);
    }
}
