package dev.leaderboard.ingest;

/**
 * A batch the store did not accept. A plain {@code SinkException} is transient: the ingestor retries it
 * with backoff. The subclasses say what else to do.
 */
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

    /**
     * The store refused the rows for good (a mapping or format error): retrying cannot help. The ingestor
     * dead-letters the batch's records with their original bytes and this reason, and moves on.
     */
    public static final class Rejected extends SinkException {
        public Rejected(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The store can take no batch until the process that holds it is restarted (DuckDB invalidates its database after
     * a fatal error, such as a checkpoint that finds a corrupted in-memory column). Retrying cannot help: the ingestor
     * stops at once, and the batch, never committed, is read again after the restart.
     */
    public static final class StoreUnusable extends SinkException {
        public StoreUnusable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
