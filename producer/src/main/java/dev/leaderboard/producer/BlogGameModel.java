package dev.leaderboard.producer;

import java.time.Clock;
import java.util.random.RandomGenerator;

import dev.leaderboard.gameplay.GamePlay;

/**
 * The blog generator's distributions: players 100..100+users, games 10..15, stake uniform 10..300,
 * and with probability 1/3 a win uniform in 100..500, else 0. Event time is now, UTC.
 */
public final class BlogGameModel implements GameModel {

    public static final int FIRST_PLAYER_ID = 100;
    public static final int DEFAULT_USERS = 10;

    private final int users;
    private final RandomGenerator random;
    private final Clock clock;

    /** Every player id this model draws from, in order: the ids to publish profiles for. */
    public static int[] playerIds(int users) {
        int[] ids = new int[users + 1];
        for (int i = 0; i <= users; i++) {
            ids[i] = FIRST_PLAYER_ID + i;
        }
        return ids;
    }

    public BlogGameModel(int users, RandomGenerator random, Clock clock) {
        if (users < 0) {
            throw new IllegalArgumentException("users must not be negative, was " + users);
        }
        this.users = users;
        this.random = random;
        this.clock = clock;
    }

    @Override
    public GamePlay nextSpin() {
        int playerId = FIRST_PLAYER_ID + random.nextInt(users + 1);
        int gameId = random.nextInt(10, 16);
        int stake = random.nextInt(10, 301);
        long win = random.nextInt(3) == 0 ? random.nextInt(100, 501) : 0;
        return new GamePlay(playerId, gameId, stake, win, clock.instant());
    }
}
