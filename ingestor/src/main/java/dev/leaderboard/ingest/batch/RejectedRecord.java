package dev.leaderboard.ingest.batch;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record the ingestor could not read, kept byte for byte with the reason. */
public record RejectedRecord(ConsumerRecord<byte[], byte[]> record, String reason) {
}
