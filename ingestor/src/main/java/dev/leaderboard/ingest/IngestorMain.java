package dev.leaderboard.ingest;

import java.nio.file.Files;
import java.sql.DriverManager;

import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.ingest.players.PlayerProfileIngestor;
import dev.leaderboard.ingest.players.PlayersIngestConfig;
import dev.leaderboard.settings.Settings;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the ingestor alone: Kafka {@code gameplay} and the {@code players} profiles into a DuckDB file. */
public final class IngestorMain {

    private static final Logger log = LoggerFactory.getLogger(IngestorMain.class);

    private IngestorMain() {
    }

    public static void main(String[] args) throws Exception {
        IngestorConfig config = IngestorConfig.from(Settings.fromEnvironment());
        Files.createDirectories(config.duckDbPath().toAbsolutePath().getParent());
        DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + config.duckDbPath().toAbsolutePath());
        GamePlayIngestor ingestor = new GamePlayIngestor(config, new DuckDbGamePlaySink(connection));
        Runtime.getRuntime().addShutdownHook(new Thread(ingestor::close, "ingestor-shutdown"));
        PlayersIngestConfig players = PlayersIngestConfig.from(Settings.fromEnvironment());
        PlayerProfileIngestor profiles = new PlayerProfileIngestor(players, connection.duplicate());
        new Thread(profiles, "players-ingestor").start();
        Runtime.getRuntime().addShutdownHook(new Thread(profiles::close, "players-shutdown"));
        log.info("Ingestor reading {} from {} into {}", config.topic(), config.bootstrapServers(), config.duckDbPath());
        ingestor.run();
        if (ingestor.failure() != null) {
            System.exit(1);
        }
    }
}
