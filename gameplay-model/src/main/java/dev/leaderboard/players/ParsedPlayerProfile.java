package dev.leaderboard.players;

/** What a {@code players} record turned out to be: a profile, or a rejection that says why. */
public sealed interface ParsedPlayerProfile {

    record Valid(PlayerProfile profile) implements ParsedPlayerProfile {
    }

    record Rejected(String reason) implements ParsedPlayerProfile {
    }
}
