package dev.leaderboard.web;

import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaderboard.web.board.Standings;

/**
 * The JSON bytes of each requested page of a board, rendered once per loaded copy of the board: at
 * thousands of requests per second, nearly every request finds its page ready and only writes bytes.
 * Holds at most {@link #MAX_PAGES} pages; past that it starts again empty (a client asking for every
 * offset gets each page rendered for it, as without this).
 */
final class BoardPages {

    static final int MAX_PAGES = 10_000;

    /** A page and the copy of the board it was cut from. */
    private record Rendered(Standings standings, byte[] json) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final ConcurrentHashMap<BoardRequest, Rendered> pages = new ConcurrentHashMap<>();

    byte[] render(BoardRequest request, Standings standings) throws JsonProcessingException {
        Rendered seen = pages.get(request);
        // Identity, not equals: the cache hands out one instance per load, and a new load is a new page.
        if (seen != null && seen.standings() == standings) {
            return seen.json();
        }
        byte[] page = json.writeValueAsBytes(BoardJson.of(request, standings));
        if (pages.size() >= MAX_PAGES) {
            pages.clear();
        }
        pages.put(request, new Rendered(standings, page));
        return page;
    }

    int size() {
        return pages.size();
    }
}
