package dev.leaderboard.producer.realistic;

import java.util.random.RandomGenerator;

/**
 * What a winning spin pays, as multiples of the stake, by volatility: low pays small and often, high
 * pays rarely but now and then hundreds or thousands of times the stake. Each table's weights sum to 100.
 */
public enum Paytable {

    LOW(new double[] {0.5, 1, 1.5, 2, 3, 5, 10, 25, 100, 500},
            new double[] {30, 25, 15, 12, 8, 6, 3, 0.8, 0.18, 0.02}),
    MEDIUM(new double[] {0.5, 1, 2, 3, 5, 10, 25, 100, 250, 1000},
            new double[] {25, 25, 20, 10, 10, 6, 3, 0.8, 0.17, 0.03}),
    HIGH(new double[] {0.5, 1, 2, 4, 8, 15, 40, 150, 500, 2000},
            new double[] {20, 20, 20, 15, 10, 8, 4, 2.5, 0.4, 0.1});

    private final double[] multipliers;
    private final double[] cumulativeWeights;
    private final double meanMultiplier;

    Paytable(double[] multipliers, double[] weights) {
        this.multipliers = multipliers;
        this.cumulativeWeights = new double[weights.length];
        double total = 0;
        double weightedSum = 0;
        for (int i = 0; i < weights.length; i++) {
            total += weights[i];
            weightedSum += weights[i] * multipliers[i];
            cumulativeWeights[i] = total;
        }
        this.meanMultiplier = weightedSum / total;
    }

    /** The mean payout of a winning spin, in stakes: a game's hit rate is its RTP divided by this. */
    public double meanMultiplier() {
        return meanMultiplier;
    }

    /** The largest multiplier: what makes the rare big win. */
    public double topMultiplier() {
        return multipliers[multipliers.length - 1];
    }

    double drawMultiplier(RandomGenerator random) {
        double point = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
        for (int i = 0; i < cumulativeWeights.length; i++) {
            if (point < cumulativeWeights[i]) {
                return multipliers[i];
            }
        }
        return multipliers[multipliers.length - 1];
    }
}
