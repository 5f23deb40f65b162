package dev.leaderboard.web.board;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Leaderboards computed by a store: DuckDB on the embedded default, Azure Data Explorer in the cloud. */
public interface Board {

    /** Every campaign, the latest first. */
    List<Campaign> campaigns() throws BoardUnavailableException;

    /**
     * The best {@code depth} players of a board, ranked over the whole field. A campaign id the store
     * does not know gives an empty board (callers check ids against {@link #campaigns()}).
     */
    Standings standings(BoardQuery query, int depth) throws BoardUnavailableException;

    /**
     * A player's place on the board and up to {@code neighbours} players each side, over the whole field
     * (any rank, not only the best {@code depth}); empty when the player has no score on this board.
     */
    Optional<Standings> around(BoardQuery query, int playerId, int neighbours) throws BoardUnavailableException;

    /** Spins per second over the last {@code span}, and the store's lag. */
    Activity activity(Duration span) throws BoardUnavailableException;

    /** Whether the store answers a trivial query. */
    boolean isReachable();
}
