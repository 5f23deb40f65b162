package dev.leaderboard.producer.realistic;

import java.util.random.RandomGenerator;

/**
 * A slot game of the catalog: its id on the wire, its name, and how it pays. Over many spins it returns
 * {@code rtp} of what was staked (0.96 = 96%): it hits with probability {@code rtp / paytable mean}.
 */
public record Game(int id, String name, double rtp, Paytable paytable) {

    public Game {
        if (!(rtp > 0) || rtp >= paytable.meanMultiplier()) {
            throw new IllegalArgumentException("rtp of " + name + " must be in (0, " + paytable.meanMultiplier()
                    + "), was " + rtp);
        }
    }

    public double hitProbability() {
        return rtp / paytable.meanMultiplier();
    }

    /** The win of one spin at this stake: 0 on a miss, else the stake times a paytable multiplier. */
    public long winFor(int stake, RandomGenerator random) {
        if (random.nextDouble() >= hitProbability()) {
            return 0;
        }
        return Math.round(stake * paytable.drawMultiplier(random));
    }
}
