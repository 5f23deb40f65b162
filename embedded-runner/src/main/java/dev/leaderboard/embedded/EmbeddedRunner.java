package dev.leaderboard.embedded;

import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.leaderboard.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar embedded-runner/target/embedded-runner.jar}: the whole leaderboard on one machine with
 * no Docker and no Azure. Ctrl-C stops every part cleanly; if the ingestor stops by itself (the store
 * refused its batches for longer than {@code INGEST_RETRY_GIVE_UP_MS}), the runner exits 1 naming the cause.
 */
public final class EmbeddedRunner {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRunner.class);
    private static final long MEMORY_REPORT_SECONDS = 60;

    private EmbeddedRunner() {
    }

    public static void main(String[] args) throws Exception {
        RunnerConfig config;
        try {
            config = RunnerConfig.from(Settings.fromEnvironment());
        } catch (Settings.InvalidSettingException e) {
            log.error("Bad configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        EmbeddedSystem system = EmbeddedSystem.start(config);
        ScheduledExecutorService memoryReports = Executors.newSingleThreadScheduledExecutor(
                work -> new Thread(work, "duckdb-memory"));
        memoryReports.scheduleAtFixedRate(() -> reportDuckDbMemory(system, config.duckDbMemoryMb()),
                MEMORY_REPORT_SECONDS, MEMORY_REPORT_SECONDS, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            memoryReports.shutdownNow();
            system.close();
        }, "shutdown"));
        log.info("Kafka broker on {} (topic {}); any Kafka client can publish there", system.bootstrapServers(),
                config.ingestor().topic());
        log.info("Leaderboard on http://localhost:{}/  (API: /api/leaderboard?limit=10). Ctrl-C stops.",
                system.webPort());
        System.exit(exitCodeOnceAPartFails(system));
    }

    /**
     * Waits until a part stops by itself (Ctrl-C ends the JVM through the shutdown hook instead), logs which
     * and why, and gives the exit code: a runner whose ingestor gave up must not keep serving a frozen board.
     */
    static int exitCodeOnceAPartFails(EmbeddedSystem system) throws InterruptedException {
        EmbeddedSystem.PartFailure failure = system.awaitPartFailure();
        log.error("Stopping the runner: the {} stopped by itself, so the board would no longer change: {}",
                failure.part(), failure.cause().getMessage());
        return 1;
    }

    private static void reportDuckDbMemory(EmbeddedSystem system, int limitMib) {
        try {
            DuckDbMemory memory = system.duckDbMemory();
            log.info("DuckDB memory: {} MiB in use of its {} MiB limit (DUCKDB_MEMORY_LIMIT_MB), {} MiB in temporary files",
                    memory.usedMib(), limitMib, memory.temporaryMib());
        } catch (SQLException e) {
            log.warn("Cannot read DuckDB's memory use: {}", e.getMessage());
        }
    }
}
