package dev.leaderboard.ingest;

import java.util.Collection;
import java.util.Map;

import dev.leaderboard.ingest.batch.Batch;
import org.apache.kafka.common.TopicPartition;

/** Where batches of spins end up: DuckDB on the embedded default, Azure Data Explorer in the cloud. */
public interface GamePlaySink extends AutoCloseable {

    /**
     * The offset to read next per partition, as the store itself recorded it with the rows. A store that
     * keeps no offsets returns an empty map, and the consumer group's committed offsets apply.
     */
    Map<TopicPartition, Long> storedNextOffsets(Collection<TopicPartition> partitions) throws SinkException;

    /** Returns once the store has accepted all of the batch's rows; on an exception it accepted none. */
    void write(Batch batch) throws SinkException;

    @Override
    void close();
}
