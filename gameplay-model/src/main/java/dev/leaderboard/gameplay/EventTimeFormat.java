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
        try {
            if (text.length() > 10 && text.charAt(10) == ' ') {
                return Optional.of(LocalDateTime.parse(text, WIRE_LENIENT_FRACTION).toInstant(ZoneOffset.UTC));
            }
            return Optional.of(DateTimeFormatter.ISO_DATE_TIME.parse(text, EventTimeFormat::toInstant));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Instant toInstant(java.time.temporal.TemporalAccessor parsed) {
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return Instant.from(parsed);
        }
        return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
    }
}
