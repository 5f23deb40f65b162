package dev.leaderboard.gameplay;

import java.time.Instant;

/**
 * One spin of a slot game, as the blog's generator publishes it: who played, which game, what was
 * staked and won, and when (UTC). Valid by construction: {@link GamePlayJson#parse} rejects the rest.
 */
public record GamePlay(int playerId, int gameId, int stake, long win, Instant eventTime) {

    public GamePlay {
        requirePositive("playerId", playerId);
        requirePositive("gameId", gameId);
        requirePositive("stake", stake);
        if (win < 0) {
            throw new IllegalArgumentException("win must not be negative, was " + win);
        }
        if (eventTime == null) {
            throw new IllegalArgumentException("eventTime is required");
        }
    }

    /** The Kafka record key: the player id as a decimal string, so one player's spins stay in order. */
    public String key() {
        return Integer.toString(playerId);
    }

    private static void requirePositive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }
}
