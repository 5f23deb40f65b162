package dev.leaderboard.web.board;

import java.time.Instant;
import java.util.List;

/** A board as computed at {@code asOf}: ranked entries, best first. */
public record Standings(Instant asOf, List<Standing> entries) {

    public Standings {
        entries = List.copyOf(entries);
    }

    /**
     * One player's place. Ties share a rank and the next rank skips (1, 2, 2, 4).
     *
     * @param name  the player's display name, or the id as text when the player has no profile
     * @param score in the board's metric
     */
    public record Standing(long rank, int playerId, String name, double score) {
    }
}
