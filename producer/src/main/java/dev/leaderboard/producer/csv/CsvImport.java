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
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.leaderboard.gameplay.GamePlay;

/**
 * Reads a backfill CSV and re-times it to now the way the blog's {@code ResetEventTime()} update policy
 * did: each spin at {@code now + (EventTime - min(EventTime))}, so relative spacing is kept exactly.
 */
public final class CsvImport {

    private CsvImport() {
    }

    /**
     * Reads every row first: a file with one bad row is refused whole, naming the line the row starts on (a quoted
     * field may span lines; blank lines count). The header must be the blog's, in its order.
     */
    public static List<GamePlay> read(Path file) throws IOException {
        List<GamePlay> spins = new ArrayList<>();
        try (BufferedReader in = withoutByteOrderMark(Files.newBufferedReader(file, StandardCharsets.UTF_8));
             JsonParser csv = SpinCsv.MAPPER.createParser(in)) {
            long line = 1;
            try {
                checkHeader(nextRow(csv).orElse(List.of()));
                while (true) {
                    line = csv.currentLocation().getLineNr();
                    Optional<List<String>> row = nextRow(csv);
                    if (row.isEmpty()) {
                        break;
                    }
                    spins.add(SpinCsv.fromRow(row.get()));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + line + ": " + e.getMessage(), e);
            } catch (JsonProcessingException e) {
                // Jackson's own: an unclosed quote, text after a closing quote.
                throw new IllegalArgumentException(file + " line " + line + ": not CSV: " + e.getOriginalMessage(), e);
            }
        }
        return spins;
    }

    /** The cells of the next row, or empty at the end of the file. */
    private static Optional<List<String>> nextRow(JsonParser csv) throws IOException {
        if (csv.nextToken() != JsonToken.START_ARRAY) {
            return Optional.empty();
        }
        List<String> cells = new ArrayList<>();
        while (csv.nextToken() == JsonToken.VALUE_STRING) {
            cells.add(csv.getText());
        }
        return Optional.of(cells);
    }

    private static void checkHeader(List<String> header) {
        if (!header.equals(SpinCsv.COLUMNS)) {
            throw new IllegalArgumentException("expected the header '" + SpinCsv.HEADER + "', found '"
                    + String.join(",", header) + "'");
        }
    }

    /** Spreadsheets start a UTF-8 CSV with one; before a quoted first header cell it would hide the quote. */
    private static BufferedReader withoutByteOrderMark(BufferedReader in) throws IOException {
        in.mark(1);
        if (in.read() != '\uFEFF') {
            in.reset();
        }
        return in;
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
