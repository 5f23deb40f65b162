package dev.leaderboard.ingest;

/**
 * What one try to settle a batch came to. Only {@link NotAccepted} leaves the batch to retry; the
 * others are done with it.
 */
sealed interface SettleOutcome {

    /** The rows are in the store and their offsets committed. */
    record Stored(int rows) implements SettleOutcome {
    }

    /** The batch overlapped offsets already in the store; the consumer was sought back to them. */
    record Rewound() implements SettleOutcome {
    }

    /** The store refused the rows for good; they went to the dead-letter topic with the reason, then were committed. */
    record RejectedByStore(int rows, String reason) implements SettleOutcome {
    }

    /** Nothing was committed: the store (or the dead-letter topic) did not take the batch this time. */
    record NotAccepted(SinkException cause) implements SettleOutcome {
    }
}
