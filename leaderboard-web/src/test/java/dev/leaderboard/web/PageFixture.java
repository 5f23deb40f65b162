package dev.leaderboard.web;

import java.sql.SQLException;

import org.duckdb.DuckDBConnection;

/** {@link BoardFixture}'s data for tests outside this package (the browser test). */
public final class PageFixture {

    private PageFixture() {
    }

    public static DuckDBConnection database() throws SQLException {
        DuckDBConnection db = BoardFixture.emptyDatabase();
        BoardFixture.insertFixture(db);
        return db;
    }

    public static void spin(DuckDBConnection db, String values) throws SQLException {
        BoardFixture.insertSpins(db, values);
    }
}
