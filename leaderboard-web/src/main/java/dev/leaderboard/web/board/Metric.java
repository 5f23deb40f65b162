package dev.leaderboard.web.board;

import java.util.Arrays;
import java.util.Optional;

/** What a board ranks by. The names are the API's and the stored functions' ({@code kql/schema/08-leaderboards.kql}). */
public enum Metric {
    /** Best single spin, Win / Stake by real division (the blog's score); reached at the first spin with it. */
    RATIO("ratio"),
    /** Total Win, players with at least one win; reached at the last winning spin. */
    WINS("wins"),
    /** Total Win minus total Stake; reached at the last spin that changed it. */
    NET("net");

    private final String id;

    Metric(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Metric> byId(String id) {
        return Arrays.stream(values()).filter(metric -> metric.id.equals(id)).findFirst();
    }
}
