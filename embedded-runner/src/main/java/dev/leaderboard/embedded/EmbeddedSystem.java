package dev.leaderboard.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import dev.leaderboard.ingest.GamePlayIngestor;
import dev.leaderboard.ingest.IngestorConfig;
import dev.leaderboard.ingest.IngestorStatus;
import dev.leaderboard.ingest.duckdb.DuckDbFiles;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.ingest.metrics.IngestMetrics;
import dev.leaderboard.ingest.metrics.MetricsEndpoint;
import dev.leaderboard.ingest.players.PlayerProfileIngestor;
import dev.leaderboard.ingest.players.PlayersIngestConfig;
import dev.leaderboard.kafka.embedded.BrokerSettings;
import dev.leaderboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.leaderboard.metrics.ProcessMeters;
import dev.leaderboard.producer.BlogGameModel;
import dev.leaderboard.producer.SpinPublisher;
import dev.leaderboard.producer.players.PlayerProfilePublisher;
import dev.leaderboard.producer.players.PlayerProfiles;
import dev.leaderboard.players.PlayerTopics;
import dev.leaderboard.web.LeaderboardApp;
import dev.leaderboard.web.ServingConfig;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import dev.leaderboard.web.cache.StoreChanges;
import dev.leaderboard.web.health.IngestHealth;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one JVM: a Kafka broker, the simulator, the ingestor and the web, sharing one
 * DuckDB database instance (DuckDB allows one writing process) and one metrics registry. Started in
 * dependency order, stopped in reverse. An ingestor that stops on its own is reported to whoever waits in
 * {@link #awaitPartFailure()} and turns {@code /health} to 503: the board would no longer change.
 */
public final class EmbeddedSystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSystem.class);

    /** A part that stopped by itself, and why. */
    public record PartFailure(String part, Throwable cause) {
        @Override
        public String toString() {
            return part + " stopped: " + cause.getMessage();
        }
    }

    private final RunnerConfig config;
    private final EmbeddedKafkaBroker broker;
    private final DuckDBConnection database;
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final CompletableFuture<PartFailure> partFailure = new CompletableFuture<>();
    /** The ingestor's word to the boards that a batch is stored, so that they reload then, not on their TTL. */
    private final StoreChanges changes = new StoreChanges();
    private GamePlayIngestor ingestor;
    private PlayerProfileIngestor players;
    private MetricsEndpoint ingestorEndpoint;
    private SpinPublisher simulator;
    private Javalin web;

    private EmbeddedSystem(RunnerConfig config, EmbeddedKafkaBroker broker, DuckDBConnection database) {
        this.config = config;
        this.broker = broker;
        this.database = database;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.gcMetrics = ProcessMeters.bindTo(registry);
    }

    public static EmbeddedSystem start(RunnerConfig config) throws SQLException {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                new BrokerSettings(config.kafkaHost(), config.kafkaPort(), config.kafkaDir(), Map.of()));
        String bootstrap = broker.bootstrapServers();
        IngestorConfig ingest = config.ingestor().withStore(bootstrap, config.duckDbPath());
        Topics.createIfMissing(bootstrap, ingest.topic(), ingest.deadLetterTopic());
        Topics.createCompactedIfMissing(bootstrap, PlayerTopics.PLAYERS);
        EmbeddedSystem system = new EmbeddedSystem(config, broker, openDatabase(config));
        system.startIngestors(ingest);
        system.startSimulator(bootstrap, ingest.topic());
        system.web = LeaderboardApp.create(new DuckDbBoard(system.database, Clock.systemUTC()), config.serving(),
                system.registry, system::ingestHealth, system.changes).start(config.webPort());
        return system;
    }

    private void startIngestors(IngestorConfig ingest) throws SQLException {
        DuckDbGamePlaySink sink = new DuckDbGamePlaySink(database.duplicate(), DuckDbGamePlaySink.COMPACT_AFTER_ROWS,
                ingest.spinRetention());
        sink.afterEachCommit(changes::changed);
        ingestor = new GamePlayIngestor(ingest, sink, new IngestMetrics(registry));
        startReportingFailure(ingestor, "ingestor", ingestor::failure);
        if (ingest.metricsPort().isPresent()) {
            ingestorEndpoint = MetricsEndpoint.start(registry, ingest.metricsPort().getAsInt(), ingestor::status);
        }
        players = new PlayerProfileIngestor(
                new PlayersIngestConfig(ingest.bootstrapServers(), PlayerTopics.PLAYERS, PlayersIngestConfig.DEFAULT_GROUP_ID),
                database.duplicate(), registry);
        startReportingFailure(players, "players-ingestor", players::failure);
    }

    private void startSimulator(String bootstrap, String topic) {
        if (config.simulatorRate() <= 0) {
            return;
        }
        // Names for the board: the same seed gives the simulated players the same names on every start.
        PlayerProfilePublisher.publish(bootstrap, PlayerTopics.PLAYERS, PlayerProfiles.forPlayers(
                BlogGameModel.playerIds(config.simulatorUsers()), 0, Clock.systemUTC().instant()));
        BlogGameModel model = new BlogGameModel(config.simulatorUsers(), new Random(), Clock.systemUTC());
        simulator = new SpinPublisher(bootstrap, topic, model, config.simulatorRate(), Long.MAX_VALUE);
        simulator.bindMeters(registry);
        new Thread(simulator, "simulator").start();
    }

    static DuckDBConnection openDatabase(RunnerConfig config) throws SQLException {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create DATA_DIR " + config.dataDir(), e);
        }
        Properties limits = new Properties();
        limits.setProperty("memory_limit", config.duckDbMemoryMb() + "MiB");
        DuckDBConnection database = DuckDbFiles.open(config.duckDbPath(), limits);
        DuckDbGamePlaySink.createSchema(database);
        CampaignSeed.seedIfEmpty(database, Clock.systemUTC());
        return database;
    }

    /** Runs the part on its own thread; if it ends with a failure, that is the system's first part failure. */
    private void startReportingFailure(Runnable part, String name, Supplier<Throwable> failure) {
        new Thread(() -> {
            part.run();
            Throwable cause = failure.get();
            if (cause != null) {
                partFailure.complete(new PartFailure(name, cause));
            }
        }, name).start();
    }

    /** What {@code /health} shows of the ingestors: the game-play ingestor's status, and the players' if it failed. */
    private Optional<IngestHealth> ingestHealth() {
        IngestorStatus status = ingestor.status();
        Map<String, Object> fields = new LinkedHashMap<>(status.asJsonFields());
        Throwable playersFailure = players.failure();
        if (playersFailure != null) {
            fields.put("players", Map.of("state", "FAILED", "reason", String.valueOf(playersFailure.getMessage())));
        }
        return Optional.of(new IngestHealth(status.isIngesting() && playersFailure == null, fields));
    }

    /** Blocks until a part stops by itself (never, while all is well); {@link #close()} does not count. */
    public PartFailure awaitPartFailure() throws InterruptedException {
        try {
            return partFailure.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public int webPort() {
        return web.port();
    }

    /** Why the ingestor stopped by itself, if it did: the system is then no longer ingesting. */
    public Throwable ingestorFailure() {
        return ingestor.failure();
    }

    /** The settings the game-play ingestor runs with, as it holds them. */
    public IngestorConfig ingestorConfig() {
        return ingestor.config();
    }

    /** The serving settings the web was built with. */
    public ServingConfig servingConfig() {
        return config.serving();
    }

    /** The port of the ingestor's own {@code /metrics} and {@code /health} ({@code INGEST_METRICS_PORT}), if served. */
    public Optional<Integer> ingestorEndpointPort() {
        return Optional.ofNullable(ingestorEndpoint).map(MetricsEndpoint::port);
    }

    /** The simulator's spins per second, as it runs them; empty when it is off ({@code SIMULATOR_RATE=0}). */
    public Optional<Double> simulatorRate() {
        return Optional.ofNullable(simulator).map(publisher -> publisher.plan().eventsPerSecond());
    }

    /** What DuckDB's buffer manager holds now, the part of memory {@code DUCKDB_MEMORY_LIMIT_MB} bounds. */
    public DuckDbMemory duckDbMemory() throws SQLException {
        return DuckDbMemory.read(database);
    }

    /** DuckDB's memory limit as the database reports it, e.g. {@code 100.0 MiB}. */
    public String duckDbMemoryLimit() throws SQLException {
        try (Statement statement = database.createStatement();
             ResultSet limit = statement.executeQuery("SELECT current_setting('memory_limit')")) {
            limit.next();
            return limit.getString(1);
        }
    }

    /** Player profile changes written to the Players table so far. */
    public long playerProfilesIngested() {
        return players.profilesApplied();
    }

    /** For tests that make the store misbehave: the live database the ingestor and the web share. */
    DuckDBConnection database() {
        return database;
    }

    @Override
    public void close() {
        log.info("Stopping: simulator, ingestors, web, database, broker");
        if (simulator != null) {
            simulator.close();
        }
        ingestor.close();
        players.close();
        if (ingestorEndpoint != null) {
            ingestorEndpoint.close();
        }
        web.stop();
        gcMetrics.close();
        try {
            database.close();
        } catch (SQLException e) {
            log.warn("Closing DuckDB failed", e);
        }
        broker.close();
    }
}
