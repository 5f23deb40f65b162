package dev.leaderboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * infra/connect/register.sh, compose's {@code connect-register}, against a stub of Kafka Connect's REST API
 * that answers as a worker does: 409 while its group rebalances, 201 or 200 to PUT .../config, then the
 * connector's status as its tasks start. No Connect worker runs here; the stub speaks its protocol.
 */
class ConnectRegisterScriptTest {

    private static final Path SCRIPT = SettingNames.REPOSITORY.resolve("infra/connect/register.sh");
    private static final Path CONNECTOR = SettingNames.REPOSITORY.resolve("infra/connect/wager-connector.json");
    private static final String SINK_PLUGINS = """
            [{"class":"com.microsoft.azure.kusto.kafka.connect.sink.KustoSinkConnector","type":"sink","version":"5.3.1"}]""";
    private static final String REBALANCING = """
            {"error_code":409,"message":"Cannot complete request because of a conflicting operation (e.g. worker rebalance)"}""";

    private HttpServer connect;
    private final List<String> puts = new ArrayList<>();
    private final Deque<Answer> putAnswers = new ArrayDeque<>();
    private final Deque<Answer> statusAnswers = new ArrayDeque<>();
    private String plugins = SINK_PLUGINS;

    private record Answer(int status, String body) {
    }

    private record Run(int exitCode, String output) {
    }

    @BeforeEach
    void start() throws IOException {
        connect = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        connect.createContext("/connector-plugins", exchange -> answer(exchange, new Answer(200, plugins)));
        connect.createContext("/connectors/WagerConnector/config", exchange -> {
            puts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(exchange, putAnswers.size() > 1 ? putAnswers.poll() : putAnswers.peek());
        });
        connect.createContext("/connectors/WagerConnector/status",
                exchange -> answer(exchange, statusAnswers.size() > 1 ? statusAnswers.poll() : statusAnswers.peek()));
        connect.start();
    }

    @AfterEach
    void stop() {
        connect.stop(0);
    }

    @Test
    void retriesThroughARebalanceThenWaitsForTheConnectorAndItsTaskToRun() throws Exception {
        putAnswers.addAll(List.of(new Answer(409, REBALANCING), new Answer(409, REBALANCING), created()));
        statusAnswers.addAll(List.of(
                new Answer(404, "{\"error_code\":404,\"message\":\"No status found for connector WagerConnector\"}"),
                status("RUNNING"),
                status("RUNNING", "UNASSIGNED"),
                status("RUNNING", "RUNNING")));

        Run run = register();

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(puts).hasSize(3);
        assertThat(new ObjectMapper().readTree(puts.get(2))).isEqualTo(connectorConfig());
        assertThat(statusAnswers).hasSize(1);
        assertThat(run.output()).contains("WagerConnector created", "1 task(s) are RUNNING");
    }

    @Test
    void aSecondRunUpdatesTheSameConnectorInsteadOfFailing() throws Exception {
        putAnswers.add(new Answer(200, "{\"name\":\"WagerConnector\"}"));
        statusAnswers.add(status("RUNNING", "RUNNING"));

        Run run = register();

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(puts).hasSize(1);
        assertThat(run.output()).contains("WagerConnector updated");
    }

    @Test
    void failsWithTheTasksTraceWhenTheTaskFails() throws Exception {
        putAnswers.add(created());
        statusAnswers.add(new Answer(200, """
                {"name":"WagerConnector","connector":{"state":"RUNNING","worker_id":"kafka-connect:8083"},\
                "tasks":[{"id":0,"state":"FAILED","worker_id":"kafka-connect:8083",\
                "trace":"org.apache.kafka.common.config.ConfigException: Invalid value http://kusto-emulator:8080 for configuration \
                kusto.ingestion.url: HTTP is not supported. Only HTTPS endpoints are allowed."}],"type":"sink"}"""));

        Run run = register();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("WagerConnector failed", "HTTP is not supported");
    }

    @Test
    void failsWithConnectsMessageWhenTheConfigIsRefusedAndDoesNotRetry() throws Exception {
        putAnswers.add(new Answer(400, """
                {"error_code":400,"message":"Connector configuration is invalid and contains the following 1 error(s):\\n\
                Missing required configuration \\"kusto.tables.topics.mapping\\" which has no default value."}"""));

        Run run = register();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(puts).hasSize(1);
        assertThat(run.output()).contains("refused WagerConnector (400)", "Missing required configuration");
    }

    @Test
    void failsBeforeRegisteringWhenTheWorkerHasNoKustoSinkPlugin() throws Exception {
        plugins = "[{\"class\":\"org.apache.kafka.connect.mirror.MirrorSourceConnector\",\"type\":\"source\"}]";

        Run run = register();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(puts).isEmpty();
        assertThat(run.output()).contains("no Kusto sink plugin");
    }

    @Test
    void givesUpWhenTheWorkerKeepsRebalancing() throws Exception {
        putAnswers.add(new Answer(409, REBALANCING));

        Run run = register();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(puts).hasSize(ATTEMPTS);
        assertThat(run.output()).contains("gave up after " + ATTEMPTS + " attempts", "conflicting operation");
    }

    private static final int ATTEMPTS = 5;

    private Run register() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().put("CONNECT_URL", "http://127.0.0.1:" + connect.getAddress().getPort());
        builder.environment().put("CONNECTOR_FILE", CONNECTOR.toString());
        builder.environment().put("REGISTER_ATTEMPTS", String.valueOf(ATTEMPTS));
        builder.environment().put("REGISTER_DELAY_SECONDS", "0.1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("register.sh finished").isTrue();
        return new Run(process.exitValue(), output);
    }

    private static JsonNode connectorConfig() throws IOException {
        return new ObjectMapper().readTree(Files.readString(CONNECTOR)).get("config");
    }

    private static Answer created() {
        return new Answer(201, "{\"name\":\"WagerConnector\",\"config\":{},\"tasks\":[],\"type\":\"sink\"}");
    }

    /** A status body: the connector's state, then one state per task. */
    private static Answer status(String connectorState, String... taskStates) {
        StringBuilder tasks = new StringBuilder();
        for (int i = 0; i < taskStates.length; i++) {
            tasks.append(i == 0 ? "" : ",").append("{\"id\":").append(i)
                    .append(",\"state\":\"").append(taskStates[i]).append("\",\"worker_id\":\"kafka-connect:8083\"}");
        }
        return new Answer(200, "{\"name\":\"WagerConnector\",\"connector\":{\"state\":\"" + connectorState
                + "\",\"worker_id\":\"kafka-connect:8083\"},\"tasks\":[" + tasks + "],\"type\":\"sink\"}");
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
