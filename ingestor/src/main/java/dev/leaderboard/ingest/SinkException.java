package dev.leaderboard.ingest;

/** A batch the store did not accept. Whether to retry depends on the subclass the sink throws. */
public class SinkException extends Exception {

    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }

    public SinkException(String message) {
        super(message);
    }

    /**
     * The batch overlaps offsets the store already holds: another consumer (or an earlier life of this
     * one) got there first. Writing it would duplicate rows; the consumer re-reads from the stored offsets.
     */
    public static final class OverlapsStoredOffsets extends SinkException {
        public OverlapsStoredOffsets(String message) {
            super(message);
        }
    }
}
