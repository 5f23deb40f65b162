package dev.leaderboard.ingest;

import java.nio.file.Files;
import java.sql.DriverManager;

import dev.leaderboard.ingest.adx.AdxGamePlaySink;
import dev.leaderboard.ingest.adx.AdxSinkConfig;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.ingest.metrics.IngestMetrics;
import dev.leaderboard.ingest.metrics.MetricsEndpoint;
import dev.leaderboard.ingest.players.PlayerProfileIngestor;
import dev.leaderboard.ingest.players.PlayersIngestConfig;
import dev.leaderboard.metrics.ProcessMeters;
import dev.leaderboard.settings.Settings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ingestor alone: Kafka {@code gameplay} into a DuckDB file or Azure Data Explorer
 * ({@code INGEST_SINK}); on DuckDB also the {@code players} profiles.
 */
public final class IngestorMain {

    private static final Logger log = LoggerFactory.getLogger(IngestorMain.class);

    private IngestorMain() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment();
        IngestorConfig config;
        AdxSinkConfig adx = null;
        try {
            config = IngestorConfig.from(settings);
            if (config.sink() == SinkKind.ADX) {
                adx = AdxSinkConfig.from(settings);
            }
        } catch (Settings.InvalidSettingException e) {
            log.error("Bad configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessMeters.bindTo(registry);
        GamePlaySink sink;
        if (adx != null) {
            sink = AdxGamePlaySink.open(adx, registry);
        } else {
            DuckDBConnection connection = openDuckDb(config);
            sink = new DuckDbGamePlaySink(connection);
            startPlayerProfiles(PlayersIngestConfig.from(settings), connection);
        }
        GamePlayIngestor ingestor = new GamePlayIngestor(config, sink, new IngestMetrics(registry));
        MetricsEndpoint metrics = config.metricsPort().isPresent()
                ? MetricsEndpoint.start(registry, config.metricsPort().getAsInt(), ingestor::status) : null;
        Runtime.getRuntime().addShutdownHook(new Thread(ingestor::close, "ingestor-shutdown"));
        log.info("Ingestor reading {} from {} into {}{}", config.topic(), config.bootstrapServers(), sink,
                metrics == null ? "" : "; /metrics and /health on :" + metrics.port());
        ingestor.run();
        if (metrics != null) {
            metrics.close();
        }
        if (ingestor.failure() != null) {
            System.exit(1);
        }
    }

    private static DuckDBConnection openDuckDb(IngestorConfig config) throws Exception {
        Files.createDirectories(config.duckDbPath().toAbsolutePath().getParent());
        return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + config.duckDbPath().toAbsolutePath());
    }

    /** Profiles go to DuckDB's Players table through their own consumer, on their own thread. */
    private static void startPlayerProfiles(PlayersIngestConfig players, DuckDBConnection connection) throws Exception {
        PlayerProfileIngestor profiles = new PlayerProfileIngestor(players, connection.duplicate());
        new Thread(profiles, "players-ingestor").start();
        Runtime.getRuntime().addShutdownHook(new Thread(profiles::close, "players-shutdown"));
    }
}
