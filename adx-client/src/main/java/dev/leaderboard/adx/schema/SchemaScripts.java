package dev.leaderboard.adx.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The database scripts of {@code kql/schema}, in the order they apply: by file name (01-tables.kql,
 * 02-mappings.kql, ...). Each file is a database script: commands separated by blank-line-free blocks.
 */
public final class SchemaScripts {

    /** One script file: its name for the log, its text for the cluster. */
    public record Script(String name, String text) {
    }

    private SchemaScripts() {
    }

    public static List<Script> load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("KQL_SCHEMA_DIR " + folder.toAbsolutePath() + " is not a folder");
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Script> scripts = files.filter(file -> file.getFileName().toString().endsWith(".kql"))
                    .sorted()
                    .map(SchemaScripts::read)
                    .toList();
            if (scripts.isEmpty()) {
                throw new IllegalArgumentException("No .kql files in " + folder.toAbsolutePath());
            }
            return scripts;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder, e);
        }
    }

    private static Script read(Path file) {
        try {
            return new Script(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
