package dev.leaderboard.web;

import java.sql.DriverManager;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.leaderboard.adx.AdxOptions;
import dev.leaderboard.settings.SettingOptions;
import dev.leaderboard.web.board.Board;
import dev.leaderboard.web.board.adx.AdxBoard;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import io.javalin.Javalin;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Serves the leaderboard alone: from Azure Data Explorer ({@code BOARD_STORE=adx}), or from a DuckDB file
 * read-only. DuckDB lets one process write a file, so the latter works on a database no ingestor holds
 * open; the one-JVM runner shares the live database instead. Every setting is an option whose default is
 * its environment variable ({@code --help}); a bad one exits 2 naming it.
 */
@Command(name = "web", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = SettingOptions.ProjectVersion.class,
        description = "Serves the leaderboard's page, JSON API and event stream from DuckDB or ADX.")
public final class WebMain implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(WebMain.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "WEB_PORT", defaultValue = "${env:WEB_PORT:-7070}",
            description = "HTTP port; 0 = any free port (default: ${DEFAULT-VALUE}).")
    String port;

    @Option(names = "--store", paramLabel = "BOARD_STORE", defaultValue = "${env:BOARD_STORE:-duckdb}",
            description = "Where boards come from: duckdb or adx (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--duckdb-path", paramLabel = "DUCKDB_PATH", defaultValue = "${env:DUCKDB_PATH:-work/leaderboard.duckdb}",
            description = "The DuckDB database file, read-only here (default: ${DEFAULT-VALUE}).")
    String duckDbPath;

    @Mixin
    ServingOptions serving;

    @Mixin
    AdxOptions adx;

    public static void main(String[] args) {
        System.exit(SettingOptions.commandLine(new WebMain()).execute(args));
    }

    /** Serves until the process is stopped. */
    @Override
    public Integer call() throws Exception {
        WebConfig config = WebConfig.from(SettingOptions.settings(spec));
        DuckDBConnection database = null;
        Board board;
        if (config.adx().isPresent()) {
            board = AdxBoard.connect(config.adx().get(), Clock.systemUTC());
        } else {
            Properties readOnly = new Properties();
            readOnly.setProperty("duckdb.read_only", "true");
            database = (DuckDBConnection) DriverManager.getConnection(
                    "jdbc:duckdb:" + config.duckDbPath().toAbsolutePath(), readOnly);
            board = new DuckDbBoard(database, Clock.systemUTC());
        }
        Javalin app = LeaderboardApp.create(board, config.serving()).start(config.port());
        DuckDBConnection openDatabase = database;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            if (openDatabase != null) {
                closeQuietly(openDatabase);
            }
            stopped.countDown();
        }, "web-shutdown"));
        log.info("Leaderboard on http://localhost:{}/ reading {}", app.port(),
                config.adx().map(Object::toString).orElse(config.duckDbPath().toString()));
        stopped.await();
        return 0;
    }

    private static void closeQuietly(DuckDBConnection database) {
        try {
            database.close();
        } catch (Exception e) {
            log.warn("Closing DuckDB failed", e);
        }
    }
}
