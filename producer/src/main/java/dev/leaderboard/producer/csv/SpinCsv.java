package dev.leaderboard.producer.csv;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import dev.leaderboard.gameplay.EventTimeFormat;
import dev.leaderboard.gameplay.GamePlay;

/**
 * The blog's backfill CSV (post II): header {@code PlayerID,GameID,Win,Stake,EventTime}, one spin a line,
 * EventTime in ISO-8601 with {@code T} and {@code Z} as the blog's files have it (the wire form is read too).
 */
public final class SpinCsv {

    public static final String HEADER = "PlayerID,GameID,Win,Stake,EventTime";

    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private SpinCsv() {
    }

    public static String toLine(GamePlay spin) {
        return spin.playerId() + "," + spin.gameId() + "," + spin.win() + "," + spin.stake() + ","
                + ISO_MICROS.format(spin.eventTime());
    }

    /** Reads one data line; a bad line is an exception naming the column and the value. */
    public static GamePlay parseLine(String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected 5 columns (" + HEADER + "), found " + fields.length);
        }
        int playerId = integer("PlayerID", fields[0]);
        int gameId = integer("GameID", fields[1]);
        long win = longInteger("Win", fields[2]);
        int stake = integer("Stake", fields[3]);
        Optional<Instant> time = EventTimeFormat.parse(fields[4].trim());
        if (time.isEmpty()) {
            throw new IllegalArgumentException("EventTime is not an ISO-8601 or 'yyyy-MM-dd HH:mm:ss.SSSSSS' time: '"
                    + fields[4] + "'");
        }
        return new GamePlay(playerId, gameId, stake, win, time.get());
    }

    private static int integer(String column, String text) {
        return Math.toIntExact(longInteger(column, text));
    }

    private static long longInteger(String column, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(column + " is not an integer: '" + text + "'");
        }
    }
}
