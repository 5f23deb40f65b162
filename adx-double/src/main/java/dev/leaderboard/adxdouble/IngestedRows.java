package dev.leaderboard.adxdouble;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;

/**
 * The rows each table holds, added the way ADX ingests JSON: every record through the named mapping,
 * each value converted to its column's type, and a value that does not convert stored as null.
 * Every accepted ingestion adds all its rows; nothing is de-duplicated, as in ADX.
 */
final class IngestedRows {

    private static final DateTimeFormatter SPACE_SEPARATED = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private final KustoSchema schema;
    private final Map<String, List<Map<String, Object>>> rowsByTable = new HashMap<>();
    private long ingestions;

    IngestedRows(KustoSchema schema) {
        this.schema = schema;
    }

    /** Maps and stores every JSON record of {@code text}, or nothing if any part of the request is invalid. */
    synchronized int ingestJson(String table, String mappingName, String text) {
        List<KustoTable.Column> columns = schema.table(table).orElseThrow(() -> KustoRequestError.badRequest(
                "BadRequest_EntityNotFound", "Table '" + table + "' was not found"));
        if (mappingName == null || mappingName.isBlank()) {
            throw KustoRequestError.badRequest("BadRequest_MissingMapping",
                    "JSON ingestion into '" + table + "' needs an ingestion mapping reference");
        }
        List<KustoSchema.MappedColumn> mapping = schema.jsonMapping(table, mappingName).orElseThrow(() ->
                KustoRequestError.badRequest("BadRequest_MappingReferenceWasNotFound",
                        "Mapping reference '" + mappingName + "' of type 'mappingReference' in table '" + table
                                + "' could not be found."));
        Map<String, String> types = new HashMap<>();
        columns.forEach(c -> types.put(c.name(), c.type()));
        List<Map<String, Object>> added = new ArrayList<>();
        try (MappingIterator<JsonNode> records = KustoResponses.JSON.readerFor(JsonNode.class).readValues(text)) {
            while (records.hasNext()) {
                JsonNode record = records.next();
                Map<String, Object> row = new LinkedHashMap<>();
                columns.forEach(c -> row.put(c.name(), null));
                for (KustoSchema.MappedColumn mapped : mapping) {
                    row.put(mapped.column(), convert(at(record, mapped.path()), types.get(mapped.column())));
                }
                added.add(Collections.unmodifiableMap(row));
            }
        } catch (IOException | RuntimeException e) {
            throw KustoRequestError.badRequest("BadRequest_InvalidJson", "Records are not valid JSON: " + e.getMessage());
        }
        rowsByTable.computeIfAbsent(table, t -> new ArrayList<>()).addAll(added);
        ingestions++;
        return added.size();
    }

    synchronized List<Map<String, Object>> rows(String table) {
        return List.copyOf(rowsByTable.getOrDefault(table, List.of()));
    }

    synchronized long ingestions() {
        return ingestions;
    }

    private static JsonNode at(JsonNode record, String path) {
        JsonNode node = record;
        for (String field : path.replaceFirst("^\\$\\.?", "").split("\\.")) {
            if (node == null || field.isEmpty()) {
                break;
            }
            node = node.get(field);
        }
        return node;
    }

    private static Object convert(JsonNode value, String type) {
        if (value == null || value.isNull()) {
            return null;
        }
        switch (type) {
            case "int":
                return value.canConvertToInt() && (value.isIntegralNumber() || value.isTextual()) ? (Object) value.asInt() : null;
            case "long":
                return value.canConvertToLong() && (value.isIntegralNumber() || value.isTextual()) ? (Object) value.asLong() : null;
            case "real":
                return value.asDouble();
            case "bool":
                return value.asBoolean();
            case "datetime":
                return value.isTextual() ? parseTime(value.textValue()) : null;
            case "dynamic":
                return value;
            default:
                return value.isTextual() ? value.textValue() : value.toString();
        }
    }

    private static Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notIso) {
                try {
                    return LocalDateTime.parse(text, SPACE_SEPARATED).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException unreadable) {
                    return null;
                }
            }
        }
    }
}
