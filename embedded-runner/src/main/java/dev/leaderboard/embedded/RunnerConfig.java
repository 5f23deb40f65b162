package dev.leaderboard.embedded;

import java.nio.file.Path;
import java.util.Locale;

import dev.leaderboard.ingest.IngestorConfig;
import dev.leaderboard.ingest.SinkKind;
import dev.leaderboard.settings.Settings;
import dev.leaderboard.web.ServingConfig;

/**
 * Settings of the one-JVM system, from environment variables. The ingestor's own settings
 * ({@code INGEST_*}) and the web's serving settings ({@code BOARD_*}) apply too, each passed whole to its
 * part; the ingestor's bootstrap servers and database are the runner's, and its store is DuckDB.
 *
 * @param kafkaHost      address the embedded broker binds and advertises ({@code EMBEDDED_KAFKA_HOST})
 * @param kafkaPort      its client port ({@code EMBEDDED_KAFKA_PORT}, 9092 as in the blog; 0 = any free port)
 * @param webPort        the leaderboard's HTTP port ({@code WEB_PORT}, 7070; 0 = any free port)
 * @param dataDir        Kafka's log and the DuckDB file live here ({@code DATA_DIR}); kept across restarts
 * @param simulatorRate  spins per second the built-in simulator publishes ({@code SIMULATOR_RATE}; 0 = none)
 * @param simulatorUsers players are 100..100+users ({@code SIMULATOR_USERS}, 10 as in the blog)
 * @param duckDbMemoryMb DuckDB's memory limit in MiB ({@code DUCKDB_MEMORY_LIMIT_MB}, 128): its own default is
 *                       80% of the machine, and it keeps what it took, so the process would grow with the data
 * @param ingestor       the ingestor's settings
 * @param serving        the web's cache, push interval and stream limits
 */
public record RunnerConfig(String kafkaHost, int kafkaPort, int webPort, Path dataDir, int simulatorRate,
                           int simulatorUsers, int duckDbMemoryMb, IngestorConfig ingestor, ServingConfig serving) {

    public static final int DEFAULT_DUCKDB_MEMORY_MB = 128;

    public static RunnerConfig from(Settings settings) {
        IngestorConfig ingestor = IngestorConfig.from(settings);
        if (ingestor.sink() != SinkKind.DUCKDB) {
            throw new Settings.InvalidSettingException("INGEST_SINK", "duckdb in the embedded runner (its one store)",
                    ingestor.sink().name().toLowerCase(Locale.ROOT));
        }
        return new RunnerConfig(
                settings.text("EMBEDDED_KAFKA_HOST", "127.0.0.1"),
                settings.intInRange("EMBEDDED_KAFKA_PORT", 9092, 0, 65535),
                settings.intInRange("WEB_PORT", 7070, 0, 65535),
                settings.path("DATA_DIR", "work"),
                settings.intInRange("SIMULATOR_RATE", 20, 0, 1_000_000),
                settings.intInRange("SIMULATOR_USERS", 10, 0, 1_000_000),
                settings.intInRange("DUCKDB_MEMORY_LIMIT_MB", DEFAULT_DUCKDB_MEMORY_MB, 64, 1_048_576),
                ingestor,
                ServingConfig.from(settings));
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path duckDbPath() {
        return dataDir.resolve("leaderboard.duckdb");
    }
}
