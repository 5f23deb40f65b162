package dev.leaderboard.producer.realistic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.leaderboard.gameplay.GamePlay;
import org.junit.jupiter.api.Test;

class RealisticGameModelTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T07:00:00Z"), ZoneOffset.UTC);

    @Test
    void theSameSeedGivesTheSameStream() {
        assertThat(spins(42, 10_000, 100_000)).isEqualTo(spins(42, 10_000, 100_000));
    }

    @Test
    void anotherSeedGivesAnotherStream() {
        assertThat(spins(42, 10_000, 1_000)).isNotEqualTo(spins(43, 10_000, 1_000));
    }

    @Test
    void eachGameReturnsItsConfiguredRtpOverTenMillionSpins() {
        SplittableRandom random = new SplittableRandom(7);
        for (Game game : GameCatalog.GAMES) {
            long staked = 0;
            long won = 0;
            for (int i = 0; i < 10_000_000; i++) {
                staked += 100;
                won += game.winFor(100, random);
            }
            // Within 2 points: about 3 standard errors for the high-volatility tables, 6+ for the others.
            assertThat((double) won / staked).as(game.name()).isCloseTo(game.rtp(), within(0.02));
        }
    }

    @Test
    void aFewPlayersPlayMostOfTheSpins() {
        Map<Integer, Integer> spinsByPlayer = new HashMap<>();
        spins(1, 10_000, 1_000_000).forEach(spin -> spinsByPlayer.merge(spin.playerId(), 1, Integer::sum));

        List<Integer> counts = new ArrayList<>(spinsByPlayer.values());
        counts.sort(Comparator.reverseOrder());
        long topTenth = counts.stream().limit(1_000).mapToLong(Integer::longValue).sum();
        // Uniform activity would give the top tenth of 10,001 players about 10% of the spins.
        assertThat(topTenth / 1_000_000.0).isGreaterThan(0.6);
        assertThat(spinsByPlayer.keySet()).allSatisfy(id -> assertThat(id).isBetween(100, 10_100));
    }

    @Test
    void stakesComeFromTheTiersAndGamesFromTheCatalog() {
        Set<Integer> stakes = new HashSet<>();
        Set<Integer> games = new HashSet<>();
        long bigWins = 0;
        for (GamePlay spin : spins(3, 1_000, 1_000_000)) {
            stakes.add(spin.stake());
            games.add(spin.gameId());
            if (spin.win() >= 100L * spin.stake()) {
                bigWins++;
            }
        }
        assertThat(stakes).containsExactlyInAnyOrder(10, 20, 50, 100, 200, 500, 1000, 2000, 5000);
        assertThat(games).containsExactlyInAnyOrderElementsOf(GameCatalog.GAMES.stream().map(Game::id).toList());
        // Wins of 100x and more are rare but present: the paytables give about 1.8 in a thousand spins.
        assertThat(bigWins).isBetween(1_000L, 3_000L);
    }

    @Test
    void sessionsKeepAPlayerOnOneGameAtOneStakeForRunsOfSpins() {
        Map<Integer, GamePlay> previousByPlayer = new HashMap<>();
        long repeats = 0;
        long spins = 0;
        for (GamePlay spin : spins(5, 10_000, 200_000)) {
            GamePlay previous = previousByPlayer.put(spin.playerId(), spin);
            if (previous != null) {
                spins++;
                if (previous.gameId() == spin.gameId() && previous.stake() == spin.stake()) {
                    repeats++;
                }
            }
        }
        // Sessions average 40 spins: most of a player's consecutive spins are on the same game and stake.
        assertThat((double) repeats / spins).isGreaterThan(0.9);
    }

    private static List<GamePlay> spins(long seed, int users, int count) {
        RealisticGameModel model = new RealisticGameModel(users, new SplittableRandom(seed), CLOCK);
        List<GamePlay> spins = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            spins.add(model.nextSpin());
        }
        return spins;
    }
}
