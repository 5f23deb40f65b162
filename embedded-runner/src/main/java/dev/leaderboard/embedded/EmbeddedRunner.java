package dev.leaderboard.embedded;

import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.leaderboard.ingest.IngestOptions;
import dev.leaderboard.settings.SettingOptions;
import dev.leaderboard.web.ServingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/leaderboard} or {@code java -jar embedded-runner/target/embedded-runner.jar}: the whole leaderboard
 * on one machine with no Docker and no Azure. Ctrl-C stops every part cleanly; if the ingestor stops by itself
 * (the store refused its batches for longer than {@code INGEST_RETRY_GIVE_UP_MS}), the runner exits 1 naming
 * the cause. Every setting is an option whose default is its environment variable ({@code run --help}).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = SettingOptions.ProjectVersion.class,
        description = "Runs the whole system in one JVM: a Kafka broker, the simulator, the ingestor and the web on DuckDB.")
public final class EmbeddedRunner implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRunner.class);
    private static final long MEMORY_REPORT_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Option(names = "--kafka-host", paramLabel = "EMBEDDED_KAFKA_HOST", defaultValue = "${env:EMBEDDED_KAFKA_HOST:-127.0.0.1}",
            description = "Address the embedded broker binds and advertises (default: ${DEFAULT-VALUE}).")
    String kafkaHost;

    @Option(names = "--kafka-port", paramLabel = "EMBEDDED_KAFKA_PORT", defaultValue = "${env:EMBEDDED_KAFKA_PORT:-9092}",
            description = "Its port; 0 = any free port (default: ${DEFAULT-VALUE}).")
    String kafkaPort;

    @Option(names = "--web-port", paramLabel = "WEB_PORT", defaultValue = "${env:WEB_PORT:-7070}",
            description = "The leaderboard's HTTP port; 0 = any free port (default: ${DEFAULT-VALUE}).")
    String webPort;

    @Option(names = "--data-dir", paramLabel = "DATA_DIR", defaultValue = "${env:DATA_DIR:-work}",
            description = "Kafka's log and the DuckDB file; kept across restarts (default: ${DEFAULT-VALUE}).")
    String dataDir;

    @Option(names = "--simulator-rate", paramLabel = "SIMULATOR_RATE", defaultValue = "${env:SIMULATOR_RATE:-20}",
            description = "Spins per second from the built-in simulator; 0 = none (default: ${DEFAULT-VALUE}).")
    String simulatorRate;

    @Option(names = "--simulator-users", paramLabel = "SIMULATOR_USERS", defaultValue = "${env:SIMULATOR_USERS:-10}",
            description = "Players are 100..100+users, as the blog's -u (default: ${DEFAULT-VALUE}).")
    String simulatorUsers;

    @Option(names = "--duckdb-memory-limit-mb", paramLabel = "DUCKDB_MEMORY_LIMIT_MB",
            defaultValue = "${env:DUCKDB_MEMORY_LIMIT_MB:-128}",
            description = "DuckDB's memory limit in MiB (default: ${DEFAULT-VALUE}).")
    String duckDbMemoryLimitMb;

    @Mixin
    IngestOptions ingest;

    @Mixin
    ServingOptions serving;

    public static void main(String[] args) {
        System.exit(SettingOptions.commandLine(new EmbeddedRunner()).execute(args));
    }

    /** Runs until a part fails (returns 1) or the JVM is stopped. */
    @Override
    public Integer call() throws Exception {
        RunnerConfig config = RunnerConfig.from(SettingOptions.settings(spec));
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
        return exitCodeOnceAPartFails(system);
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
