package dev.leaderboard.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import dev.leaderboard.metrics.ProcessMeters;

import dev.leaderboard.web.board.Board;
import dev.leaderboard.web.cache.CachedBoards;
import dev.leaderboard.web.cache.StoreChanges;
import dev.leaderboard.web.health.HealthEndpoint;
import dev.leaderboard.web.health.IngestHealth;
import dev.leaderboard.web.health.StoreCheck;
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

    /** The web alone: its own registry with the JVM and process meters, no ingestor in this process. */
    public static Javalin create(Board board, ServingConfig serving) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessMeters.bindTo(registry);
        return create(board, serving, registry, Optional::empty);
    }

    /**
     * @param registry the process's one registry, served on {@code /metrics}
     * @param ingest   the ingestor in this process, for {@code /health}; empty when there is none
     */
    public static Javalin create(Board board, ServingConfig serving, PrometheusMeterRegistry registry,
                                 Supplier<Optional<IngestHealth>> ingest) {
        return create(board, serving, registry, ingest, null);
    }

    /** @param changes word from the writer in this process that the store has new data; null when there is none */
    public static Javalin create(Board board, ServingConfig serving, PrometheusMeterRegistry registry,
                                 Supplier<Optional<IngestHealth>> ingest, StoreChanges changes) {
        ExecutorService refresher = Executors.newFixedThreadPool(REFRESH_THREADS, work -> {
            Thread thread = new Thread(work, "board-refresh");
            thread.setDaemon(true);
            return thread;
        });
        CachedBoards boards = new CachedBoards(board, refresher, serving.cacheTtl(), System::nanoTime, registry,
                changes);
        LeaderboardController controller = new LeaderboardController(boards, new BoardPages());
        BoardStream stream = new BoardStream(boards, serving, registry);
        StoreCheck storeCheck = new StoreCheck(board::isReachable, STORE_CHECK_INTERVAL, Clock.systemUTC());
        HealthEndpoint health = new HealthEndpoint(storeCheck, ingest);
        RequestMetrics requests = new RequestMetrics(registry);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.responseBufferSize = RESPONSE_COPY_BUFFER;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            config.staticFiles.add("/public", Location.CLASSPATH, Set.of());
            config.routes.get("/api/leaderboard", controller::leaderboard);
            config.routes.get("/api/leaderboard/stream", stream::subscribe);
            config.routes.get("/api/players/{id}", controller::player);
            config.routes.get("/api/campaigns", controller::campaigns);
            config.routes.get("/api/activity", controller::activity);
            config.routes.get("/health", health::answer);
            config.routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape()));
            config.requestLogger.http(requests::record);
            config.events.serverStarted(stream::start);
            config.events.serverStopping(stream::stop);
            config.events.serverStopping(storeCheck::stop);
            config.events.serverStopped(refresher::shutdownNow);
            ApiErrors.register(config.routes);
        });
    }

    /**
     * The buffer Javalin allocates for every response to copy its result into Jetty's (pooled) output buffer. Its
     * default is Jetty's output buffer size, 32 KiB, so under the soak's 64 readers (about 10,000 board pages a second
     * of under 1 KiB each, a top 10) these copies were 43% of everything the JVM allocated (a JFR allocation profile),
     * about 300 MB/s of garbage. A page bigger than this is copied in several writes.
     */
    static final int RESPONSE_COPY_BUFFER = 4 * 1024;

    /** How often {@code /health}'s store check asks the store; requests read the last answer. */
    static final Duration STORE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * Threads that reload expired boards while requests are answered from the previous copy. Each board has at
     * most one load in flight; a few at once are what a small store (DuckDB on two cores, tens of ADX queries per
     * cluster) can take.
     */
    static final int REFRESH_THREADS = 2;
}
