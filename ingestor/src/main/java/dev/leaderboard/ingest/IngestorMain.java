package dev.leaderboard.ingest;

import java.nio.file.Files;
import java.util.Properties;
import java.util.concurrent.Callable;

import dev.leaderboard.adx.AdxOptions;
import dev.leaderboard.ingest.adx.AdxGamePlaySink;
import dev.leaderboard.ingest.adx.AdxSinkConfig;
import dev.leaderboard.ingest.duckdb.DuckDbFiles;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.ingest.metrics.IngestMetrics;
import dev.leaderboard.ingest.metrics.MetricsEndpoint;
import dev.leaderboard.ingest.players.PlayerProfileIngestor;
import dev.leaderboard.ingest.players.PlayersIngestConfig;
import dev.leaderboard.metrics.ProcessMeters;
import dev.leaderboard.settings.SettingOptions;
import dev.leaderboard.settings.Settings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the ingestor alone: Kafka {@code gameplay} into a DuckDB file or Azure Data Explorer
 * ({@code INGEST_SINK}); on DuckDB also the {@code players} profiles. Every setting is an option whose
 * default is its environment variable ({@code --help}). Exit codes: 0 stopped, 1 failed, 2 bad setting.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = SettingOptions.ProjectVersion.class,
        description = "Consumes spins from Kafka into DuckDB (exactly once) or Azure Data Explorer.")
public final class IngestorMain implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(IngestorMain.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "BOOTSTRAP_SERVERS",
            defaultValue = "${env:BOOTSTRAP_SERVERS:-localhost:9092}", description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Mixin
    IngestOptions ingest;

    @Option(names = "--duckdb-path", paramLabel = "DUCKDB_PATH", defaultValue = "${env:DUCKDB_PATH:-work/leaderboard.duckdb}",
            description = "The DuckDB database file (default: ${DEFAULT-VALUE}).")
    String duckDbPath;

    @Option(names = "--players-topic", paramLabel = "INGEST_PLAYERS_TOPIC", defaultValue = "${env:INGEST_PLAYERS_TOPIC:-players}",
            description = "Compacted topic of player profiles, into the Players table (default: ${DEFAULT-VALUE}).")
    String playersTopic;

    @Option(names = "--players-group-id", paramLabel = "INGEST_PLAYERS_GROUP_ID",
            defaultValue = "${env:INGEST_PLAYERS_GROUP_ID:-leaderboard-players}",
            description = "The profiles' consumer group (default: ${DEFAULT-VALUE}).")
    String playersGroupId;

    @Option(names = "--adx-ingest-mode", paramLabel = "ADX_INGEST_MODE", defaultValue = "${env:ADX_INGEST_MODE:-queued}",
            description = "queued, streaming or direct (default: ${DEFAULT-VALUE}).")
    String adxIngestMode;

    @Option(names = "--adx-ingest-url", paramLabel = "ADX_INGEST_URL", defaultValue = "${env:ADX_INGEST_URL}",
            description = "The data-management URL for queued ingestion (default: ingest- + the cluster's host).")
    String adxIngestUrl;

    @Option(names = "--adx-table", paramLabel = "ADX_TABLE", defaultValue = "${env:ADX_TABLE:-GamePlay}",
            description = "The table (default: ${DEFAULT-VALUE}).")
    String adxTable;

    @Option(names = "--adx-mapping", paramLabel = "ADX_MAPPING", defaultValue = "${env:ADX_MAPPING:-gameplay_json_mapping_v2}",
            description = "The JSON ingestion mapping (default: ${DEFAULT-VALUE}).")
    String adxMapping;

    @Option(names = "--adx-queued-status", paramLabel = "ADX_QUEUED_STATUS", defaultValue = "${env:ADX_QUEUED_STATUS:-queue}",
            description = "queue or table (default: ${DEFAULT-VALUE}).")
    String adxQueuedStatus;

    @Option(names = "--adx-ingest-timeout-ms", paramLabel = "ADX_INGEST_TIMEOUT_MS",
            defaultValue = "${env:ADX_INGEST_TIMEOUT_MS:-60000}",
            description = "Longest wait for ADX to accept one batch (default: ${DEFAULT-VALUE}).")
    String adxIngestTimeoutMs;

    @Mixin
    AdxOptions adx;

    public static void main(String[] args) {
        System.exit(SettingOptions.commandLine(new IngestorMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Settings settings = SettingOptions.settings(spec);
        IngestorConfig config = IngestorConfig.from(settings);
        AdxSinkConfig adxConfig = config.sink() == SinkKind.ADX ? AdxSinkConfig.from(settings) : null;
        PlayersIngestConfig playersConfig = PlayersIngestConfig.from(settings);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessMeters.bindTo(registry);
        GamePlaySink sink;
        if (adxConfig != null) {
            sink = AdxGamePlaySink.open(adxConfig, registry);
        } else {
            DuckDBConnection connection = openDuckDb(config);
            sink = new DuckDbGamePlaySink(connection, DuckDbGamePlaySink.COMPACT_AFTER_ROWS, config.spinRetention());
            startPlayerProfiles(playersConfig, connection, registry);
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
        return ingestor.failure() == null ? 0 : 1;
    }

    private static DuckDBConnection openDuckDb(IngestorConfig config) throws Exception {
        Files.createDirectories(config.duckDbPath().toAbsolutePath().getParent());
        return DuckDbFiles.open(config.duckDbPath(), new Properties());
    }

    /** Profiles go to DuckDB's Players table through their own consumer, on their own thread. */
    private static void startPlayerProfiles(PlayersIngestConfig players, DuckDBConnection connection,
                                            PrometheusMeterRegistry registry) throws Exception {
        PlayerProfileIngestor profiles = new PlayerProfileIngestor(players, connection.duplicate(), registry);
        new Thread(profiles, "players-ingestor").start();
        Runtime.getRuntime().addShutdownHook(new Thread(profiles::close, "players-shutdown"));
    }
}
