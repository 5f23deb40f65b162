package dev.leaderboard.web.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.leaderboard.web.board.Activity;
import dev.leaderboard.web.board.Board;
import dev.leaderboard.web.board.BoardQuery;
import dev.leaderboard.web.board.Campaign;
import dev.leaderboard.web.board.Standings;
import dev.leaderboard.web.board.Standings.Standing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Which copies the store's word of new data reloads: the heads of the boards read, not the deep copies. */
class CachedBoardsTest {

    private static final Duration TTL = Duration.ofSeconds(1);
    /** A player ranked past the head: {@link CachedBoards#around} asks the store for him. */
    private static final int DEEP_PLAYER = 5_000;

    private final AtomicLong nanos = new AtomicLong();
    private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
    private final StoreChanges changes = new StoreChanges();
    private final CachedBoards boards = new CachedBoards(countingBoard(), Runnable::run, TTL, nanos::get,
            new SimpleMeterRegistry(), changes);

    @Test
    void aChangeReloadsTheHeadsReadButADeepAroundMeAndDeepPagesOnlyOnTheirTtl() throws Exception {
        boards.standings(BoardQuery.ALL_TIME, 10);
        boards.standings(BoardQuery.ALL_TIME, 5_000);
        assertThat(boards.around(BoardQuery.ALL_TIME, DEEP_PLAYER, 2)).isPresent();
        assertThat(loads()).containsExactlyInAnyOrderEntriesOf(Map.of("head", 1, "deep", 1, "around", 1));

        nanos.addAndGet(TTL.dividedBy(CachedBoards.CHANGE_RELOADS_PER_TTL).toNanos());  // old enough for a change
        changes.changed();
        assertThat(loads()).as("after a change").containsExactlyInAnyOrderEntriesOf(Map.of("head", 2, "deep", 1, "around", 1));

        nanos.addAndGet(TTL.toNanos() + 1);  // every copy past its TTL
        boards.standings(BoardQuery.ALL_TIME, 5_000);
        boards.around(BoardQuery.ALL_TIME, DEEP_PLAYER, 2);
        assertThat(loads()).as("read after the TTL").containsExactlyInAnyOrderEntriesOf(Map.of("head", 3, "deep", 2, "around", 2));
    }

    private Map<String, Integer> loads() {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        loads.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    private void loaded(String kind) {
        loads.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    /** 10,000 ranked players (ids 1 to 10,000, best first), counting its loads by kind. */
    private Board countingBoard() {
        return new Board() {
            @Override
            public List<Campaign> campaigns() {
                return List.of();
            }

            @Override
            public Standings standings(BoardQuery query, int depth) {
                loaded(depth == CachedBoards.HEAD ? "head" : "deep");
                return new Standings(Instant.EPOCH, ranks(1, depth));
            }

            @Override
            public Optional<Standings> around(BoardQuery query, int playerId, int neighbours) {
                loaded("around");
                return Optional.of(new Standings(Instant.EPOCH, ranks(playerId - neighbours, 2 * neighbours + 1)));
            }

            @Override
            public Activity activity(Duration span) {
                return new Activity(Instant.EPOCH, List.of(), Optional.empty());
            }

            @Override
            public boolean isReachable() {
                return true;
            }
        };
    }

    private static List<Standing> ranks(int first, int count) {
        List<Standing> entries = new ArrayList<>();
        for (int rank = first; rank < first + count; rank++) {
            entries.add(new Standing(rank, rank, "player " + rank, 10_000 - rank));
        }
        return entries;
    }
}
