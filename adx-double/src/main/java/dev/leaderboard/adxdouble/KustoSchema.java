package dev.leaderboard.adxdouble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The tables and JSON ingestion mappings of a database, read from the project's own {@code kql/schema}
 * scripts, so the double maps rows with exactly the mapping ADX would use.
 */
public final class KustoSchema {

    private static final Pattern TABLE = Pattern.compile("^\\.create(?:-merge)? table (\\w+) \\(([^)]*)\\)");
    private static final Pattern JSON_MAPPING = Pattern.compile(
            "^\\.create(?:-or-alter)? table (\\w+) ingestion json mapping \"([^\"]+)\" '(\\[.*\\])'");

    private final Map<String, List<KustoTable.Column>> tables = new LinkedHashMap<>();
    private final Map<String, List<MappedColumn>> jsonMappings = new LinkedHashMap<>();

    /** One column of a JSON mapping: where in the JSON record the column's value is. */
    public record MappedColumn(String column, String path) {
    }

    /** Reads every {@code .kql} file in the folder, in name order, keeping table and JSON mapping commands. */
    public static KustoSchema fromScripts(Path folder) {
        KustoSchema schema = new KustoSchema();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".kql")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    schema.read(line.trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read KQL scripts in " + folder, e);
        }
        if (schema.tables.isEmpty()) {
            throw new IllegalArgumentException("No '.create table' command in " + folder);
        }
        return schema;
    }

    private void read(String line) {
        Matcher table = TABLE.matcher(line);
        if (table.find()) {
            List<KustoTable.Column> columns = new ArrayList<>();
            for (String column : table.group(2).split(",")) {
                String[] nameAndType = column.trim().split(":");
                columns.add(new KustoTable.Column(nameAndType[0].trim(), nameAndType[1].trim()));
            }
            tables.put(table.group(1), List.copyOf(columns));
            return;
        }
        Matcher mapping = JSON_MAPPING.matcher(line);
        if (mapping.find()) {
            List<MappedColumn> columns = new ArrayList<>();
            try {
                for (JsonNode node : KustoResponses.JSON.readTree(mapping.group(3))) {
                    columns.add(new MappedColumn(node.get("column").asText(), node.get("Properties").get("Path").asText()));
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("Unreadable mapping " + mapping.group(2), e);
            }
            jsonMappings.put(key(mapping.group(1), mapping.group(2)), List.copyOf(columns));
        }
    }

    public Optional<List<KustoTable.Column>> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    public Optional<List<MappedColumn>> jsonMapping(String table, String mapping) {
        return Optional.ofNullable(jsonMappings.get(key(table, mapping)));
    }

    private static String key(String table, String mapping) {
        return table + "/" + mapping;
    }
}
