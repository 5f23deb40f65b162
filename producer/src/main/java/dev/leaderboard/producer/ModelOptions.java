package dev.leaderboard.producer;

import java.time.Clock;
import java.util.Random;
import java.util.SplittableRandom;

import dev.leaderboard.producer.realistic.RealisticGameModel;
import picocli.CommandLine.Option;

/** The flags that choose the spins: which model, how many players, and the seed that fixes the stream. */
public final class ModelOptions {

    /** The blog's players are 100..110 with the default; profiles use seed 0 unless --seed is given. */
    static final long DEFAULT_PROFILE_SEED = 0;

    /** Which game model draws the spins. */
    public enum Kind { blog, realistic }

    @Option(names = {"-u", "--users"}, defaultValue = "10",
            description = "Players are 100..100+users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--model", defaultValue = "blog",
            description = "blog: the blog's uniform draws; realistic: skewed players, sessions, RTP per game "
                    + "(default: ${DEFAULT-VALUE}).")
    Kind kind;

    @Option(names = "--seed", description = "Fixes the random stream: the same seed gives the same spins.")
    Long seed;

    public int users() {
        return users;
    }

    public GameModel create(Clock clock) {
        if (kind == Kind.realistic) {
            return new RealisticGameModel(users, seed == null ? new SplittableRandom() : new SplittableRandom(seed), clock);
        }
        return new BlogGameModel(users, seed == null ? new Random() : new Random(seed), clock);
    }

    public long profileSeed() {
        return seed == null ? DEFAULT_PROFILE_SEED : seed;
    }
}
