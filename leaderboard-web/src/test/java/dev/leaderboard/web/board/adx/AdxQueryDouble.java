package dev.leaderboard.web.board.adx;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The two ADX endpoints a query client touches, shaped like the real protocol: {@code GET
 * /v1/rest/auth/metadata} answers 404 ("public cloud"), {@code POST /v2/rest/query} records the body
 * ({@code db}, {@code csl}, {@code properties} as a JSON string with {@code Parameters}) and answers v2
 * frames (DataSetHeader, QueryProperties, PrimaryResult, QueryCompletionInformation, DataSetCompletion).
 * On {@code http://localhost:PORT} the SDK sends no token.
 */
final class AdxQueryDouble implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One query as the SDK sent it. */
    record Query(String database, String text, Map<String, String> parameters) {
    }

    /** A primary result: columns as name:type, rows as JSON arrays. */
    record Table(List<String> columns, List<List<Object>> rows) {
    }

    private final HttpServer server;
    private final List<Query> queries = new CopyOnWriteArrayList<>();
    private volatile Function<Query, Table> answers;

    AdxQueryDouble(Function<Query, Table> answers) throws IOException {
        this.answers = answers;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/rest/auth/metadata", exchange -> send(exchange, 404, "{}"));
        server.createContext("/v2/rest/query", this::query);
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    List<Query> queries() {
        return List.copyOf(queries);
    }

    private void query(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        JsonNode properties = JSON.readTree(body.path("properties").asText("{}"));
        Map<String, String> parameters = new java.util.TreeMap<>();
        properties.path("Parameters").fields().forEachRemaining(p -> parameters.put(p.getKey(), p.getValue().asText()));
        Query query = new Query(body.path("db").asText(), body.path("csl").asText(), parameters);
        queries.add(query);
        try {
            send(exchange, 200, frames(answers.apply(query)));
        } catch (RuntimeException e) {
            send(exchange, 400, "{\"error\":{\"code\":\"General_BadRequest\",\"message\":\"Request is invalid and cannot be "
                    + "executed.\",\"@type\":\"Kusto.Data.Exceptions.SyntaxException\",\"@message\":\""
                    + e.getMessage() + "\",\"@permanent\":true}}");
        }
    }

    private static String frames(Table table) {
        ArrayNode frames = JSON.createArrayNode();
        frames.addObject().put("FrameType", "DataSetHeader").put("IsProgressive", false).put("Version", "v2.0");
        ObjectNode properties = dataTable(frames, 0, "QueryProperties", "@ExtendedProperties",
                List.of("TableId:int", "Key:string", "Value:dynamic"));
        properties.withArray("Rows").addArray().add(1).add("Visualization").add("{\"Visualization\":null}");
        ObjectNode primary = dataTable(frames, 1, "PrimaryResult", "PrimaryResult", table.columns());
        ArrayNode rows = primary.withArray("Rows");
        table.rows().forEach(row -> rows.add(JSON.valueToTree(row)));
        dataTable(frames, 2, "QueryCompletionInformation", "QueryCompletionInformation",
                List.of("Timestamp:datetime", "ClientRequestId:string", "ActivityId:guid"));
        frames.addObject().put("FrameType", "DataSetCompletion").put("HasErrors", false).put("Cancelled", false);
        return frames.toString();
    }

    private static ObjectNode dataTable(ArrayNode frames, int id, String kind, String name, List<String> columns) {
        ObjectNode table = frames.addObject().put("FrameType", "DataTable").put("TableId", id).put("TableKind", kind)
                .put("TableName", name);
        ArrayNode columnNodes = table.putArray("Columns");
        for (String column : columns) {
            String[] nameAndType = column.split(":");
            columnNodes.addObject().put("ColumnName", nameAndType[0]).put("ColumnType", nameAndType[1]);
        }
        table.putArray("Rows");
        return table;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
