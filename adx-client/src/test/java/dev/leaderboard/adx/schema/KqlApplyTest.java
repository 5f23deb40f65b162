package dev.leaderboard.adx.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import com.microsoft.azure.kusto.data.exceptions.DataServiceException;
import dev.leaderboard.adx.AdxConnection;
import dev.leaderboard.adxdouble.AdxDouble;
import dev.leaderboard.adxdouble.AdxDouble.Endpoint;
import dev.leaderboard.adxdouble.AdxDouble.Request;
import dev.leaderboard.adxdouble.Fault;
import dev.leaderboard.settings.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KqlApplyTest {

    private static final Path SCHEMA = Path.of("..", "kql", "schema");

    private AdxDouble adx;
    private KqlApply apply;

    @BeforeEach
    void start() throws Exception {
        adx = AdxDouble.start(SCHEMA);
        AdxConnection connection = AdxConnection.from(new Settings(Map.of(
                "ADX_CLUSTER_URL", adx.clusterUrl(), "ADX_AUTH", "none")));
        apply = new KqlApply(connection.client(), connection.database());
    }

    @AfterEach
    void stop() {
        adx.close();
    }

    @Test
    void sendsEverySchemaFileInNameOrderAsOneDatabaseScript() throws Exception {
        List<SchemaScripts.Script> scripts = SchemaScripts.load(SCHEMA);
        assertThat(scripts).extracting(SchemaScripts.Script::name).isSorted().first().isEqualTo("01-tables.kql");

        apply.apply(scripts);

        assertThat(adx.requests()).hasSameSizeAs(scripts);
        for (int i = 0; i < scripts.size(); i++) {
            Request request = adx.requests().get(i);
            assertThat(request.endpoint()).isEqualTo(Endpoint.MGMT);
            assertThat(request.database()).isEqualTo("leaderboard");
            assertThat(request.text()).isEqualTo(
                    ".execute database script with (ThrowOnErrors=true) <|\n" + scripts.get(i).text().strip());
        }
    }

    @Test
    void stopsAtTheFirstScriptTheClusterRefuses() {
        adx.inject(Endpoint.MGMT, request -> request.text().contains("FAIL_HERE"), new Fault.Status(400));
        List<SchemaScripts.Script> scripts = List.of(
                new SchemaScripts.Script("01-ok.kql", ".create-merge table A (x:int)"),
                new SchemaScripts.Script("02-bad.kql", ".create-merge table FAIL_HERE (x:int)"),
                new SchemaScripts.Script("03-never.kql", ".create-merge table C (x:int)"));

        assertThatThrownBy(() -> apply.apply(scripts)).isInstanceOf(DataServiceException.class);

        assertThat(adx.requests()).extracting(Request::text)
                .hasSize(2)
                .last().asString().contains("FAIL_HERE");
    }

    @Test
    void createsTheEmulatorDatabaseWithTheCommandTheParserChecks() throws Exception {
        apply.createDatabase();

        String checked = java.nio.file.Files.readString(Path.of("..", "kql", "emulator", "create-database.kql"));
        assertThat(adx.requests()).singleElement().satisfies(request -> {
            assertThat(request.database()).isNotEqualTo("leaderboard");
            assertThat(checked).contains(request.text());
        });
    }

    /** Compose starts kql-apply beside an emulator that is still starting and relies on this wait alone. */
    @Test
    void waitsThroughRefusedConnectionsUntilTheEngineAnswers() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        AdxConnection starting = AdxConnection.from(new Settings(Map.of(
                "ADX_CLUSTER_URL", "http://localhost:" + port, "ADX_AUTH", "none")));
        KqlApply waiting = new KqlApply(starting.client(), starting.database());

        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
            try {
                waiting.awaitEngine(Duration.ofSeconds(60));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !waited.isDone());

        try (AdxDouble engine = AdxDouble.start(SCHEMA, port)) {
            waited.get(30, TimeUnit.SECONDS);
            assertThat(engine.requestsTo(Endpoint.MGMT)).extracting(Request::text).contains(".show version");
        }
    }
}
