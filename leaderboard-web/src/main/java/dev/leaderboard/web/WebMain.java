package dev.leaderboard.web;

import java.sql.DriverManager;
import java.time.Clock;
import java.util.Properties;

import dev.leaderboard.settings.Settings;
import dev.leaderboard.web.board.Board;
import dev.leaderboard.web.board.adx.AdxBoard;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import io.javalin.Javalin;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the leaderboard alone: from Azure Data Explorer ({@code BOARD_STORE=adx}), or from a DuckDB file
 * read-only. DuckDB lets one process write a file, so the latter works on a database no ingestor holds
 * open; the one-JVM runner shares the live database instead.
 */
public final class WebMain {

    private static final Logger log = LoggerFactory.getLogger(WebMain.class);

    private WebMain() {
    }

    public static void main(String[] args) throws Exception {
        WebConfig config;
        try {
            config = WebConfig.from(Settings.fromEnvironment());
        } catch (Settings.InvalidSettingException e) {
            log.error("Bad configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            if (openDatabase != null) {
                closeQuietly(openDatabase);
            }
        }, "web-shutdown"));
        log.info("Leaderboard on http://localhost:{}/ reading {}", app.port(),
                config.adx().map(Object::toString).orElse(config.duckDbPath().toString()));
    }

    private static void closeQuietly(DuckDBConnection database) {
        try {
            database.close();
        } catch (Exception e) {
            log.warn("Closing DuckDB failed", e);
        }
    }
}
