package dev.leaderboard.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import dev.leaderboard.gameplay.GamePlay;
import org.junit.jupiter.api.Test;

class BlogGameModelTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T07:00:00Z"), ZoneOffset.UTC);

    @Test
    void drawsFromTheBlogsRanges() {
        BlogGameModel model = new BlogGameModel(BlogGameModel.DEFAULT_USERS, new Random(1), CLOCK);
        Set<Integer> players = new HashSet<>();
        Set<Integer> games = new HashSet<>();
        int wins = 0;
        int spins = 60_000;
        for (int i = 0; i < spins; i++) {
            GamePlay spin = model.nextSpin();
            players.add(spin.playerId());
            games.add(spin.gameId());
            assertThat(spin.stake()).isBetween(10, 300);
            if (spin.win() > 0) {
                wins++;
                assertThat(spin.win()).isBetween(100L, 500L);
            }
            assertThat(spin.eventTime()).isEqualTo(CLOCK.instant());
        }
        assertThat(players).containsExactlyInAnyOrder(100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110);
        assertThat(games).containsExactlyInAnyOrder(10, 11, 12, 13, 14, 15);
        // One in three wins: 20,000 expected, binomial standard deviation about 115.
        assertThat(wins).isBetween(19_500, 20_500);
    }

    @Test
    void usersWidensThePlayerRange() {
        BlogGameModel model = new BlogGameModel(2, new Random(2), CLOCK);
        Set<Integer> players = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            players.add(model.nextSpin().playerId());
        }
        assertThat(players).containsExactlyInAnyOrder(100, 101, 102);
    }
}
