package dev.leaderboard.adx.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for an ADX engine's management endpoint, answering as the REST API documents:
 * {@code /v1/rest/auth/metadata} 404 (public cloud), {@code /v1/rest/mgmt} a v1 result with one row per
 * command of a database script, or a 400 Kusto error for a command containing {@code FAIL_HERE}.
 */
final class MgmtEndpointDouble implements AutoCloseable {

    /** A management request as the SDK sent it. */
    record Request(String database, String csl) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    MgmtEndpointDouble() throws IOException {
        this(0);
    }

    /** On a given port: for an engine that comes up where a client is already knocking. */
    MgmtEndpointDouble(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v1/rest/auth/metadata", exchange -> respond(exchange, 404, "{}"));
        server.createContext("/v1/rest/mgmt", this::mgmt);
        server.start();
    }

    /** The SDK sends no token only to URLs that start with http://localhost. */
    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return requests;
    }

    private void mgmt(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(readBody(exchange));
        String csl = body.path("csl").asText();
        requests.add(new Request(body.hasNonNull("db") ? body.get("db").asText() : null, csl));
        if (csl.contains("FAIL_HERE")) {
            respond(exchange, 400, "{\"error\":{\"code\":\"BadRequest\",\"message\":\"Request is invalid and cannot be executed.\","
                    + "\"@type\":\"Kusto.Data.Exceptions.SyntaxException\",\"@message\":\"Syntax error: FAIL_HERE\",\"@permanent\":true}}");
            return;
        }
        long commands = csl.lines().filter(line -> line.startsWith(".")).count();
        StringBuilder rows = new StringBuilder();
        for (long i = 1; i < Math.max(commands, 2); i++) {
            rows.append(i == 1 ? "" : ",").append("[\"").append(java.util.UUID.randomUUID())
                    .append("\",\"Completed\",\"\"]");
        }
        respond(exchange, 200, "{\"Tables\":[{\"TableName\":\"Table_0\",\"Columns\":["
                + "{\"ColumnName\":\"OperationId\",\"DataType\":\"Guid\",\"ColumnType\":\"guid\"},"
                + "{\"ColumnName\":\"Result\",\"DataType\":\"String\",\"ColumnType\":\"string\"},"
                + "{\"ColumnName\":\"Reason\",\"DataType\":\"String\",\"ColumnType\":\"string\"}],"
                + "\"Rows\":[" + rows + "]}]}");
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        return in.readAllBytes();
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
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
