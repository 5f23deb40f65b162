package dev.leaderboard.bench.chaos;

/**
 * The exact outcome of a scenario. Every valid event produced must be stored once and every bad one
 * dead-lettered; "lost" and "duplicated" must both be 0.
 *
 * @param produced       valid events the broker acknowledged
 * @param stored         rows in the store
 * @param distinctKeys   distinct (topic, partition, offset) among the rows
 * @param badProduced    malformed records the broker acknowledged
 * @param deadLettered   distinct source offsets found in the dead-letter topic with their original bytes
 * @param otherFinding   a broken promise the counts do not show (an offset committed too early, a rebalance)
 */
record Account(String scenario, long produced, long stored, long distinctKeys, long badProduced, long deadLettered,
               String notes, boolean otherFinding) implements Outcome {

    Account(String scenario, long produced, long stored, long distinctKeys, long badProduced, long deadLettered,
            String notes) {
        this(scenario, produced, stored, distinctKeys, badProduced, deadLettered, notes, false);
    }

    long lost() {
        return produced - distinctKeys;
    }

    long duplicated() {
        return stored - distinctKeys;
    }

    long badUnaccounted() {
        return badProduced - deadLettered;
    }

    boolean exact() {
        return lost() == 0 && duplicated() == 0 && badUnaccounted() == 0 && !otherFinding;
    }

    @Override
    public boolean passed() {
        return exact();
    }

    @Override
    public String line() {
        return String.format("%-16s produced %,d  stored %,d  distinct %,d  lost %,d  duplicated %,d  bad %,d  dead-lettered %,d  -> %s%s",
                scenario, produced, stored, distinctKeys, lost(), duplicated(), badProduced, deadLettered,
                exact() ? "EXACT" : "MISMATCH", notes.isEmpty() ? "" : "  (" + notes + ")");
    }
}
