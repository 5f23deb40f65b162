package dev.leaderboard.web;

import java.util.Map;

import dev.leaderboard.web.board.Board;
import dev.leaderboard.web.board.BoardUnavailableException;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** HTTP only: reads and checks parameters, asks the board, writes JSON. Knows nothing of SQL or KQL. */
public final class LeaderboardController {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;

    private final Board board;

    public LeaderboardController(Board board) {
        this.board = board;
    }

    /** {@code GET /api/leaderboard?limit=N}: the top N players, N in 1..1000, 10 by default. */
    public void leaderboard(Context ctx) throws BoardUnavailableException {
        int limit = ctx.queryParamAsClass("limit", Integer.class)
                // Javalin 7 runs checks on an absent parameter too (with null); absent means the default.
                .check(n -> n == null || n >= 1 && n <= MAX_LIMIT, "must be an integer in 1.." + MAX_LIMIT)
                .getOrDefault(DEFAULT_LIMIT);
        ctx.json(StandingsJson.of(board.top(limit)));
    }

    /** {@code GET /health}: 200 when the store answers, 503 when it does not. */
    public void health(Context ctx) {
        boolean up = board.isReachable();
        ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("status", up ? "UP" : "DOWN"));
    }
}
