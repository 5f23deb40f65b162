package dev.leaderboard.ingest.adx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.leaderboard.ingest.batch.SourcedGamePlay;

/**
 * A batch's rows as ADX ingests them: one JSON object per line, the blog's fields plus the Kafka record's
 * sourceTopic, sourcePartition and sourceOffset, which {@code gameplay_json_mapping_v2} maps to the
 * provenance columns. Every value comes from the Kafka record, so a replayed record produces the same row.
 */
final class GamePlayJsonLines {

    private static final JsonFactory JSON = new JsonFactory();
    /** ISO-8601 in UTC with the spin's microseconds, unambiguous to ADX. */
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private GamePlayJsonLines() {
    }

    static byte[] of(List<SourcedGamePlay> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 160);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.setRootValueSeparator(null);
            for (SourcedGamePlay row : rows) {
                json.writeStartObject();
                json.writeNumberField("playerId", row.gamePlay().playerId());
                json.writeNumberField("gameId", row.gamePlay().gameId());
                json.writeNumberField("stake", row.gamePlay().stake());
                json.writeNumberField("win", row.gamePlay().win());
                json.writeStringField("eventTime", EVENT_TIME.format(row.gamePlay().eventTime()));
                json.writeStringField("sourceTopic", row.topic());
                json.writeNumberField("sourcePartition", row.partition());
                json.writeNumberField("sourceOffset", row.offset());
                json.writeEndObject();
                json.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
