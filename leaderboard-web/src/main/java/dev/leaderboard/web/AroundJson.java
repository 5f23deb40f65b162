package dev.leaderboard.web;

import java.util.List;

import dev.leaderboard.web.board.Standings.Standing;

/** A player's place on a board and up to {@code around} neighbours each side: {@code entries} includes the player. */
record AroundJson(String asOf, String campaign, String window, String metric, Integer game, Standing player,
                  List<Standing> entries) {
}
