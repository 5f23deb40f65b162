package dev.leaderboard.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Times every HTTP request by route and status ({@code http_server_requests_seconds} on /metrics). */
final class RequestMetrics {

    /** One timer per route and status, looked up without building a meter id on every request. */
    private record RouteStatus(String route, int status) {
    }

    private final MeterRegistry registry;
    private final ConcurrentHashMap<RouteStatus, Timer> timers = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(Context ctx, Float millis) {
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        RouteStatus key = new RouteStatus(endpoint == null ? "static-or-unmatched" : endpoint.path, ctx.statusCode());
        timers.computeIfAbsent(key, this::timer).record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    private Timer timer(RouteStatus key) {
        return Timer.builder("http.server.requests")
                .tag("route", key.route())
                .tag("status", Integer.toString(key.status()))
                .register(registry);
    }
}
