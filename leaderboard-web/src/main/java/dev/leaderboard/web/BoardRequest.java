package dev.leaderboard.web;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.leaderboard.web.board.BoardQuery;
import dev.leaderboard.web.board.BoardUnavailableException;
import dev.leaderboard.web.board.Metric;
import dev.leaderboard.web.board.Standings.Standing;
import dev.leaderboard.web.cache.CachedBoards;
import io.javalin.http.Context;

/**
 * A board request's parameters, each checked: {@code campaign} (an existing campaign id; absent = all
 * time), {@code window} (the last 1m..30d, as {@code 15m}, {@code 2h}, {@code 7d}; absent = the whole
 * campaign), {@code metric} (ratio|wins|net, ratio by default), {@code game}, {@code limit}, {@code offset}.
 */
record BoardRequest(BoardQuery query, Optional<String> windowText, int limit, int offset) {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;
    static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_WINDOW = Duration.ofDays(30);

    private static final Pattern CAMPAIGN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern WINDOW = Pattern.compile("([1-9][0-9]{0,5})([mhd])");
    private static final String WINDOW_RULE = "a duration like 15m, 2h or 7d, from 1m to 30d";

    static BoardRequest read(Context ctx, CachedBoards boards)
            throws BadParameterException, NotFoundException, BoardUnavailableException {
        Optional<String> campaign = campaignId(ctx, boards);
        Optional<String> windowText = Optional.ofNullable(ctx.queryParam("window"));
        Optional<Duration> window = windowText.isPresent() ? Optional.of(window(windowText.get())) : Optional.empty();
        Metric metric = metric(ctx.queryParam("metric"));
        Optional<Integer> game = ctx.queryParam("game") == null ? Optional.empty()
                : Optional.of(integer(ctx, "game", 0, 0, Integer.MAX_VALUE));
        int limit = integer(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = integer(ctx, "offset", 0, 0, CachedBoards.DEPTH - 1);
        return new BoardRequest(new BoardQuery(campaign, window, metric, game), windowText, limit, offset);
    }

    /** How deep a board this request's page needs: its last rank. */
    int reach() {
        return offset + limit;
    }

    /** This request's page of a board loaded at least {@link #reach()} deep, or whole. */
    List<Standing> page(List<Standing> board) {
        int from = Math.min(offset, board.size());
        return board.subList(from, Math.min(from + limit, board.size()));
    }

    static int integer(Context ctx, String name, int defaultValue, int min, int max) throws BadParameterException {
        String text = ctx.queryParam(name);
        return text == null ? defaultValue : integer(name, text, min, max);
    }

    static int integer(String name, String text, int min, int max) throws BadParameterException {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the rule
        }
        throw new BadParameterException(name, "an integer in " + min + ".." + max, text);
    }

    private static Optional<String> campaignId(Context ctx, CachedBoards boards)
            throws BadParameterException, NotFoundException, BoardUnavailableException {
        String id = ctx.queryParam("campaign");
        if (id == null) {
            return Optional.empty();
        }
        if (!CAMPAIGN_ID.matcher(id).matches()) {
            throw new BadParameterException("campaign", "a campaign id (1 to 64 of A-Z a-z 0-9 . _ -)", id);
        }
        if (boards.campaign(id).isEmpty()) {
            throw new NotFoundException("campaign", "no such campaign: " + id);
        }
        return Optional.of(id);
    }

    private static Duration window(String text) throws BadParameterException {
        Matcher parts = WINDOW.matcher(text);
        if (!parts.matches()) {
            throw new BadParameterException("window", WINDOW_RULE, text);
        }
        long amount = Long.parseLong(parts.group(1));
        Duration window = switch (parts.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new BadParameterException("window", WINDOW_RULE, text);
        }
        return window;
    }

    private static Metric metric(String text) throws BadParameterException {
        if (text == null) {
            return Metric.RATIO;
        }
        return Metric.byId(text).orElseThrow(() -> new BadParameterException("metric", "one of ratio, wins, net", text));
    }
}
