package dev.leaderboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.leaderboard.web.board.BoardQuery;
import dev.leaderboard.web.board.Standings;
import dev.leaderboard.web.board.Standings.Standing;
import org.junit.jupiter.api.Test;

class BoardPagesTest {

    private static final Standings FIRST = new Standings(Instant.parse("2026-12-02T10:00:00Z"),
            List.of(new Standing(1, 101, "Ada", 3.0), new Standing(1, 104, "104", 3.0), new Standing(3, 102, "Grace", 2.5)));
    private static final Standings RELOADED = new Standings(Instant.parse("2026-12-02T10:00:01Z"),
            List.of(new Standing(1, 102, "Grace", 10.0), new Standing(2, 101, "Ada", 3.0)));

    private final BoardPages pages = new BoardPages();

    @Test
    void rendersAPageOncePerLoadedBoard() throws Exception {
        BoardRequest top2 = request(2, 0);

        byte[] first = pages.render(top2, FIRST);
        assertThat(pages.render(request(2, 0), FIRST)).isSameAs(first);
        assertThat(text(first)).isEqualTo("{\"asOf\":\"2026-12-02T10:00:00Z\",\"campaign\":null,\"window\":null,"
                + "\"metric\":\"ratio\",\"game\":null,\"offset\":0,\"entries\":["
                + "{\"rank\":1,\"playerId\":101,\"name\":\"Ada\",\"score\":3.0},"
                + "{\"rank\":1,\"playerId\":104,\"name\":\"104\",\"score\":3.0}]}");

        assertThat(text(pages.render(top2, RELOADED))).startsWith("{\"asOf\":\"2026-12-02T10:00:01Z\"")
                .contains("{\"rank\":1,\"playerId\":102,\"name\":\"Grace\",\"score\":10.0}");
    }

    @Test
    void cutsEachPageOfTheSameBoardApart() throws Exception {
        assertThat(text(pages.render(request(1, 2), FIRST)))
                .endsWith("\"offset\":2,\"entries\":[{\"rank\":3,\"playerId\":102,\"name\":\"Grace\",\"score\":2.5}]}");
        assertThat(text(pages.render(request(1, 5), FIRST))).endsWith("\"offset\":5,\"entries\":[]}");
        assertThat(pages.size()).isEqualTo(2);
    }

    @Test
    void holdsAtMostMaxPagesHoweverManyOffsetsAreAskedFor() throws Exception {
        for (int offset = 0; offset < BoardPages.MAX_PAGES + 10; offset++) {
            pages.render(request(1, offset), FIRST);
        }

        assertThat(pages.size()).isEqualTo(10);
    }

    private static BoardRequest request(int limit, int offset) {
        return new BoardRequest(BoardQuery.ALL_TIME, Optional.empty(), limit, offset);
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
