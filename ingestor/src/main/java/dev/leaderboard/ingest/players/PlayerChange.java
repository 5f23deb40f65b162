package dev.leaderboard.ingest.players;

import dev.leaderboard.players.PlayerProfile;

/** What one {@code players} record asks of the Players table. */
public sealed interface PlayerChange {

    int playerId();

    /** A profile: stored unless the table already holds a newer one for this player. */
    record Upsert(PlayerProfile profile) implements PlayerChange {
        @Override
        public int playerId() {
            return profile.playerId();
        }
    }

    /** A tombstone (null value): the player's profile is gone, as compaction will make it. */
    record Delete(int playerId) implements PlayerChange {
    }
}
