package dev.leaderboard.web.board.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import dev.leaderboard.web.board.duckdb.RollupReads.Grain;
import dev.leaderboard.web.board.duckdb.RollupReads.Span;
import org.junit.jupiter.api.Test;

/**
 * Which bins a board reads around the coarse rollups' watermark: whole coarse bins before it (the one that holds
 * it read whole, since it holds only what is before it), minute bins from it on. RollupBoardEqualsSpinsBoardTest
 * shows the answers exact; this shows the shape.
 */
class RollupReadsTest {

    private static final Instant WATERMARK = Instant.parse("2026-11-25T11:34:00Z");

    @Test
    void anAllTimeBoardReadsTheCenturyUpToTheWatermarkThenItsMinutes() {
        RollupReads reads = RollupReads.of(BoardRange.ALL_TIME.from(), BoardRange.ALL_TIME.to(), WATERMARK);

        assertThat(reads.bins().get(Grain.CENTURY)).containsExactly(span("2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z"));
        assertThat(reads.bins().get(Grain.DAY)).isEmpty();
        assertThat(reads.bins().get(Grain.HOUR)).isEmpty();
        assertThat(reads.bins().get(Grain.MINUTE)).containsExactly(span("2026-11-25T11:34:00Z", "2100-01-01T00:00:00Z"));
        assertThat(reads.spins()).isEmpty();
        assertThat(reads.late()).as("RollupLate's rows counted with the century").isEqualTo(
                span("2000-01-01T00:00:00Z", "2026-11-25T11:34:00Z"));
    }

    @Test
    void aLastHourBoardReadsTheHourThatHoldsTheWatermarkThenTenMinuteBinsMinutesAndSpinsAtItsStart() {
        RollupReads reads = RollupReads.of(Instant.parse("2026-11-25T10:34:20Z"), Instant.parse("2026-11-25T11:34:25Z"),
                WATERMARK);

        assertThat(reads.bins().get(Grain.CENTURY)).isEmpty();
        assertThat(reads.bins().get(Grain.DAY)).isEmpty();
        assertThat(reads.bins().get(Grain.HOUR)).containsExactly(span("2026-11-25T11:00:00Z", "2026-11-25T12:00:00Z"));
        assertThat(reads.bins().get(Grain.TEN_MINUTES)).as("2 bins, not 20 minutes")
                .containsExactly(span("2026-11-25T10:40:00Z", "2026-11-25T11:00:00Z"));
        assertThat(reads.bins().get(Grain.MINUTE)).containsExactly(span("2026-11-25T10:35:00Z", "2026-11-25T10:40:00Z"));
        assertThat(reads.spins()).containsExactly(span("2026-11-25T10:34:20Z", "2026-11-25T10:35:00Z"),
                span("2026-11-25T11:34:00Z", "2026-11-25T11:34:25Z"));
        assertThat(reads.late()).isEqualTo(span("2026-11-25T10:40:00Z", "2026-11-25T11:34:00Z"));
    }

    @Test
    void aBoardThatEndsBeforeTheWatermarkReadsAsWithoutOne() {
        Instant from = Instant.parse("2026-11-23T07:13:20.123456Z");
        Instant to = Instant.parse("2026-11-25T09:59:10.5Z");

        assertThat(RollupReads.of(from, to, WATERMARK)).isEqualTo(RollupReads.of(from, to));
        assertThat(RollupReads.of(from, to).bins().get(Grain.DAY)).containsExactly(
                span("2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z"));
        assertThat(RollupReads.of(from, to).late()).as("the coarse bins' time, not the minutes at the edges")
                .isEqualTo(span("2026-11-23T07:20:00Z", "2026-11-25T09:50:00Z"));
    }

    @Test
    void aBoardThatStartsAfterTheWatermarkReadsMinutesAndSpinsOnly() {
        RollupReads reads = RollupReads.of(Instant.parse("2026-11-25T11:40:30Z"), Instant.parse("2026-11-25T14:00:00Z"),
                WATERMARK);

        assertThat(reads.bins().get(Grain.HOUR)).isEmpty();
        assertThat(reads.bins().get(Grain.MINUTE)).containsExactly(span("2026-11-25T11:41:00Z", "2026-11-25T14:00:00Z"));
        assertThat(reads.spins()).containsExactly(span("2026-11-25T11:40:30Z", "2026-11-25T11:41:00Z"));
        assertThat(reads.late()).isEqualTo(RollupReads.Span.EMPTY);
    }

    @Test
    void aBoardFromInsideTheWatermarksDayReadsTheHoursBeforeItAndTheMinutesAfter() {
        RollupReads reads = RollupReads.of(Instant.parse("2026-11-25T03:00:00Z"), Instant.parse("2026-11-26T00:00:00Z"),
                WATERMARK);

        assertThat(reads.bins().get(Grain.DAY)).isEmpty();
        assertThat(reads.bins().get(Grain.HOUR)).containsExactly(span("2026-11-25T03:00:00Z", "2026-11-25T12:00:00Z"));
        assertThat(reads.bins().get(Grain.MINUTE)).containsExactly(span("2026-11-25T11:34:00Z", "2026-11-26T00:00:00Z"));
        assertThat(reads.spins()).isEqualTo(List.of());
    }

    @Test
    void tenMinuteBinsStartAtWholeTenMinutesFrom2000() {
        Instant time = Instant.parse("2026-11-25T10:39:59.999999Z");

        assertThat(RollupReads.floor(Grain.TEN_MINUTES, time)).isEqualTo(Instant.parse("2026-11-25T10:30:00Z"));
        assertThat(RollupReads.ceil(Grain.TEN_MINUTES, time)).isEqualTo(Instant.parse("2026-11-25T10:40:00Z"));
        assertThat(RollupReads.ceil(Grain.TEN_MINUTES, Instant.parse("2026-11-25T10:40:00Z")))
                .isEqualTo(Instant.parse("2026-11-25T10:40:00Z"));
        assertThat(RollupReads.floor(Grain.TEN_MINUTES, Instant.parse("1999-12-31T23:59:59Z")))
                .isEqualTo(Instant.parse("1999-12-31T23:50:00Z"));
    }

    private static Span span(String from, String to) {
        return new Span(Instant.parse(from), Instant.parse(to));
    }
}
