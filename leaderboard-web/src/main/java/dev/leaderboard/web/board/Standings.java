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
     * @param score best single-spin win/stake, by real division
     */
    public record Standing(long rank, int playerId, double score) {
    }
}
