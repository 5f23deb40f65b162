package dev.leaderboard.ingest.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactionsTest {

    private DuckDBConnection db;
    private DuckDBConnection writer;

    @BeforeEach
    void open() throws Exception {
        db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        execute(db, "CREATE TABLE Keys (Id INTEGER PRIMARY KEY)");
        writer = (DuckDBConnection) db.duplicate();
        writer.setAutoCommit(false);
        // The writer's COMMIT fails: another connection stored the same key after the writer's insert, before its commit.
        execute(writer, "INSERT INTO Keys VALUES (1)");
        execute(db, "INSERT INTO Keys VALUES (1)");
        assertThatThrownBy(writer::commit).isInstanceOf(SQLException.class);
    }

    @AfterEach
    void close() throws Exception {
        writer.close();
        db.close();
    }

    @Test
    void withoutItTheDriverRunsWhatFollowsAFailedCommitInAutoCommitAStatementAtATime() throws Exception {
        assertThatThrownBy(writer::rollback).hasMessageContaining("no transaction is active");

        execute(writer, "INSERT INTO Keys VALUES (2)");

        assertThat(rows("Id = 2")).as("seen by another connection before any commit").isEqualTo(1);
    }

    @Test
    void afterAFailedCommitItLeavesTheNextStatementsInATransactionThatRollsBack() throws Exception {
        Transactions.rollback(writer, "a test's insert");

        execute(writer, "INSERT INTO Keys VALUES (2)");
        assertThat(rows("Id = 2")).as("seen by another connection before the commit").isZero();
        writer.rollback();

        assertThat(rows("Id = 2")).isZero();
        execute(writer, "INSERT INTO Keys VALUES (3)");
        writer.commit();
        assertThat(rows("true")).isEqualTo(2);
    }

    @Test
    void anOpenTransactionIsRolledBackAsUsual() throws Exception {
        Transactions.rollback(writer, "a test's insert");
        execute(writer, "INSERT INTO Keys VALUES (4)");

        Transactions.rollback(writer, "a test's insert");

        assertThat(rows("Id = 4")).isZero();
        execute(writer, "INSERT INTO Keys VALUES (5)");
        assertThat(rows("Id = 5")).isZero();
    }

    private long rows(String where) throws SQLException {
        try (Statement statement = db.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM Keys WHERE " + where)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void execute(DuckDBConnection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
