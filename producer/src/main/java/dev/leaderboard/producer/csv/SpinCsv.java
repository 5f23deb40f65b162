package dev.leaderboard.producer.csv;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.leaderboard.gameplay.EventTimeFormat;
import dev.leaderboard.gameplay.GamePlay;

/**
 * The blog's backfill CSV (post II): header {@code PlayerID,GameID,Win,Stake,EventTime}, one spin a row, EventTime in
 * ISO-8601 with {@code T} and {@code Z} as the blog's files have it (the wire form is read too). Jackson's CSV
 * dataformat reads and writes the rows (quoted fields included); this class says what a row means.
 */
public final class SpinCsv {

    public static final List<String> COLUMNS = List.of("PlayerID", "GameID", "Win", "Stake", "EventTime");
    public static final String HEADER = String.join(",", COLUMNS);

    /**
     * Rows as arrays of text: cells trimmed and blank lines skipped when read, quoted only where needed when written.
     * What a row means is {@link #fromRow}'s.
     */
    static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.TRIM_SPACES, CsvParser.Feature.SKIP_EMPTY_LINES)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();

    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private SpinCsv() {
    }

    static String[] toRow(GamePlay spin) {
        return new String[] {Integer.toString(spin.playerId()), Integer.toString(spin.gameId()), Long.toString(spin.win()),
            Integer.toString(spin.stake()), ISO_MICROS.format(spin.eventTime())};
    }

    /** Reads one data row, spaces around a value ignored; a bad row is an exception naming the column and the value. */
    static GamePlay fromRow(List<String> cells) {
        if (cells.size() != COLUMNS.size()) {
            throw new IllegalArgumentException("expected " + COLUMNS.size() + " columns (" + HEADER + "), found "
                    + cells.size());
        }
        int playerId = integer("PlayerID", cells.get(0));
        int gameId = integer("GameID", cells.get(1));
        long win = longInteger("Win", cells.get(2));
        int stake = integer("Stake", cells.get(3));
        Optional<Instant> time = EventTimeFormat.parse(cells.get(4).strip());
        if (time.isEmpty()) {
            throw new IllegalArgumentException("EventTime is not an ISO-8601 or 'yyyy-MM-dd HH:mm:ss.SSSSSS' time: '"
                    + cells.get(4) + "'");
        }
        return new GamePlay(playerId, gameId, stake, win, time.get());
    }

    private static int integer(String column, String text) {
        return Math.toIntExact(longInteger(column, text));
    }

    private static long longInteger(String column, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(column + " is not an integer: '" + text + "'");
        }
    }
}
