package dev.leaderboard.web;

import java.util.Set;

import dev.leaderboard.web.board.Board;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;

/** The route table. Returns an unstarted app, so tests and the one-JVM runner start it where they like. */
public final class LeaderboardApp {

    private LeaderboardApp() {
    }

    public static Javalin create(Board board) {
        LeaderboardController controller = new LeaderboardController(board);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.staticFiles.add("/public", Location.CLASSPATH, Set.of());
            config.routes.get("/api/leaderboard", controller::leaderboard);
            config.routes.get("/health", controller::health);
            ApiErrors.register(config.routes);
        });
    }
}
