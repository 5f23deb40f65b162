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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for an Azure Data Explorer cluster, answering the REST endpoints the Kusto SDK calls:
 * {@code GET /v1/rest/auth/metadata} (404: public cloud), {@code POST /v1/rest/mgmt} (management commands,
 * see {@link ManagementCommands}), {@code POST /v2/rest/query}, and {@code POST /v1/rest/ingest/{db}/{table}}
 * (streaming ingestion, gzip or plain). Rows are mapped with the database's real JSON mappings and kept
 * as ADX keeps them: every accepted copy counts. It records every request ({@link #requests()}), and
 * {@link Fault}s can be planned for the next requests of an endpoint or for the requests a test picks.
 *
 * <p>Its URL is {@code http://localhost:PORT}: the SDK sends no token to {@code http://localhost}.
 */
public final class AdxDouble implements AutoCloseable {

    /** The endpoints the double answers, and that faults can be planned for. */
    public enum Endpoint { MGMT, QUERY, STREAMING_INGEST }

    /**
     * One request as the SDK sent it: the database ({@code db}, or the path's for streaming ingestion), the
     * text (the command or query; the table for streaming ingestion) and the query parameters
     * ({@code properties.Parameters}, values as the SDK wrote them, e.g. {@code long(10)}). An
     * {@code .ingest inline} command is kept up to its {@code <|}: its data is in {@link #rows}.
     */
    public record Request(Endpoint endpoint, String database, String text, Map<String, String> parameters) {
        public Request {
            parameters = Map.copyOf(parameters);
        }
    }

    /** How many requests {@link #requests()} keeps, the latest ones: a long benchmark must not fill the heap. */
    static final int RECORDED_REQUESTS = 1_000;

    private final HttpServer server;
    private final ExecutorService executor;
    private final IngestedRows rows;
    private final ManagementCommands commands;
    private final Deque<PlannedFault> plannedFaults = new ArrayDeque<>();
    private final Deque<Request> recorded = new ArrayDeque<>();
    private final Map<Endpoint, AtomicLong> requestCounts = new EnumMap<>(Endpoint.class);
    private final Map<String, KustoTable> queryAnswers = new HashMap<>();
    private volatile Function<Request, KustoTable> otherQueryAnswers = request -> null;

    /** A fault for the first request to come that is on the endpoint and that {@code which} accepts. */
    private record PlannedFault(Endpoint endpoint, Predicate<Request> which, Fault fault) {
    }

    private AdxDouble(HttpServer server, KustoSchema schema) {
        this.server = server;
        this.rows = new IngestedRows(schema);
        this.commands = new ManagementCommands(rows);
        for (Endpoint endpoint : Endpoint.values()) {
            requestCounts.put(endpoint, new AtomicLong());
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
        return start(kqlSchemaFolder, 0);
    }

    /** The same on a given loopback port: an engine that comes up where a client is already knocking. */
    public static AdxDouble start(Path kqlSchemaFolder, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
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

    /** How many requests the endpoint received, failed ones included. */
    public long requests(Endpoint endpoint) {
        return requestCounts.get(endpoint).get();
    }

    /** The requests received, failed ones included, in arrival order (the latest {@value #RECORDED_REQUESTS}). */
    public List<Request> requests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    /** The requests the endpoint received, in arrival order. */
    public List<Request> requestsTo(Endpoint endpoint) {
        return requests().stream().filter(request -> request.endpoint() == endpoint).toList();
    }

    /** The next {@code times} requests to the endpoint get the fault instead of their answer. */
    public void injectNext(Endpoint endpoint, Fault fault, int times) {
        for (int i = 0; i < times; i++) {
            inject(endpoint, request -> true, fault);
        }
    }

    /** The first request to come to the endpoint that {@code which} accepts gets the fault instead of its answer. */
    public void inject(Endpoint endpoint, Predicate<Request> which, Fault fault) {
        synchronized (plannedFaults) {
            plannedFaults.add(new PlannedFault(endpoint, which, fault));
        }
    }

    /** The next {@code times} requests to the endpoint fail with the status (429, 500, 503...) before any effect. */
    public void failNext(Endpoint endpoint, int status, int times) {
        injectNext(endpoint, new Fault.Status(status), times);
    }

    /**
     * The next {@code times} requests to the endpoint get no answer for {@code silence}, then a 503 with no
     * effect: what a client with a shorter timeout sees as a hung ADX.
     */
    public void hangNext(Endpoint endpoint, Duration silence, int times) {
        injectNext(endpoint, new Fault.Hang(silence), times);
    }

    /**
     * The next {@code times} requests to the endpoint take effect (rows stored), then the connection is
     * closed with no answer: "ADX accepted, then the answer was lost".
     */
    public void dropAnswerNext(Endpoint endpoint, int times) {
        injectNext(endpoint, new Fault.AnswerLost(), times);
    }

    /** The next {@code times} requests to the endpoint take effect, then are answered only after {@code delay}. */
    public void answerLateNext(Endpoint endpoint, Duration delay, int times) {
        injectNext(endpoint, new Fault.AnswerLate(delay), times);
    }

    /** Forgets faults planned but not yet served. */
    public void stopFailing() {
        synchronized (plannedFaults) {
            plannedFaults.clear();
        }
    }

    /** Answers the query text (exactly as sent) with the table. */
    public void answerQuery(String csl, KustoTable result) {
        synchronized (queryAnswers) {
            queryAnswers.put(csl.trim(), result);
        }
    }

    /**
     * Answers each query that has no answer by text with what the function returns for it; null means
     * no answer, a 400 as ADX gives a query it cannot run.
     */
    public void answerQueries(Function<Request, KustoTable> answers) {
        this.otherQueryAnswers = answers;
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
            byte[] body = readBody(exchange);
            Request request = requestOf(endpoint, exchange.getRequestURI(), body);
            record(request);
            Fault fault = plannedFaultFor(request);
            if (fault instanceof Fault.Status || fault instanceof Fault.Hang) {
                serve(exchange, fault);
                return;
            }
            try {
                byte[] answer = answer(request, exchange.getRequestURI(), body);
                if (fault instanceof Fault.AnswerLost) {
                    return; // closing an exchange that sent no headers closes the connection
                }
                if (fault instanceof Fault.AnswerLate late) {
                    sleep(late.delay().toMillis());
                }
                respond(exchange, 200, answer);
            } catch (KustoRequestError e) {
                respond(exchange, e.status, KustoResponses.error(e.code, e.getMessage(), e.permanent));
            }
        }
    }

    private void record(Request request) {
        requestCounts.get(request.endpoint()).incrementAndGet();
        String text = request.text();
        if (text.startsWith(".ingest inline") && text.contains("<|")) {
            text = text.substring(0, text.indexOf("<|") + 2);
        }
        synchronized (recorded) {
            if (recorded.size() == RECORDED_REQUESTS) {
                recorded.removeFirst();
            }
            recorded.addLast(new Request(request.endpoint(), request.database(), text, request.parameters()));
        }
    }

    private Fault plannedFaultFor(Request request) {
        synchronized (plannedFaults) {
            for (Iterator<PlannedFault> planned = plannedFaults.iterator(); planned.hasNext(); ) {
                PlannedFault next = planned.next();
                if (next.endpoint() == request.endpoint() && next.which().test(request)) {
                    planned.remove();
                    return next.fault();
                }
            }
            return null;
        }
    }

    /** Serves a fault that comes instead of the request's effect and answer (the others are in {@code handle}). */
    private static void serve(HttpExchange exchange, Fault fault) throws IOException {
        if (fault instanceof Fault.Status status) {
            respond(exchange, status.status(), KustoResponses.error(status.code(), "Injected failure " + status.status(),
                    status.permanent()));
        } else if (fault instanceof Fault.Hang hang) {
            sleep(hang.silence().toMillis());
            respond(exchange, 503, KustoResponses.error("ServiceUnavailable", "Injected hang, then failure 503", false));
        } else {
            throw new IllegalStateException("No way to serve the fault " + fault);
        }
    }

    private static Request requestOf(Endpoint endpoint, URI uri, byte[] body) {
        if (endpoint == Endpoint.STREAMING_INGEST) {
            String[] parts = uri.getPath().split("/");
            return new Request(endpoint, parts.length > 4 ? parts[4] : "", parts.length > 5 ? parts[5] : "", Map.of());
        }
        JsonNode json;
        try {
            json = KustoResponses.JSON.readTree(body);
        } catch (IOException e) {
            return new Request(endpoint, "", new String(body, StandardCharsets.UTF_8), Map.of());
        }
        Map<String, String> parameters = new TreeMap<>();
        JsonNode properties = json.path("properties");
        if (properties.isTextual()) {
            try {
                properties = KustoResponses.JSON.readTree(properties.asText());
            } catch (IOException e) {
                properties = KustoResponses.JSON.createObjectNode();
            }
        }
        properties.path("Parameters").fields().forEachRemaining(p -> parameters.put(p.getKey(), p.getValue().asText()));
        return new Request(endpoint, json.path("db").asText(""), json.path("csl").asText(""), parameters);
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

    private byte[] answer(Request request, URI uri, byte[] body) {
        switch (request.endpoint()) {
            case MGMT:
                return KustoResponses.v1(commands.execute(request.database(), request.text()));
            case QUERY:
                return KustoResponses.v2(query(request));
            default:
                return streamingIngest(uri, body);
        }
    }

    private KustoTable query(Request request) {
        KustoTable answer;
        synchronized (queryAnswers) {
            answer = queryAnswers.get(request.text().trim());
        }
        if (answer == null) {
            answer = NextOffsetsQuery.answer(request.text(), request.parameters(), rows).orElse(null);
        }
        if (answer == null) {
            answer = otherQueryAnswers.apply(request);
        }
        if (answer == null) {
            throw KustoRequestError.badRequest("BadRequest_SyntaxError", "The double has no answer for: " + request.text());
        }
        return answer;
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
