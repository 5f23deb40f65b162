package dev.leaderboard.producer.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.leaderboard.gameplay.GamePlay;

/**
 * Reads a backfill CSV and re-times it to now the way the blog's {@code ResetEventTime()} update policy
 * did: each spin at {@code now + (EventTime - min(EventTime))}, so relative spacing is kept exactly.
 */
public final class CsvImport {

    private CsvImport() {
    }

    /** Reads every line first: a file with one bad line is refused whole, naming the line. */
    public static List<GamePlay> read(Path file) throws IOException {
        List<GamePlay> spins = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.strip().replace("\uFEFF", "").equals(SpinCsv.HEADER)) {
                throw new IllegalArgumentException(file + " line 1: expected the header '" + SpinCsv.HEADER
                        + "', found '" + header + "'");
            }
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    spins.add(SpinCsv.parseLine(line));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + " line " + number + ": " + e.getMessage(), e);
                }
            }
        }
        return spins;
    }

    /** The same spins in the same order, shifted so that the earliest happens at {@code now}. */
    public static List<GamePlay> retime(List<GamePlay> spins, Instant now) {
        Instant earliest = spins.stream().map(GamePlay::eventTime).min(Instant::compareTo).orElse(now);
        Duration shift = Duration.between(earliest, now);
        return spins.stream()
                .map(s -> new GamePlay(s.playerId(), s.gameId(), s.stake(), s.win(), s.eventTime().plus(shift)))
                .toList();
    }
}
