package dev.leaderboard.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.gameplay.GamePlayJson;
import org.junit.jupiter.api.Test;

class BlogGameModelTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T07:00:00Z"), ZoneOffset.UTC);

    @Test
    void drawsFromTheBlogsRanges() {
        BlogGameModel model = new BlogGameModel(BlogGameModel.DEFAULT_USERS, new Random(1), CLOCK);
        Set<Integer> players = new HashSet<>();
        Set<Integer> games = new HashSet<>();
        Set<Integer> stakes = new HashSet<>();
        Set<Long> wins = new HashSet<>();
        int winning = 0;
        int spins = 60_000;
        for (int i = 0; i < spins; i++) {
            GamePlay spin = model.nextSpin();
            players.add(spin.playerId());
            games.add(spin.gameId());
            stakes.add(spin.stake());
            if (spin.win() > 0) {
                winning++;
                wins.add(spin.win());
            }
            assertThat(spin.eventTime()).isEqualTo(CLOCK.instant());
        }
        assertThat(players).containsExactlyInAnyOrder(100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110);
        assertThat(games).containsExactlyInAnyOrder(10, 11, 12, 13, 14, 15);
        // Every stake 10..300 and every win 100..500 turns up in 60,000 draws, and nothing else does.
        assertThat(stakes).hasSize(291).allSatisfy(stake -> assertThat(stake).isBetween(10, 300));
        assertThat(wins).hasSize(401).allSatisfy(win -> assertThat(win).isBetween(100L, 500L));
        // One in three wins: 20,000 expected, binomial standard deviation about 115.
        assertThat(winning).isBetween(19_500, 20_500);
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

    @Test
    void keyIsThePlayerIdAndValueIsTheBlogsJson() {
        GamePlay spin = new GamePlay(108, 15, 285, 0, Instant.parse("2023-02-26T03:56:10.339232Z"));

        assertThat(spin.key()).isEqualTo("108");
        assertThat(new String(GamePlayJson.toJson(spin), StandardCharsets.UTF_8)).isEqualTo(
                "{\"playerId\":108,\"gameId\":15,\"stake\":285,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10.339232\"}");
    }
}
