package dev.leaderboard.adxdouble;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for an Azure Data Explorer cluster, answering the REST endpoints the Kusto SDK calls:
 * {@code GET /v1/rest/auth/metadata} (404: public cloud), {@code POST /v1/rest/mgmt} (management commands,
 * see {@link ManagementCommands}), {@code POST /v2/rest/query}, and {@code POST /v1/rest/ingest/{db}/{table}}
 * (streaming ingestion, gzip or plain). Rows are mapped with the database's real JSON mappings and kept
 * as ADX keeps them: every accepted copy counts. Faults can be injected per endpoint.
 *
 * <p>Its URL is {@code http://localhost:PORT}: the SDK sends no token to {@code http://localhost}.
 */
public final class AdxDouble implements AutoCloseable {

    /** The endpoints faults can be injected into. */
    public enum Endpoint { MGMT, QUERY, STREAMING_INGEST }

    private final HttpServer server;
    private final ExecutorService executor;
    private final IngestedRows rows;
    private final ManagementCommands commands;
    private final Map<Endpoint, Deque<Integer>> plannedFailures = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, AtomicLong> requests = new EnumMap<>(Endpoint.class);
    private final Map<String, KustoTable> queryAnswers = new HashMap<>();
    private final Map<Endpoint, Deque<LostAnswer>> lostAnswers = new EnumMap<>(Endpoint.class);

    private AdxDouble(HttpServer server, KustoSchema schema) {
        this.server = server;
        this.rows = new IngestedRows(schema);
        this.commands = new ManagementCommands(rows);
        for (Endpoint endpoint : Endpoint.values()) {
            plannedFailures.put(endpoint, new ConcurrentLinkedDeque<>());
            requests.put(endpoint, new AtomicLong());
            lostAnswers.put(endpoint, new ConcurrentLinkedDeque<>());
        }
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "adx-double");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Starts on a free loopback port with the tables and mappings of the given {@code kql/schema} folder. */
    public static AdxDouble start(Path kqlSchemaFolder) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            AdxDouble adx = new AdxDouble(server, KustoSchema.fromScripts(kqlSchemaFolder));
            server.start();
            return adx;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the ADX double", e);
        }
    }

    /** The cluster URL to give the SDK, for both the engine and (in the double) the data-management service. */
    public String clusterUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** Rows in the table, in arrival order, as column name → value (Integer, Long, String, Instant or null). */
    public List<Map<String, Object>> rows(String table) {
        return rows.rows(table);
    }

    /** How many ingestions (streaming requests, inline commands, queued blobs) were accepted. */
    public long acceptedIngestions() {
        return rows.ingestions();
    }

    public long requests(Endpoint endpoint) {
        return requests.get(endpoint).get();
    }

    /** The next {@code times} requests to the endpoint fail with the status (429, 500, 503...) before any effect. */
    public void failNext(Endpoint endpoint, int status, int times) {
        if (status < 400) {
            throw new IllegalArgumentException("a failure status is 4xx or 5xx, was " + status);
        }
        for (int i = 0; i < times; i++) {
            plannedFailures.get(endpoint).add(status);
        }
    }

    /**
     * The next {@code times} requests to the endpoint get no answer for {@code silence}, then a 503 with no
     * effect: what a client with a shorter timeout sees as a hung ADX.
     */
    public void hangNext(Endpoint endpoint, Duration silence, int times) {
        for (int i = 0; i < times; i++) {
            plannedFailures.get(endpoint).add(-(int) silence.toMillis());
        }
    }

    /** Forgets failures planned but not yet served. */
    public void stopFailing() {
        plannedFailures.values().forEach(Deque::clear);
        lostAnswers.values().forEach(Deque::clear);
    }

    /**
     * The next {@code times} successful requests to the endpoint take effect (rows stored), then the
     * connection is closed with no answer: "ADX accepted, then the answer was lost".
     */
    public void dropAnswerNext(Endpoint endpoint, int times) {
        for (int i = 0; i < times; i++) {
            lostAnswers.get(endpoint).add(new LostAnswer(null));
        }
    }

    /** The next {@code times} successful requests to the endpoint take effect, then are answered only after {@code delay}. */
    public void answerLateNext(Endpoint endpoint, Duration delay, int times) {
        for (int i = 0; i < times; i++) {
            lostAnswers.get(endpoint).add(new LostAnswer(delay));
        }
    }

    /** An answer after the effect: dropped (no delay) or late by the delay. */
    private record LostAnswer(Duration lateBy) {
    }

    /** Answers the query text (exactly as sent) with the table. */
    public void answerQuery(String csl, KustoTable result) {
        synchronized (queryAnswers) {
            queryAnswers.put(csl.trim(), result);
        }
    }

    /** The storage the queued path uses: rows of {@code .show ingestion resources}. */
    public void useIngestionResources(List<IngestionResource> resources) {
        commands.useIngestionResources(resources);
    }

    /** One row of {@code .show ingestion resources}: e.g. TempStorage or SecuredReadyForAggregationQueue, and a URL with SAS. */
    public record IngestionResource(String resourceTypeName, String storageRoot) {
    }

    /** Ingests a blob's JSON content as the data-management service would after reading a queue message. */
    public int ingestQueuedBlob(String table, String mappingName, String content) {
        return rows.ingestJson(table, mappingName, content);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/v1/rest/auth/metadata")) {
                respond(exchange, 404, "{}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Endpoint endpoint = endpointOf(path);
            if (endpoint == null || !exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 404, KustoResponses.error("NotFound", "No such endpoint " + path, true));
                return;
            }
            requests.get(endpoint).incrementAndGet();
            byte[] body = readBody(exchange);
            Integer failure = plannedFailures.get(endpoint).poll();
            if (failure != null && failure < 0) {
                sleep(-failure);
                failure = 503;
            }
            if (failure != null) {
                respond(exchange, failure, KustoResponses.error(failure == 429 ? "TooManyRequests" : "ServiceUnavailable",
                        "Injected failure " + failure, false));
                return;
            }
            try {
                byte[] answer = answer(endpoint, exchange.getRequestURI(), body);
                LostAnswer lost = lostAnswers.get(endpoint).poll();
                if (lost != null && lost.lateBy() == null) {
                    return; // closing an exchange that sent no headers closes the connection
                }
                if (lost != null) {
                    sleep(lost.lateBy().toMillis());
                }
                respond(exchange, 200, answer);
            } catch (KustoRequestError e) {
                respond(exchange, e.status, KustoResponses.error(e.code, e.getMessage(), e.permanent));
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Endpoint endpointOf(String path) {
        if (path.equals("/v1/rest/mgmt")) {
            return Endpoint.MGMT;
        }
        if (path.equals("/v2/rest/query")) {
            return Endpoint.QUERY;
        }
        if (path.startsWith("/v1/rest/ingest/")) {
            return Endpoint.STREAMING_INGEST;
        }
        return null;
    }

    private byte[] answer(Endpoint endpoint, URI uri, byte[] body) throws IOException {
        switch (endpoint) {
            case MGMT:
                JsonNode command = KustoResponses.JSON.readTree(body);
                return KustoResponses.v1(commands.execute(command.path("db").asText(), command.path("csl").asText()));
            case QUERY:
                JsonNode query = KustoResponses.JSON.readTree(body);
                return KustoResponses.v2(query(query.path("csl").asText(), query.path("properties").asText()));
            default:
                return streamingIngest(uri, body);
        }
    }

    private KustoTable query(String csl, String properties) {
        synchronized (queryAnswers) {
            KustoTable answer = queryAnswers.get(csl.trim());
            if (answer == null) {
                answer = NextOffsetsQuery.answer(csl, properties, rows).orElse(null);
            }
            if (answer == null) {
                throw KustoRequestError.badRequest("BadRequest_SyntaxError", "The double has no answer for: " + csl);
            }
            return answer;
        }
    }

    private byte[] streamingIngest(URI uri, byte[] body) {
        String[] parts = uri.getPath().split("/");
        if (parts.length != 6) {
            throw KustoRequestError.badRequest("BadRequest_InvalidPath", "Expected /v1/rest/ingest/{db}/{table}");
        }
        Map<String, String> query = queryParameters(uri);
        String format = query.getOrDefault("streamFormat", "");
        if (!format.equals("json") && !format.equals("multijson")) {
            throw KustoRequestError.badRequest("BadRequest_UnsupportedFormat", "The double ingests json and multijson, not " + format);
        }
        int count = rows.ingestJson(parts[5], query.get("mappingName"), new String(body, StandardCharsets.UTF_8));
        return KustoResponses.v1(List.of(KustoTable.of("Table_0",
                List.of(new KustoTable.Column("ConsumedRecordsCount", "long"), new KustoTable.Column("UpdatePolicyStatus", "string")),
                List.of(List.of(count, "Succeeded")))));
    }

    private static Map<String, String> queryParameters(URI uri) {
        Map<String, String> parameters = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                parameters.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        List<String> encodings = exchange.getRequestHeaders().getOrDefault("Content-Encoding", new ArrayList<>());
        if (encodings.stream().anyMatch(e -> e.equalsIgnoreCase("gzip"))) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                return in.readAllBytes();
            }
        }
        return raw;
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("x-ms-activity-id", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
