package dev.leaderboard.ingest.batch;

import dev.leaderboard.gameplay.GamePlay;

/** A valid spin and the Kafka record it came from: topic, partition and offset identify it for good. */
public record SourcedGamePlay(GamePlay gamePlay, String topic, int partition, long offset) {
}
