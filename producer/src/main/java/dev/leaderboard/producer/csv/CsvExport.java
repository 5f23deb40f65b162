package dev.leaderboard.producer.csv;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(SpinCsv.HEADER);
            out.write('\n');
            for (long i = 0; i < events; i++) {
                out.write(SpinCsv.toLine(model.nextSpin()));
                out.write('\n');
            }
        }
    }
}
