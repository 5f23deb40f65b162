package dev.leaderboard.web.board;

import java.time.Duration;
import java.util.List;

/** Leaderboards computed by a store: DuckDB on the embedded default, Azure Data Explorer in the cloud. */
public interface Board {

    /** Every campaign, the latest first. */
    List<Campaign> campaigns() throws BoardUnavailableException;

    /**
     * The best {@code depth} players of a board, ranked over the whole field. A campaign id the store
     * does not know gives an empty board (callers check ids against {@link #campaigns()}).
     */
    Standings standings(BoardQuery query, int depth) throws BoardUnavailableException;

    /** Spins per second over the last {@code span}, and the store's lag. */
    Activity activity(Duration span) throws BoardUnavailableException;

    /** Whether the store answers a trivial query. */
    boolean isReachable();
}
