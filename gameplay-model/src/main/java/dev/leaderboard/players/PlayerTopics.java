package dev.leaderboard.players;

/** The compacted topic of player profiles: one live record per player id. */
public final class PlayerTopics {

    /** Key = player id as a decimal string, value = {@link PlayerProfileJson}; cleanup.policy=compact. */
    public static final String PLAYERS = "players";

    private PlayerTopics() {
    }
}
