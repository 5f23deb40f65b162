package dev.leaderboard.producer.realistic;

import java.util.random.RandomGenerator;

/** How much a player bets per spin: most are casual, a few are high rollers. Stakes are whole units. */
public enum StakeTier {

    CASUAL(0.75, new int[] {10, 20, 50}),
    REGULAR(0.20, new int[] {50, 100, 200}),
    HIGH_ROLLER(0.05, new int[] {500, 1000, 2000, 5000});

    private final double share;
    private final int[] stakes;

    StakeTier(double share, int[] stakes) {
        this.share = share;
        this.stakes = stakes;
    }

    static StakeTier draw(RandomGenerator random) {
        double point = random.nextDouble();
        double cumulative = 0;
        for (StakeTier tier : values()) {
            cumulative += tier.share;
            if (point < cumulative) {
                return tier;
            }
        }
        return CASUAL;
    }

    int drawStake(RandomGenerator random) {
        return stakes[random.nextInt(stakes.length)];
    }
}
