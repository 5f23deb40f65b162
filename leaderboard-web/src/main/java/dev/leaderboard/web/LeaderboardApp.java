package dev.leaderboard.web;

import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
        ExecutorService refresher = Executors.newFixedThreadPool(REFRESH_THREADS, work -> {
            Thread thread = new Thread(work, "board-refresh");
            thread.setDaemon(true);
            return thread;
        });
        CachedBoards boards = new CachedBoards(board, refresher, serving.cacheTtl(), System::nanoTime, registry);
        LeaderboardController controller = new LeaderboardController(boards, new BoardPages());
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
            config.events.serverStopped(refresher::shutdownNow);
            ApiErrors.register(config.routes);
        });
    }

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * Threads that reload expired boards while requests are answered from the previous copy. Each board has at
     * most one load in flight; a few at once are what a small store (DuckDB on two cores, tens of ADX queries per
     * cluster) can take.
     */
    static final int REFRESH_THREADS = 2;
}
