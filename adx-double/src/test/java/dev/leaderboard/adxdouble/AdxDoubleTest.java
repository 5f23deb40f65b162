package dev.leaderboard.adxdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.microsoft.azure.kusto.data.Client;
import com.microsoft.azure.kusto.data.ClientFactory;
import com.microsoft.azure.kusto.data.ClientRequestProperties;
import com.microsoft.azure.kusto.data.KustoResultSetTable;
import com.microsoft.azure.kusto.data.auth.ConnectionStringBuilder;
import com.microsoft.azure.kusto.data.exceptions.DataServiceException;
import com.microsoft.azure.kusto.data.exceptions.ThrottleException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The double as kusto-data 7.0.5 sees it: no token on localhost, v1 and v2 answers, ADX's error bodies. */
class AdxDoubleTest {

    private AdxDouble adx;
    private Client client;

    @BeforeEach
    void start() throws Exception {
        adx = AdxDouble.start(Path.of("..", "kql", "schema"));
        client = ClientFactory.createClient(ConnectionStringBuilder.createWithAadAccessTokenAuthentication(adx.clusterUrl(), "none"));
    }

    @AfterEach
    void stop() {
        adx.close();
    }

    @Test
    void answersAuthMetadataWith404ForThePublicCloud() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(adx.clusterUrl() + "/v1/rest/auth/metadata")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void ingestsInlineJsonThroughTheTablesMappingWithColumnTypes() throws Exception {
        client.executeMgmt("leaderboard", ".ingest inline into table ['GamePlay'] with (format='json', "
                + "ingestionMappingReference='gameplay_json_mapping_v2') <|\n"
                + "{\"playerId\":108,\"gameId\":15,\"stake\":10,\"win\":495,\"eventTime\":\"2026-11-25 07:00:00.000001\","
                + "\"sourceTopic\":\"gameplay\",\"sourcePartition\":2,\"sourceOffset\":41}\n"
                + "{\"playerId\":\"x\",\"gameId\":15,\"stake\":10,\"win\":0,\"eventTime\":\"2026-11-25T07:00:01Z\"}\n");

        Map<String, Object> first = new java.util.LinkedHashMap<>();
        first.put("PlayerID", 108);
        first.put("GameID", 15);
        first.put("Win", 495L);
        first.put("Stake", 10);
        first.put("EventTime", Instant.parse("2026-11-25T07:00:00.000001Z"));
        first.put("SourceTopic", "gameplay");
        first.put("SourcePartition", 2);
        first.put("SourceOffset", 41L);
        Map<String, Object> second = new java.util.LinkedHashMap<>(first);
        second.putAll(Map.of("Win", 0L, "EventTime", Instant.parse("2026-11-25T07:00:01Z")));
        second.put("PlayerID", null);
        second.put("SourceTopic", null);
        second.put("SourcePartition", null);
        second.put("SourceOffset", null);
        assertThat(adx.rows("GamePlay")).containsExactly(first, second);
        assertThat(adx.acceptedIngestions()).isEqualTo(1);
        assertThat(adx.requests()).extracting(AdxDouble.Request::text).containsExactly(".ingest inline into table "
                + "['GamePlay'] with (format='json', ingestionMappingReference='gameplay_json_mapping_v2') <|");
    }

    @Test
    void refusesAnUnknownMappingAsAPermanentErrorAndKeepsNoRow() {
        assertThatThrownBy(() -> client.executeMgmt("leaderboard", ".ingest inline into table GamePlay with "
                + "(format='json', ingestionMappingReference='nope') <|\n{\"playerId\":1}"))
                .isInstanceOfSatisfying(DataServiceException.class, e -> assertThat(e.isPermanent()).isTrue())
                .hasMessageContaining("Mapping reference 'nope'");
        assertThat(adx.rows("GamePlay")).isEmpty();
    }

    @Test
    void injectedThrottlingIsTransientAndServedOnce() throws Exception {
        adx.failNext(AdxDouble.Endpoint.MGMT, 429, 1);

        assertThatThrownBy(() -> client.executeMgmt("leaderboard", ".show ingestion resources"))
                .isInstanceOfSatisfying(ThrottleException.class, e -> assertThat(e.isPermanent()).isFalse());
        assertThat(client.executeMgmt("leaderboard", ".show ingestion resources").getPrimaryResults().count()).isZero();
        assertThat(adx.requests(AdxDouble.Endpoint.MGMT)).isEqualTo(2);
    }

