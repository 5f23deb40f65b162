package dev.leaderboard.players;

import java.time.Instant;

/**
 * A player's public profile, as published to the compacted {@code players} topic: the name the
 * leaderboard shows and the country. The newest {@code updatedAt} per player is the profile in force.
 *
 * @param country may be null: not every profile says where the player is
 */
public record PlayerProfile(int playerId, String name, String country, Instant updatedAt) {

    public PlayerProfile {
        if (playerId <= 0) {
            throw new IllegalArgumentException("playerId must be positive, was " + playerId);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (updatedAt == null) {
            throw new IllegalArgumentException("updatedAt is required");
        }
    }

    /** The record key on {@code players}: the player id as a decimal string, as on {@code gameplay}. */
    public String key() {
        return Integer.toString(playerId);
    }
}
