package dev.leaderboard.producer.csv;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.SequenceWriter;
import dev.leaderboard.producer.GameModel;

/** Writes N spins of a model to a backfill CSV in the blog's format. */
public final class CsvExport {

    private CsvExport() {
    }

    public static void write(GameModel model, long events, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             SequenceWriter rows = SpinCsv.MAPPER.writerFor(String[].class).writeValues(out)) {
            rows.write(SpinCsv.COLUMNS.toArray(String[]::new));
            for (long i = 0; i < events; i++) {
                rows.write(SpinCsv.toRow(model.nextSpin()));
            }
        }
    }
}
