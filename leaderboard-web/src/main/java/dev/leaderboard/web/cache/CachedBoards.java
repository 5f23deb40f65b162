package dev.leaderboard.web.cache;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import dev.leaderboard.web.board.Activity;
import dev.leaderboard.web.board.Board;
import dev.leaderboard.web.board.BoardQuery;
import dev.leaderboard.web.board.BoardUnavailableException;
import dev.leaderboard.web.board.Campaign;
import dev.leaderboard.web.board.Standings;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the API serves: a store's boards, each distinct board loaded at most once per TTL. A board is
 * loaded {@link #DEPTH} deep once, and pages, limits and around-me are cut from that copy, so the
 * number of store queries depends on the number of distinct boards, not of requests (ADX runs only
 * tens of queries at once per cluster). Reloads run on {@code refresher}, so that requests are answered
 * from memory while the store works.
 */
public final class CachedBoards {

    /** How many ranked players of a board are kept: the deepest page and the around-me reach. */
    public static final int DEPTH = 10_000;
    /** The activity chart's span. */
    public static final Duration ACTIVITY_SPAN = Duration.ofSeconds(60);

    private enum Singleton { KEY }

    private final SingleFlightCache<BoardQuery, Standings> standings;
    private final SingleFlightCache<Singleton, List<Campaign>> campaigns;
    private final SingleFlightCache<Singleton, Activity> activity;

    public CachedBoards(Board board, Executor refresher, Duration ttl, LongSupplier nanoTicker,
                        MeterRegistry registry) {
        this.standings = new SingleFlightCache<>("standings", query -> board.standings(query, DEPTH), refresher, ttl,
                nanoTicker, registry);
        this.campaigns = new SingleFlightCache<>("campaigns", key -> List.copyOf(board.campaigns()), refresher, ttl,
                nanoTicker, registry);
        this.activity = new SingleFlightCache<>("activity", key -> board.activity(ACTIVITY_SPAN), refresher, ttl,
                nanoTicker, registry);
    }

    public Standings standings(BoardQuery query) throws BoardUnavailableException {
        return standings.get(query);
    }

    public List<Campaign> campaigns() throws BoardUnavailableException {
        return campaigns.get(Singleton.KEY);
    }

    public Optional<Campaign> campaign(String id) throws BoardUnavailableException {
        return campaigns().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public Activity activity() throws BoardUnavailableException {
        return activity.get(Singleton.KEY);
    }
}
