package dev.leaderboard.ingest.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.ingest.SinkException;
import dev.leaderboard.ingest.batch.Batch;
import dev.leaderboard.ingest.batch.OffsetRange;
import dev.leaderboard.ingest.batch.SourcedGamePlay;
import org.apache.kafka.common.TopicPartition;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DuckDbGamePlaySinkTest {

    private static final TopicPartition P0 = new TopicPartition("gameplay", 0);
    private static final TopicPartition P1 = new TopicPartition("gameplay", 1);

    private DuckDBConnection db;
    private DuckDbGamePlaySink sink;

    @BeforeEach
    void open() throws Exception {
        db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        sink = new DuckDbGamePlaySink(db.duplicate());
    }

    @AfterEach
    void close() throws Exception {
        sink.close();
        db.close();
    }

    @Test
    void storesRowsWithTheNextOffsetOfEachPartition() throws Exception {
        sink.write(batch(P0, 0, 9));
        sink.write(batch(P1, 0, 4));

        assertThat(count("SELECT count(*) FROM GamePlay")).isEqualTo(15);
        assertThat(sink.storedNextOffsets(List.of(P0, P1, new TopicPartition("gameplay", 2))))
                .isEqualTo(Map.of(P0, 10L, P1, 5L));
    }

    @Test
    void refusesABatchThatOverlapsStoredOffsetsAndStoresNoneOfItsRows() throws Exception {
        sink.write(batch(P0, 0, 9));

        Batch overlapping = new Batch(rows(P1, 0, 4, rows(P0, 5, 14, new ArrayList<>())), List.of(),
                Map.of(P0, new OffsetRange(5, 14), P1, new OffsetRange(0, 4)));
        assertThatThrownBy(() -> sink.write(overlapping)).isInstanceOf(SinkException.OverlapsStoredOffsets.class);

        assertThat(count("SELECT count(*) FROM GamePlay")).isEqualTo(10);
        assertThat(sink.storedNextOffsets(List.of(P0, P1))).isEqualTo(Map.of(P0, 10L));
    }

    @Test
    void keepsMicrosecondEventTimes() throws Exception {
        sink.write(batch(P0, 0, 0));

        try (Statement statement = db.createStatement();
             ResultSet result = statement.executeQuery("SELECT epoch_us(EventTime) FROM GamePlay")) {
            result.next();
            assertThat(result.getLong(1)).isEqualTo(1_764_054_000_000_001L);
        }
    }

    private static Batch batch(TopicPartition partition, long first, long last) {
        return new Batch(rows(partition, first, last, new ArrayList<>()), List.of(),
                Map.of(partition, new OffsetRange(first, last)));
    }

    private static List<SourcedGamePlay> rows(TopicPartition partition, long first, long last, List<SourcedGamePlay> into) {
        for (long offset = first; offset <= last; offset++) {
            GamePlay play = new GamePlay(100, 10, 50, 0, Instant.parse("2025-11-25T07:00:00.000001Z"));
            into.add(new SourcedGamePlay(play, partition.topic(), partition.partition(), offset));
        }
        return into;
    }

    private long count(String sql) throws Exception {
        try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
