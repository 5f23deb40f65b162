package dev.leaderboard.web.cache;

import java.util.Objects;

/**
 * Word that the store has new data, from a writer in the same process: the one-JVM runner's ingestor calls
 * {@link #changed()} after each batch it commits. Boards that take it ({@link CachedBoards}) reload when the data
 * changes rather than on their TTL alone; a web that runs apart from its writer has none, and its boards follow the
 * TTL.
 */
public final class StoreChanges {

    private volatile Runnable listener = () -> { };

    /** The store has committed new data. Quick: the listener only schedules work. */
    public void changed() {
        listener.run();
    }

    void listen(Runnable listener) {
        this.listener = Objects.requireNonNull(listener);
    }
}
