package dev.leaderboard.gameplay;

import java.time.Duration;

/** The topics of the blog's design, with the shape the blog's compose gives them. */
public final class GamePlayTopics {

    /** Spin events, keyed by player id. */
    public static final String GAMEPLAY = "gameplay";
    /** Records the ingestor could not read: original key and value bytes, reason in headers. */
    public static final String GAMEPLAY_DLQ = "gameplay.dlq";
    public static final int GAMEPLAY_PARTITIONS = 4;
    public static final Duration GAMEPLAY_RETENTION = Duration.ofHours(24);

    private GamePlayTopics() {
    }
}
