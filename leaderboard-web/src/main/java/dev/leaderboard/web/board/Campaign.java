package dev.leaderboard.web.board;

import java.time.Instant;
import java.util.List;

/**
 * A campaign: spins in {@code [start, end)} on its games count. An empty {@code games} means every game.
 */
public record Campaign(String id, String name, Instant start, Instant end, List<Integer> games) {

    public Campaign {
        games = List.copyOf(games);
    }
}
