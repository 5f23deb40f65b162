package dev.leaderboard.ingest.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.leaderboard.ingest.IngestorStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Serves {@code GET /metrics} in the Prometheus text format and {@code GET /health} as JSON (200 while the
 * ingestor ingests, 503 once it stopped or failed) on {@code INGEST_METRICS_PORT}. Both read what the
 * consumer thread last recorded; neither calls Kafka or the store.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    public static MetricsEndpoint start(PrometheusMeterRegistry registry, int port, Supplier<IngestorStatus> status) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext("/metrics", exchange -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                    registry.scrape()));
            server.createContext("/health", exchange -> {
                IngestorStatus now = status.get();
                send(exchange, now.isIngesting() ? 200 : 503, "application/json", healthJson(now));
            });
            server.start();
            return new MetricsEndpoint(server);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve metrics on INGEST_METRICS_PORT " + port, e);
        }
    }

    /** {@code {"status":"UP"|"DOWN","ingestor":{...}}}: the same shape the one-JVM runner's web shows. */
    static String healthJson(IngestorStatus status) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.isIngesting() ? "UP" : "DOWN");
        body.put("ingestor", status.asJsonFields());
        return JSON.writeValueAsString(body);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        try (exchange) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
