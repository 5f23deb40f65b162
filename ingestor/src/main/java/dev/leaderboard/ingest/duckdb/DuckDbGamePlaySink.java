package dev.leaderboard.ingest.duckdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import dev.leaderboard.ingest.GamePlaySink;
import dev.leaderboard.ingest.SinkException;
import dev.leaderboard.ingest.batch.Batch;
import dev.leaderboard.ingest.batch.OffsetRange;
import dev.leaderboard.ingest.batch.SourcedGamePlay;
import org.apache.kafka.common.TopicPartition;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once into DuckDB: each batch's rows and its partitions' next offsets are written in one
 * transaction, and a batch that overlaps the stored offsets is refused. The consumer seeks to the stored
 * offsets on assignment, so a crash anywhere replays exactly what was not committed.
 */
public final class DuckDbGamePlaySink implements GamePlaySink {

    private static final Logger log = LoggerFactory.getLogger(DuckDbGamePlaySink.class);

    private final DuckDBConnection connection;
    private final PreparedStatement selectNextOffset;
    private final PreparedStatement upsertNextOffset;

    /** Takes its own connection to the database (see {@link DuckDBConnection#duplicate()}), and closes it. */
    public DuckDbGamePlaySink(DuckDBConnection connection) throws SQLException {
        this.connection = connection;
        createSchema(connection);
        connection.setAutoCommit(false);
        this.selectNextOffset = connection.prepareStatement(sql("select-next-offset.sql"));
        this.upsertNextOffset = connection.prepareStatement(sql("upsert-next-offset.sql"));
    }

    /** Creates the tables if they are missing; safe to call from every process that opens the file. */
    public static void createSchema(DuckDBConnection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql("schema.sql"));
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    @Override
    public Map<TopicPartition, Long> storedNextOffsets(Collection<TopicPartition> partitions) throws SinkException {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (TopicPartition partition : partitions) {
                Long next = readNextOffset(partition);
                if (next != null) {
                    offsets.put(partition, next);
                }
            }
            connection.commit();
            return offsets;
        } catch (SQLException e) {
            throw new SinkException("Cannot read stored offsets from DuckDB", e);
        }
    }

    @Override
    public void write(Batch batch) throws SinkException {
        try {
            // Reading the offsets first also opens the transaction: DuckDB's appender joins an open
            // transaction but commits on its own when none is open.
            refuseOverlap(batch);
            appendRows(batch);
            storeNextOffsets(batch);
            connection.commit();
        } catch (SQLException | SinkException e) {
            rollback();
            if (e instanceof SinkException sinkException) {
                throw sinkException;
            }
            throw new SinkException("DuckDB did not accept a batch of " + batch.rows().size() + " rows", e);
        }
    }

    private void refuseOverlap(Batch batch) throws SQLException, SinkException {
        for (Map.Entry<TopicPartition, OffsetRange> entry : batch.ranges().entrySet()) {
            Long storedNext = readNextOffset(entry.getKey());
            if (storedNext != null && entry.getValue().first() < storedNext) {
                throw new SinkException.OverlapsStoredOffsets("Batch for " + entry.getKey() + " starts at offset "
                        + entry.getValue().first() + " but the store already holds up to " + (storedNext - 1));
            }
        }
    }

    private Long readNextOffset(TopicPartition partition) throws SQLException {
        selectNextOffset.setString(1, partition.topic());
        selectNextOffset.setInt(2, partition.partition());
        try (ResultSet result = selectNextOffset.executeQuery()) {
            return result.next() ? result.getLong(1) : null;
        }
    }

    private void appendRows(Batch batch) throws SQLException {
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "GamePlay")) {
            for (SourcedGamePlay row : batch.rows()) {
                appender.beginRow()
                        .append(row.gamePlay().playerId())
                        .append(row.gamePlay().gameId())
                        .append(row.gamePlay().win())
                        .append(row.gamePlay().stake())
                        .appendEpochMicros(epochMicros(row.gamePlay().eventTime()))
                        .append(row.topic())
                        .append(row.partition())
                        .append(row.offset())
                        .endRow();
            }
        }
    }

    private void storeNextOffsets(Batch batch) throws SQLException {
        long nowMicros = epochMicros(Instant.now());
        for (Map.Entry<TopicPartition, OffsetRange> entry : batch.ranges().entrySet()) {
            upsertNextOffset.setString(1, entry.getKey().topic());
            upsertNextOffset.setInt(2, entry.getKey().partition());
            upsertNextOffset.setLong(3, entry.getValue().next());
            upsertNextOffset.setLong(4, nowMicros);
            upsertNextOffset.addBatch();
        }
        upsertNextOffset.executeBatch();
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.warn("Rollback after a failed batch failed too", e);
        }
    }

    @Override
    public void close() {
        try {
            selectNextOffset.close();
            upsertNextOffset.close();
            connection.close();
        } catch (SQLException e) {
            log.warn("Closing the DuckDB connection failed", e);
        }
    }

    @Override
    public String toString() {
        return "DuckDB";
    }

    private static long epochMicros(Instant time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }

    static String sql(String name) {
        try (InputStream in = DuckDbGamePlaySink.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing SQL resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
