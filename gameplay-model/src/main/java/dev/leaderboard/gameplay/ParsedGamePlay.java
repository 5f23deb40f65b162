package dev.leaderboard.gameplay;

/** What a record's value turned out to be: a spin, or a rejection that says why. */
public sealed interface ParsedGamePlay {

    record Valid(GamePlay gamePlay) implements ParsedGamePlay {
    }

    record Rejected(String reason) implements ParsedGamePlay {
    }
}
