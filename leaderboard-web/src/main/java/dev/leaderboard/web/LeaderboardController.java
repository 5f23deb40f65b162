package dev.leaderboard.web;

import java.time.Duration;
import java.util.List;

import dev.leaderboard.web.board.Activity;
import dev.leaderboard.web.board.BoardUnavailableException;
import dev.leaderboard.web.board.Campaign;
import dev.leaderboard.web.board.Standings;
import dev.leaderboard.web.board.Standings.Standing;
import dev.leaderboard.web.cache.CachedBoards;
import io.javalin.http.ContentType;
import io.javalin.http.Context;

/** HTTP only: reads and checks parameters, asks the cached boards, writes JSON. Knows nothing of SQL or KQL. */
public final class LeaderboardController {

    static final int DEFAULT_AROUND = 5;
    static final int MAX_AROUND = 50;

    private final CachedBoards boards;
    private final BoardPages pages;

    LeaderboardController(CachedBoards boards, BoardPages pages) {
        this.boards = boards;
        this.pages = pages;
    }

    /** {@code GET /api/leaderboard?campaign=&window=&metric=&game=&limit=&offset=}: a page of a board. */
    public void leaderboard(Context ctx) throws Exception {
        BoardRequest request = BoardRequest.read(ctx, boards);
        ctx.contentType(ContentType.APPLICATION_JSON).result(pages.render(request, boards.standings(request.query(), request.reach())));
    }

    /** {@code GET /api/players/{id}?campaign=&window=&metric=&game=&around=k}: a player's rank and k neighbours each side. */
    public void player(Context ctx) throws Exception {
        int playerId = BoardRequest.integer("id", ctx.pathParam("id"), 0, Integer.MAX_VALUE);
        int around = BoardRequest.integer(ctx, "around", DEFAULT_AROUND, 0, MAX_AROUND);
        BoardRequest request = BoardRequest.read(ctx, boards);
        Standings neighbourhood = boards.around(request.query(), playerId, around)
                .orElseThrow(() -> new NotFoundException("id", "player " + playerId + " has no score on this board"));
        Standing player = neighbourhood.entries().stream().filter(s -> s.playerId() == playerId).findFirst().orElseThrow();
        ctx.json(new AroundJson(neighbourhood.asOf().toString(), request.query().campaignId().orElse(null),
                request.windowText().orElse(null), request.query().metric().id(), request.query().gameId().orElse(null),
                player, neighbourhood.entries()));
    }

    /** {@code GET /api/campaigns}: every campaign, the latest first. */
    public void campaigns(Context ctx) throws BoardUnavailableException {
        ctx.json(boards.campaigns().stream().map(CampaignJson::of).toList());
    }

    /** {@code GET /api/activity}: spins per second over the last minute and the store's lag, for the page's chart. */
    public void activity(Context ctx) throws BoardUnavailableException {
        ctx.json(ActivityJson.of(boards.activity()));
    }


    record CampaignJson(String id, String name, String start, String end, List<Integer> games) {
        static CampaignJson of(Campaign campaign) {
            return new CampaignJson(campaign.id(), campaign.name(), campaign.start().toString(),
                    campaign.end().toString(), campaign.games());
        }
    }

    record ActivityJson(String asOf, List<SecondJson> eventsPerSecond, Long ingestLatencyMs) {
        static ActivityJson of(Activity activity) {
            return new ActivityJson(activity.asOf().toString(),
                    activity.eventsPerSecond().stream().map(c -> new SecondJson(c.second().toString(), c.events())).toList(),
                    activity.ingestLatency().map(Duration::toMillis).orElse(null));
        }
    }

    record SecondJson(String second, long events) {
    }
}
