package dev.leaderboard.gameplay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The digit-by-digit reading of the wire form answers what the formatter answers, valid or not. */
class EventTimeFormatTest {

    private static final DateTimeFormatter FORMATTER = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    @Test
    void readsTheWireFormAsTheFormatterDoesForValidAndInvalidFields() {
        Random random = new Random(3);
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            String text = String.format("%04d-%02d-%02d %02d:%02d:%02d.%06d", random.nextInt(10_000), random.nextInt(14),
                    random.nextInt(33), random.nextInt(26), random.nextInt(61), random.nextInt(61), random.nextInt(1_000_000));
            if (random.nextInt(20) == 0) {
                text = text.replace(text.charAt(random.nextInt(text.length())), 'x');
            }
            Optional<Instant> expected = byFormatter(text);
            assertThat(EventTimeFormat.parse(text)).as(text).isEqualTo(expected);
            valid += expected.isPresent() ? 1 : 0;
        }
        assertThat(valid).as("valid texts among the random ones").isBetween(5_000, 15_000);
    }

    @Test
    void readsFebruaryTheThirtiethAsTheFormatterResolvesIt() {
        assertThat(EventTimeFormat.parse("2023-02-30 10:00:00.000001")).isEqualTo(byFormatter("2023-02-30 10:00:00.000001"));
    }

    private static Optional<Instant> byFormatter(String text) {
        try {
            return Optional.of(LocalDateTime.parse(text, FORMATTER).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