    @Test
    void answersRegisteredQueriesInV2Frames() throws Exception {
        adx.answerQuery("LeaderboardTop(2)", KustoTable.of("PrimaryResult", List.of(
                        new KustoTable.Column("Rank", "long"), new KustoTable.Column("PlayerID", "int"),
                        new KustoTable.Column("Name", "string"), new KustoTable.Column("Score", "real"),
                        new KustoTable.Column("ReachedAt", "datetime")),
                List.of(List.of(1, 108, "Ada", 49.5, "2026-11-25T07:00:00.000001Z"),
                        List.of(2, 104, "Alan", 12.0, "2026-11-25T07:01:00Z"))));

        KustoResultSetTable result = client.executeQuery("leaderboard", "LeaderboardTop(2)").getPrimaryResults();

        assertThat(result.next()).isTrue();
        assertThat(result.getLong("Rank")).isEqualTo(1);
        assertThat(result.getInt("PlayerID")).isEqualTo(108);
        assertThat(result.getString("Name")).isEqualTo("Ada");
        assertThat(result.getDouble("Score")).isEqualTo(49.5);
        assertThat(result.next()).isTrue();
        assertThat(result.getString("Name")).isEqualTo("Alan");
        assertThat(result.next()).isFalse();
        assertThatThrownBy(() -> client.executeQuery("leaderboard", "GamePlay | take 1"))
                .isInstanceOf(DataServiceException.class);
    }

    @Test
    void recordsEveryRequestWithItsDatabaseTextAndParametersFailedOnesIncluded() throws Exception {
        adx.failNext(AdxDouble.Endpoint.MGMT, 503, 1);
        adx.answerQueries(request -> KustoTable.of("PrimaryResult", List.of(new KustoTable.Column("x", "long")),
                List.of(List.of(1))));
        ClientRequestProperties properties = new ClientRequestProperties();
        properties.setParameter("limit", 10L);
        properties.setParameter("metric", "ratio");

        assertThatThrownBy(() -> client.executeMgmt("leaderboard", ".show version")).isInstanceOf(DataServiceException.class);
        client.executeQuery("leaderboard", "declare query_parameters(limit:long, metric:string);\nprint x = 1", properties);

        assertThat(adx.requests()).containsExactly(
                new AdxDouble.Request(AdxDouble.Endpoint.MGMT, "leaderboard", ".show version", Map.of()),
                new AdxDouble.Request(AdxDouble.Endpoint.QUERY, "leaderboard",
                        "declare query_parameters(limit:long, metric:string);\nprint x = 1",
                        Map.of("limit", "long(10)", "metric", "ratio")));
        assertThat(adx.requestsTo(AdxDouble.Endpoint.QUERY)).hasSize(1);
        assertThat(adx.requests(AdxDouble.Endpoint.MGMT)).isEqualTo(1);
    }

    @Test
    void aFaultForTheRequestsATestPicksLeavesTheOthersAnswered() throws Exception {
        adx.inject(AdxDouble.Endpoint.MGMT, request -> request.text().contains("FAIL_HERE"), new Fault.Status(400));

        String script = ".execute database script with (ThrowOnErrors=true) <|\n";
        client.executeMgmt("leaderboard", script + ".create-merge table A (x:int)");
        assertThatThrownBy(() -> client.executeMgmt("leaderboard", script + ".create-merge table FAIL_HERE (x:int)"))
                .isInstanceOfSatisfying(DataServiceException.class, e -> assertThat(e.isPermanent()).isTrue());
        client.executeMgmt("leaderboard", script + ".create-merge table FAIL_HERE (x:int)");

        assertThat(adx.requests()).extracting(AdxDouble.Request::text).hasSize(3);
    }

    @Test
    void answersADatabaseScriptWithARowPerCommandCommentsAndBlankLinesSkipped() throws Exception {
        KustoResultSetTable result = client.executeMgmt("leaderboard", ".execute database script with (ThrowOnErrors=true) <|\n"
                + "// tables\n.create-merge table A (x:int)\n\n// a policy\n.alter table A policy caching hot = 1d\n"
                + "\n.create-or-alter function F() {\n    A\n    | take 1\n}").getPrimaryResults();

        List<String> commands = new java.util.ArrayList<>();
        while (result.next()) {
            assertThat(result.getString("Result")).isEqualTo("Completed");
            commands.add(result.getString("CommandType"));
        }
        assertThat(commands).containsExactly(".create-merge", ".alter", ".create-or-alter");
    }

    @Test
    void aFailureStatusIsOneAdxCanAnswer() {
        assertThatThrownBy(() -> new Fault.Status(302)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Fault.Status(429).permanent()).isFalse();
        assertThat(new Fault.Status(503).permanent()).isFalse();
        assertThat(new Fault.Status(400).permanent()).isTrue();
    }
}
