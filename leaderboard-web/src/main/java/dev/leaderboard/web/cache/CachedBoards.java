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
 * What the API serves: a store's boards, each distinct board loaded at most once per TTL. A board's best
 * {@link #HEAD} are loaded once, and pages, limits and around-me are cut from that copy, so the number of
 * store queries depends on the number of distinct boards, not of requests (ADX runs only tens of queries at
 * once per cluster). Pages below it are cut from a copy {@link #DEPTH} deep, loaded and reloaded only while
 * such pages are asked for. Loads run on {@code refresher}, so that requests are answered
 * from memory while the store works; what a failed reload serves is {@link RefreshingCache}'s to say.
 * <p>
 * Given {@link StoreChanges}, the boards' heads that have been read reload when the store commits new data, at most
 * {@link #CHANGE_RELOADS_PER_TTL} times per TTL, so that a spin that places a player on the first 1,000 shows within
 * a fraction of the TTL instead of up to a whole one. The deep copies (pages past the head, around-me past it) and the
 * campaigns and the activity chart keep to their TTL: each deep around-me is a query of its own, and one per player
 * polling for a rank past the head at every change took the refresh threads from the heads (the soak's probes,
 * polling for players not yet on the board, reloaded theirs as often as the boards, 124-700 ms each beside them).
 */
public final class CachedBoards {

    /**
     * How many ranked players of a board each load reads: every page a request can ask from the top (a limit is at
     * most 1,000) and the around-me of the players on them. Loading 10,000 deep on every reload cost about a fifth more
     * than 1,000 over 100,000 players (the top-N sort and the rows read: the 12 boards of bench/board-scale.sh at 1
     * million spins, p50 46.0 against 38.4 ms on average), for pages few ask.
     */
    public static final int HEAD = 1_000;
    /** How many ranked players of a board are kept for the deeper pages: the deepest page (offset below it). */
    public static final int DEPTH = 10_000;
    /**
     * How many times per TTL a board read since its last load may reload on word of a change. Four (a reload at most
     * every 250 ms at the default TTL) rather than two: the embedded ingestor stores a batch about every 400 ms under
     * the soak's load, so with two most batches found their board's copy under half a TTL old and waited for it.
     */
    public static final int CHANGE_RELOADS_PER_TTL = 4;
    /** The activity chart's span. */
    public static final Duration ACTIVITY_SPAN = Duration.ofSeconds(60);

    private enum Singleton { KEY }

    private final RefreshingCache<BoardQuery, Standings> standings;
    private final RefreshingCache<BoardQuery, Standings> deepStandings;
    private final RefreshingCache<Deep, Optional<Standings>> deep;
    private final RefreshingCache<Singleton, List<Campaign>> campaigns;
    private final RefreshingCache<Singleton, Activity> activity;

    public CachedBoards(Board board, Executor refresher, Duration ttl, LongSupplier nanoTicker,
                        MeterRegistry registry) {
        this(board, refresher, ttl, nanoTicker, registry, null);
    }

    /** @param changes word of new data in the store, or null to reload on the TTL alone */
    public CachedBoards(Board board, Executor refresher, Duration ttl, LongSupplier nanoTicker,
                        MeterRegistry registry, StoreChanges changes) {
        RefreshingCache.Reloads reloads = changes == null ? RefreshingCache.Reloads.ON_TTL
                : RefreshingCache.Reloads.ON_TTL_AND_CHANGES;
        this.deep = new RefreshingCache<>("around", key -> board.around(key.query(), key.playerId(), key.neighbours()),
                refresher, ttl, nanoTicker, registry);
        this.standings = new RefreshingCache<>("standings", query -> board.standings(query, HEAD), refresher, ttl,
                nanoTicker, registry, reloads);
        this.deepStandings = new RefreshingCache<>("deep-standings", query -> board.standings(query, DEPTH), refresher,
                ttl, nanoTicker, registry);
        this.campaigns = new RefreshingCache<>("campaigns", key -> List.copyOf(board.campaigns()), refresher, ttl,
                nanoTicker, registry);
        this.activity = new RefreshingCache<>("activity", key -> board.activity(ACTIVITY_SPAN), refresher, ttl,
                nanoTicker, registry);
        if (changes != null) {
            Duration minAge = ttl.dividedBy(CHANGE_RELOADS_PER_TTL);
            changes.listen(() -> standings.storeChanged(minAge));
        }
    }

    /**
     * A board's best {@code reach} or more: its {@link #HEAD} when they reach that far or are the whole board, else
     * its best {@link #DEPTH}.
     */
    public Standings standings(BoardQuery query, int reach) throws BoardUnavailableException {
        Standings head = standings.get(query);
        return reach <= HEAD || head.entries().size() < HEAD ? head : deepStandings.get(query);
    }

    /**
     * A player's place and neighbours: cut from the cached copy when the player is among its best
     * {@link #HEAD}, else asked of the store, cached like a board: one query per player, board and TTL
     * however often it is asked (a client polling for a player not yet on the board asks the store once a TTL).
     */
    public Optional<Standings> around(BoardQuery query, int playerId, int neighbours) throws BoardUnavailableException {
        Standings cached = standings.get(query);
        List<Standings.Standing> entries = cached.entries();
        boolean wholeBoard = entries.size() < HEAD;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).playerId() == playerId && (wholeBoard || i + neighbours < entries.size())) {
                return Optional.of(new Standings(cached.asOf(),
                        entries.subList(Math.max(0, i - neighbours), Math.min(entries.size(), i + neighbours + 1))));
            }
        }
        if (wholeBoard) {
            return Optional.empty();  // the player is not on the board
        }
        return deep.get(new Deep(query, playerId, neighbours));
    }

    /** A deep around-me: the board, the player and how many neighbours each side. */
    private record Deep(BoardQuery query, int playerId, int neighbours) {
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
