package dev.leaderboard.web;

import java.util.Set;

import dev.leaderboard.web.board.Board;
import dev.leaderboard.web.cache.CachedBoards;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The route table. Returns an unstarted app, so tests and the one-JVM runner start it where they like. */
public final class LeaderboardApp {

    private LeaderboardApp() {
    }

    public static Javalin create(Board board) {
        return create(board, ServingConfig.DEFAULTS);
    }

    public static Javalin create(Board board, ServingConfig serving) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CachedBoards boards = new CachedBoards(board, serving.cacheTtl(), System::nanoTime, registry);
        LeaderboardController controller = new LeaderboardController(boards);
        BoardStream stream = new BoardStream(boards, serving.pushInterval(), registry);
        RequestMetrics requests = new RequestMetrics(registry);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            config.staticFiles.add("/public", Location.CLASSPATH, Set.of());
            config.routes.get("/api/leaderboard", controller::leaderboard);
            config.routes.get("/api/leaderboard/stream", stream::subscribe);
            config.routes.get("/api/players/{id}", controller::player);
            config.routes.get("/api/campaigns", controller::campaigns);
            config.routes.get("/api/activity", controller::activity);
            config.routes.get("/health", controller::health);
            config.routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape()));
            config.requestLogger.http(requests::record);
            config.events.serverStarted(stream::start);
            config.events.serverStopping(stream::stop);
            ApiErrors.register(config.routes);
        });
    }

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
}
