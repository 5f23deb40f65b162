package dev.leaderboard.gameplay;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * The blog's wire format for eventTime, {@code yyyy-MM-dd HH:mm:ss.SSSSSS} in UTC with no zone (what
 * Python's {@code str(datetime.utcnow())} prints), and the ISO-8601 form of the blog's CSV exports.
 */
public final class EventTimeFormat {

    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    /** Python drops the fraction when it is zero, so 0 to 9 fraction digits are read. */
    private static final DateTimeFormatter WIRE_LENIENT_FRACTION = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private EventTimeFormat() {
    }

    public static String format(Instant time) {
        return WIRE.format(time);
    }

    /** Reads either form; ISO-8601 without an offset is taken as UTC, like the wire form. */
    public static Optional<Instant> parse(String text) {
        Instant common = wireWithMicros(text);
        if (common != null) {
            return Optional.of(common);
        }
        try {
            if (text.length() > 10 && text.charAt(10) == ' ') {
                return Optional.of(LocalDateTime.parse(text, WIRE_LENIENT_FRACTION).toInstant(ZoneOffset.UTC));
            }
            return Optional.of(DateTimeFormatter.ISO_DATE_TIME.parse(text, EventTimeFormat::toInstant));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The form every simulator and the blog's generator send, {@code yyyy-MM-dd HH:mm:ss.SSSSSS}, read digit
     * by digit: the ingestor reads one per spin, and the formatter was a tenth of its CPU. Null for anything
     * else, and for days past the 28th, which the formatter resolves (it moves Feb 30 to Feb 28).
     */
    private static Instant wireWithMicros(String text) {
        if (text.length() != 26 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != ' '
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int micros = digits(text, 20, 26);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59 || micros < 0) {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, micros * 1_000).toInstant(ZoneOffset.UTC);
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Instant toInstant(java.time.temporal.TemporalAccessor parsed) {
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return Instant.from(parsed);
        }
        return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
    }
}
