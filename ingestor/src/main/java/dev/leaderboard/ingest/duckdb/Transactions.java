package dev.leaderboard.ingest.duckdb;

import java.sql.SQLException;
import java.sql.Statement;

import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a DuckDB connection's transaction after a failure so that DuckDB and its JDBC driver agree again that none is
 * open. DuckDB ends a transaction whose COMMIT failed by itself (out of memory, a constraint or a conflict found at
 * commit), but its driver (1.5) marks a transaction ended only when COMMIT or ROLLBACK succeeded. So after such a
 * failure {@code rollback()} fails too ("no transaction is active"), the driver goes on believing a transaction open,
 * sends no BEGIN, and DuckDB runs every statement that follows in auto-commit: a batch would be stored a statement at
 * a time, and a crash between two would keep half of it. The bulk load of bench/board-freshness.sh met this once.
 * Every writer to DuckDB that keeps its connection after a failure ends its transaction here.
 */
public final class Transactions {

    private static final Logger log = LoggerFactory.getLogger(Transactions.class);

    private Transactions() {
    }

    /**
     * Rolls {@code connection}'s transaction back; when DuckDB had already ended it, opens one and rolls that back,
     * which leaves both sides with none open and the next statement beginning one. When DuckDB refuses both, it logs
     * why, and the caller's next statement fails.
     */
    public static void rollback(DuckDBConnection connection, String after) {
        try {
            connection.rollback();
        } catch (SQLException first) {
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("BEGIN TRANSACTION");
                } catch (SQLException stillOpen) {
                    // A transaction was open after all, and its ROLLBACK failed for another reason: try it once more.
                }
                connection.rollback();
                log.info("DuckDB had ended the transaction of {} itself ({}); the connection begins a new one",
                        after, first.getMessage());
            } catch (SQLException second) {
                second.addSuppressed(first);
                log.error("Cannot end the transaction of {} on DuckDB", after, second);
            }
        }
    }
}
