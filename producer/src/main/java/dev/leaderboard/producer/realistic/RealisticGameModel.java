package dev.leaderboard.producer.realistic;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.producer.BlogGameModel;
import dev.leaderboard.producer.GameModel;

/**
 * A casino floor: players 100..100+users (as in the blog) with Zipf-skewed activity (a few play most of
 * the spins), each playing in sessions of consecutive spins on one game at one stake of their tier, on
 * the named games of {@link GameCatalog} with their RTPs. Every draw comes from the one random generator
 * it is given, so a seeded generator and a fixed clock give the same stream on every run.
 */
public final class RealisticGameModel implements GameModel {

    /** Spins per session are geometric with this mean. */
    static final double MEAN_SESSION_SPINS = 40;
    /** Players in a session at any moment, at most: their spins interleave on the topic. */
    static final int MAX_CONCURRENT_SESSIONS = 64;
    /** The chance a session is on the player's favourite game rather than any game. */
    static final double FAVOURITE_GAME_SHARE = 0.7;
    /** Zipf exponent of activity: 1 gives the top 1% of 10,000 players about half of the spins. */
    static final double ACTIVITY_SKEW = 1.0;

    private final RandomGenerator random;
    private final Clock clock;
    private final int[] playerIds;
    private final double[] cumulativeActivity;
    private final StakeTier[] tiers;
    private final Game[] favourites;
    private final List<Session> sessions = new ArrayList<>();
    private final Set<Integer> playersInSession = new HashSet<>();

    public RealisticGameModel(int users, RandomGenerator random, Clock clock) {
        if (users < 0) {
            throw new IllegalArgumentException("users must not be negative, was " + users);
        }
        this.random = random;
        this.clock = clock;
        this.playerIds = BlogGameModel.playerIds(users);
        this.cumulativeActivity = zipfActivityInRandomOrder(playerIds.length);
        this.tiers = new StakeTier[playerIds.length];
        this.favourites = new Game[playerIds.length];
        for (int i = 0; i < playerIds.length; i++) {
            tiers[i] = StakeTier.draw(random);
            favourites[i] = anyGame();
        }
        int concurrent = Math.max(1, Math.min(MAX_CONCURRENT_SESSIONS, playerIds.length / 4));
        for (int i = 0; i < concurrent; i++) {
            sessions.add(newSession());
        }
    }

    @Override
    public GamePlay nextSpin() {
        int slot = random.nextInt(sessions.size());
        Session session = sessions.get(slot);
        long win = session.game.winFor(session.stake, random);
        GamePlay spin = new GamePlay(playerIds[session.player], session.game.id(), session.stake, win, clock.instant());
        if (--session.spinsLeft == 0) {
            playersInSession.remove(session.player);
            sessions.set(slot, newSession());
        }
        return spin;
    }

    private Session newSession() {
        int player = drawActivePlayer();
        playersInSession.add(player);
        Game game = random.nextDouble() < FAVOURITE_GAME_SHARE ? favourites[player] : anyGame();
        int spins = 1 + (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - 1 / MEAN_SESSION_SPINS));
        return new Session(player, game, tiers[player].drawStake(random), spins);
    }

    /** A player by activity weight, not one already in a session (a few tries, then whoever came up). */
    private int drawActivePlayer() {
        int player = 0;
        for (int attempt = 0; attempt < 8; attempt++) {
            double point = random.nextDouble() * cumulativeActivity[cumulativeActivity.length - 1];
            int index = Arrays.binarySearch(cumulativeActivity, point);
            player = index >= 0 ? Math.min(index + 1, cumulativeActivity.length - 1) : -index - 1;
            if (!playersInSession.contains(player)) {
                return player;
            }
        }
        return player;
    }

    private Game anyGame() {
        return GameCatalog.GAMES.get(random.nextInt(GameCatalog.GAMES.size()));
    }

    /** Weight 1/rank^s, ranks dealt to players in a random order so the busiest id is not always 100. */
    private double[] zipfActivityInRandomOrder(int players) {
        int[] rank = new int[players];
        for (int i = 0; i < players; i++) {
            rank[i] = i + 1;
        }
        for (int i = players - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = rank[i];
            rank[i] = rank[j];
            rank[j] = swap;
        }
        double[] cumulative = new double[players];
        double total = 0;
        for (int i = 0; i < players; i++) {
            total += 1 / Math.pow(rank[i], ACTIVITY_SKEW);
            cumulative[i] = total;
        }
        return cumulative;
    }

    private static final class Session {
        final int player;
        final Game game;
        final int stake;
        int spinsLeft;

        Session(int player, Game game, int stake, int spinsLeft) {
            this.player = player;
            this.game = game;
            this.stake = stake;
            this.spinsLeft = spinsLeft;
        }
    }
}
