package dev.leaderboard.web.board.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.leaderboard.web.board.Campaign;
import org.junit.jupiter.api.Test;

/** A board's range: a window rounded out to whole minutes, so that its board reads rollup bins only. */
class BoardRangeTest {

    private static final Instant NOW = Instant.parse("2026-11-25T13:38:33.5Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void aWindowStartsAtTheMinuteThatHoldsNowMinusTheWindowAndEndsWithTheMinuteThatHoldsNow() {
        BoardRange range = BoardRange.of(Optional.empty(), Optional.of(HOUR), NOW);

        assertThat(range).isEqualTo(range("2026-11-25T12:38:00Z", "2026-11-25T13:39:00Z"));
        assertThat(RollupReads.of(range.from(), range.to(), Instant.parse("2026-11-25T13:37:00Z")).spins())
                .as("no raw spins at either edge").isEmpty();
    }

    @Test
    void aRunningCampaignsWindowIsRoundedTheSameButNeverStartsBeforeTheCampaign() {
        Campaign campaign = campaign("2026-11-25T13:00:20Z", "2026-11-26T00:00:00Z");

        assertThat(BoardRange.of(Optional.of(campaign), Optional.of(HOUR), NOW))
                .isEqualTo(range("2026-11-25T13:00:20Z", "2026-11-25T13:39:00Z"));
        assertThat(BoardRange.of(Optional.of(campaign), Optional.of(Duration.ofMinutes(15)), NOW))
                .isEqualTo(range("2026-11-25T13:23:00Z", "2026-11-25T13:39:00Z"));
    }

    @Test
    void anEndedCampaignsWindowEndsAtItsEndAndStartsAtTheMinuteThatHoldsTheEndMinusTheWindow() {
        Campaign campaign = campaign("2026-11-25T00:00:00Z", "2026-11-25T12:00:30Z");

        assertThat(BoardRange.of(Optional.of(campaign), Optional.of(HOUR), NOW))
                .isEqualTo(range("2026-11-25T11:00:00Z", "2026-11-25T12:00:30Z"));
        assertThat(BoardRange.of(Optional.of(campaign), Optional.of(HOUR), Instant.parse("2026-11-25T12:00:10Z")))
                .as("ending in the campaign's last minute: at its end").isEqualTo(
                        range("2026-11-25T11:00:00Z", "2026-11-25T12:00:30Z"));
    }

    @Test
    void withoutAWindowABoardIsAllTimeOrTheWholeCampaign() {
        Campaign campaign = campaign("2026-11-25T00:00:10Z", "2026-11-25T12:00:30Z");

        assertThat(BoardRange.of(Optional.empty(), Optional.empty(), NOW)).isEqualTo(BoardRange.ALL_TIME);
        assertThat(BoardRange.of(Optional.of(campaign), Optional.empty(), NOW))
                .isEqualTo(range("2026-11-25T00:00:10Z", "2026-11-25T12:00:30Z"));
    }

    private static Campaign campaign(String start, String end) {
        return new Campaign("c", "C", Instant.parse(start), Instant.parse(end), List.of());
    }

    private static BoardRange range(String from, String to) {
        return new BoardRange(Instant.parse(from), Instant.parse(to));
    }
}
