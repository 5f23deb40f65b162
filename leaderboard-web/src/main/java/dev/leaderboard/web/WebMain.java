package dev.leaderboard.web;

import java.sql.DriverManager;
import java.time.Clock;
import java.util.Properties;

import dev.leaderboard.settings.Settings;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import io.javalin.Javalin;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the leaderboard alone, reading a DuckDB file read-only. DuckDB lets one process write a file,
 * so this works on a database no ingestor holds open; the one-JVM runner shares the live database instead.
 */
public final class WebMain {

    private static final Logger log = LoggerFactory.getLogger(WebMain.class);

    private WebMain() {
    }

    public static void main(String[] args) throws Exception {
        WebConfig config = WebConfig.from(Settings.fromEnvironment());
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        DuckDBConnection database = (DuckDBConnection) DriverManager.getConnection(
                "jdbc:duckdb:" + config.duckDbPath().toAbsolutePath(), readOnly);
        Javalin app = LeaderboardApp.create(new DuckDbBoard(database, Clock.systemUTC()), config.serving())
                .start(config.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            closeQuietly(database);
        }, "web-shutdown"));
        log.info("Leaderboard on http://localhost:{}/ reading {}", app.port(), config.duckDbPath());
    }

    private static void closeQuietly(DuckDBConnection database) {
        try {
            database.close();
        } catch (Exception e) {
            log.warn("Closing DuckDB failed", e);
        }
    }
}
