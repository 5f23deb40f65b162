package dev.leaderboard.web.board.adx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.kusto.data.Client;
import com.microsoft.azure.kusto.data.ClientRequestProperties;
import com.microsoft.azure.kusto.data.KustoResultSetTable;
import dev.leaderboard.adx.AdxConnection;
import dev.leaderboard.web.board.Activity;
import dev.leaderboard.web.board.Activity.SecondCount;
import dev.leaderboard.web.board.Board;
import dev.leaderboard.web.board.BoardQuery;
import dev.leaderboard.web.board.BoardUnavailableException;
import dev.leaderboard.web.board.Campaign;
import dev.leaderboard.web.board.Standings;
import dev.leaderboard.web.board.Standings.Standing;

/**
 * Boards from Azure Data Explorer: each query is a fixed text from a {@code .kql} resource calling the
 * stored functions of {@code kql/schema/08-leaderboards.kql}, and every value from the request travels
 * as a Kusto query parameter ({@link ClientRequestProperties}), never inside the text.
 */
public final class AdxBoard implements Board {

    private static final BoardTexts TOP = new BoardTexts(kql("all-time-board.kql"), kql("window-board.kql"),
            kql("campaign-board.kql"), kql("campaign-window-board.kql"));
    private static final BoardTexts AROUND = new BoardTexts(kql("all-time-board-around.kql"),
            kql("window-board-around.kql"), kql("campaign-board-around.kql"), kql("campaign-window-board-around.kql"));
    private static final String CAMPAIGNS = kql("campaigns.kql");
    private static final String EVENTS_PER_SECOND = kql("events-per-second.kql");
    private static final String INGEST_LATENCY = kql("ingest-latency.kql");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** ADX stops a board query after this; the cache then answers the previous board. */
    private static final long QUERY_TIMEOUT_MS = 10_000;

    private final Client client;
    private final String database;
    private final Clock clock;

    public AdxBoard(Client client, String database, Clock clock) {
        this.client = client;
        this.database = database;
        this.clock = clock;
    }

    /** A board on the cluster {@code connection} names, signed in the way it says ({@code ADX_AUTH}). */
    public static AdxBoard connect(AdxConnection connection, Clock clock) {
        return new AdxBoard(connection.client(), connection.database(), clock);
    }

    @Override
    public List<Campaign> campaigns() throws BoardUnavailableException {
        KustoResultSetTable rows = query(CAMPAIGNS, properties(), "campaigns");
        List<Campaign> campaigns = new ArrayList<>();
        while (rows.next()) {
            campaigns.add(new Campaign(rows.getString("CampaignId"), rows.getString("Name"),
                    Instant.parse(rows.getString("StartTime")), Instant.parse(rows.getString("EndTime")),
                    games(rows.getObject("Games"))));
        }
        return campaigns;
    }

    @Override
    public Standings standings(BoardQuery query, int depth) throws BoardUnavailableException {
        ClientRequestProperties parameters = boardParameters(query);
        parameters.setParameter("depth", (long) depth);
        Instant asOf = clock.instant();
        return new Standings(asOf, entries(query(TOP.of(query), parameters, "leaderboard")));
    }

    /**
     * Asks the stored functions ({@code BoardAround} and its campaign variants) for the player's window
     * only: the cluster ranks the whole field as {@link #standings} ranks it and sends back the player and
     * up to {@code neighbours} rows each side. No rows (no score on this board, or an unknown campaign)
     * is empty.
     */
    @Override
    public Optional<Standings> around(BoardQuery query, int playerId, int neighbours) throws BoardUnavailableException {
        ClientRequestProperties parameters = boardParameters(query);
        parameters.setParameter("playerId", playerId);
        parameters.setParameter("neighbours", (long) neighbours);
        Instant asOf = clock.instant();
        List<Standing> entries = entries(query(AROUND.of(query), parameters, "around-me"));
        return entries.isEmpty() ? Optional.empty() : Optional.of(new Standings(asOf, entries));
    }

