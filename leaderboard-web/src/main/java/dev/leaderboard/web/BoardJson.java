package dev.leaderboard.web;

import java.util.List;

import dev.leaderboard.web.board.Standings;
import dev.leaderboard.web.board.Standings.Standing;

/**
 * The API's JSON for a board: {@code {"asOf", "campaign", "window", "metric", "game", "offset", "entries":
 * [{"rank", "playerId", "name", "score"}]}}; campaign, window and game are null when not chosen.
 */
record BoardJson(String asOf, String campaign, String window, String metric, Integer game, int offset,
                 List<Standing> entries) {

    static BoardJson of(BoardRequest request, Standings standings) {
        return new BoardJson(standings.asOf().toString(), request.query().campaignId().orElse(null),
                request.windowText().orElse(null), request.query().metric().id(),
                request.query().gameId().orElse(null), request.offset(), request.page(standings.entries()));
    }
}
