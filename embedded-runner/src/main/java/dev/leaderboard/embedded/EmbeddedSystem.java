package dev.leaderboard.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import dev.leaderboard.ingest.GamePlayIngestor;
import dev.leaderboard.ingest.IngestorConfig;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.ingest.players.PlayerProfileIngestor;
import dev.leaderboard.ingest.players.PlayersIngestConfig;
import dev.leaderboard.kafka.embedded.BrokerSettings;
import dev.leaderboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.leaderboard.producer.BlogGameModel;
import dev.leaderboard.producer.SpinPublisher;
import dev.leaderboard.producer.players.PlayerProfilePublisher;
import dev.leaderboard.producer.players.PlayerProfiles;
import dev.leaderboard.players.PlayerTopics;
import dev.leaderboard.web.LeaderboardApp;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import io.javalin.Javalin;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one JVM: a Kafka broker, the simulator, the ingestor and the web, sharing one
 * DuckDB database instance (DuckDB allows one writing process). Started in dependency order, stopped in reverse.
 */
public final class EmbeddedSystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSystem.class);

    private final EmbeddedKafkaBroker broker;
    private final DuckDBConnection database;
    private final GamePlayIngestor ingestor;
    private final PlayerProfileIngestor players;
    private final SpinPublisher simulator;
    private final Javalin web;

    private EmbeddedSystem(EmbeddedKafkaBroker broker, DuckDBConnection database, GamePlayIngestor ingestor,
                           PlayerProfileIngestor players, SpinPublisher simulator, Javalin web) {
        this.broker = broker;
        this.database = database;
        this.ingestor = ingestor;
        this.players = players;
        this.simulator = simulator;
        this.web = web;
    }

    public static EmbeddedSystem start(RunnerConfig config) throws SQLException {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                new BrokerSettings(config.kafkaHost(), config.kafkaPort(), config.kafkaDir(), Map.of()));
        String bootstrap = broker.bootstrapServers();
        IngestorConfig ingest = config.ingestor();
        Topics.createIfMissing(bootstrap, ingest.topic(), ingest.deadLetterTopic());
        Topics.createCompactedIfMissing(bootstrap, PlayerTopics.PLAYERS);

        DuckDBConnection database = openDatabase(config);
        GamePlayIngestor ingestor = new GamePlayIngestor(
                new IngestorConfig(bootstrap, ingest.topic(), ingest.deadLetterTopic(), ingest.groupId(),
                        ingest.instanceId(), ingest.batchLimits(), config.duckDbPath()),
                new DuckDbGamePlaySink(database.duplicate(), DuckDbGamePlaySink.COMPACT_AFTER_ROWS, ingest.spinRetention()));
        start(ingestor, "ingestor");
        PlayerProfileIngestor players = new PlayerProfileIngestor(
                new PlayersIngestConfig(bootstrap, PlayerTopics.PLAYERS, PlayersIngestConfig.DEFAULT_GROUP_ID),
                database.duplicate());
        start(players, "players-ingestor");

        SpinPublisher simulator = null;
        if (config.simulatorRate() > 0) {
            // Names for the board: the same seed gives the simulated players the same names on every start.
            PlayerProfilePublisher.publish(bootstrap, PlayerTopics.PLAYERS, PlayerProfiles.forPlayers(
                    BlogGameModel.playerIds(config.simulatorUsers()), 0, Clock.systemUTC().instant()));
            BlogGameModel model = new BlogGameModel(config.simulatorUsers(), new Random(), Clock.systemUTC());
            simulator = new SpinPublisher(bootstrap, ingest.topic(), model, config.simulatorRate(), Long.MAX_VALUE);
            start(simulator, "simulator");
        }

        Javalin web = LeaderboardApp.create(new DuckDbBoard(database, Clock.systemUTC())).start(config.webPort());
        return new EmbeddedSystem(broker, database, ingestor, players, simulator, web);
    }

    static DuckDBConnection openDatabase(RunnerConfig config) throws SQLException {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create DATA_DIR " + config.dataDir(), e);
        }
        Properties limits = new Properties();
        limits.setProperty("memory_limit", config.duckDbMemoryMb() + "MiB");
        DuckDBConnection database = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + config.duckDbPath().toAbsolutePath(), limits);
        DuckDbGamePlaySink.createSchema(database);
        CampaignSeed.seedIfEmpty(database, Clock.systemUTC());
        return database;
    }

    private static void start(Runnable part, String name) {
        Thread thread = new Thread(part, name);
        thread.start();
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

    /** What DuckDB's buffer manager holds now, the part of memory {@code DUCKDB_MEMORY_LIMIT_MB} bounds. */
    public DuckDbMemory duckDbMemory() throws SQLException {
        return DuckDbMemory.read(database);
    }

    /** Player profile changes written to the Players table so far. */
    public long playerProfilesIngested() {
        return players.profilesApplied();
    }

    @Override
    public void close() {
        log.info("Stopping: simulator, ingestors, web, database, broker");
        if (simulator != null) {
            simulator.close();
        }
        ingestor.close();
        players.close();
        web.stop();
        try {
            database.close();
        } catch (SQLException e) {
            log.warn("Closing DuckDB failed", e);
        }
        broker.close();
    }
}