    @Override
    public Activity activity(Duration span) throws BoardUnavailableException {
        Instant asOf = clock.instant();
        ClientRequestProperties parameters = properties();
        parameters.setParameter("span", span);
        KustoResultSetTable perSecond = query(EVENTS_PER_SECOND, parameters, "events per second");
        List<SecondCount> counts = new ArrayList<>();
        while (perSecond.next()) {
            counts.add(new SecondCount(Instant.parse(perSecond.getString("Second")), number(perSecond, "Events").longValue()));
        }
        KustoResultSetTable latency = query(INGEST_LATENCY, parameters, "ingest latency");
        Optional<Duration> median = Optional.empty();
        if (latency.next() && latency.getObject("LatencyMs") != null) {
            median = Optional.of(Duration.ofMillis(number(latency, "LatencyMs").longValue()));
        }
        return new Activity(asOf, counts, median);
    }

    @Override
    public boolean isReachable() {
        try {
            query("print Up = 1", properties(), "health");
            return true;
        } catch (BoardUnavailableException e) {
            return false;
        }
    }

    private KustoResultSetTable query(String text, ClientRequestProperties parameters, String what)
            throws BoardUnavailableException {
        try {
            return client.executeQuery(database, text, parameters).getPrimaryResults();
        } catch (Exception e) {
            // The SDK reports service errors, client errors and unparseable answers with different types.
            throw new BoardUnavailableException("ADX did not answer the " + what + " query: " + e.getMessage(), e);
        }
    }

    /** Which board: the parameters every board text declares, an absent game or campaign left unset. */
    private static ClientRequestProperties boardParameters(BoardQuery query) {
        ClientRequestProperties parameters = properties();
        parameters.setParameter("metric", query.metric().id());
        query.gameId().ifPresent(game -> parameters.setParameter("gameId", (int) game));
        query.campaignId().ifPresent(campaign -> parameters.setParameter("campaignId", campaign));
        query.window().ifPresent(window -> parameters.setParameter("window", window));
        return parameters;
    }

    /** Board rows (Rank, PlayerID, Name, Score), in the order ADX sent them. */
    private static List<Standing> entries(KustoResultSetTable rows) {
        List<Standing> entries = new ArrayList<>();
        while (rows.next()) {
            entries.add(new Standing(number(rows, "Rank").longValue(), number(rows, "PlayerID").intValue(),
                    rows.getString("Name"), number(rows, "Score").doubleValue()));
        }
        return entries;
    }

    private static ClientRequestProperties properties() {
        ClientRequestProperties properties = new ClientRequestProperties();
        properties.setTimeoutInMilliSec(QUERY_TIMEOUT_MS);
        properties.setApplication("leaderboard-web");
        return properties;
    }

    private static Number number(KustoResultSetTable rows, String column) {
        Object value = rows.getObject(column);
        if (value instanceof Number) {
            return (Number) value;
        }
        if (value instanceof JsonNode && ((JsonNode) value).isNumber()) {
            return ((JsonNode) value).numberValue();
        }
        throw new IllegalStateException("ADX returned a non-number in " + column + ": " + value);
    }

    private static List<Integer> games(Object games) throws BoardUnavailableException {
        try {
            JsonNode array = games instanceof JsonNode ? (JsonNode) games
                    : games == null ? JSON.createArrayNode() : JSON.readTree(games.toString());
            List<Integer> ids = new ArrayList<>();
            array.forEach(game -> ids.add(game.asInt()));
            return ids;
        } catch (IOException e) {
            throw new BoardUnavailableException("ADX returned unreadable campaign games: " + games, e);
        }
    }

    /** One query's four texts, one per kind of board: all time, a window, a campaign, a campaign's window. */
    private record BoardTexts(String allTime, String window, String campaign, String campaignWindow) {

        String of(BoardQuery query) {
            if (query.campaignId().isPresent()) {
                return query.window().isPresent() ? campaignWindow : campaign;
            }
            return query.window().isPresent() ? window : allTime;
        }
    }

    private static String kql(String name) {
        try (InputStream in = AdxBoard.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing KQL resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
