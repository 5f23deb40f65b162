package dev.leaderboard.web.board;

/** A leaderboard computed by a store: DuckDB on the embedded default, Azure Data Explorer in the cloud. */
public interface Board {

    /** The best {@code limit} players by their best single-spin win/stake ratio. */
    Standings top(int limit) throws BoardUnavailableException;

    /** Whether the store answers a trivial query. */
    boolean isReachable();
}
