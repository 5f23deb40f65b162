package dev.leaderboard.web;

import java.util.List;

import dev.leaderboard.web.board.Standings;

/** The API's JSON shape for a board: {@code {"asOf": ISO-8601, "entries": [{"rank","playerId","score"}]}}. */
record StandingsJson(String asOf, List<Standings.Standing> entries) {

    static StandingsJson of(Standings standings) {
        return new StandingsJson(standings.asOf().toString(), standings.entries());
    }
}
