package dev.leaderboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

class CampaignSeedTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T07:42:10Z"), ZoneOffset.UTC);

    @Test
    void seedsARunningAGameSubsetAndAShortCampaignIntoAnEmptyTable() throws Exception {
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            DuckDbGamePlaySink.createSchema(db);

            CampaignSeed.seedIfEmpty(db, CLOCK);

            assertThat(campaigns(db)).containsExactly(
                    "launch-week Launch Week 2026-11-24T00:00 2026-12-01T00:00 []",
                    "slots-sprint Slots Sprint 2026-11-25T07:00 2026-11-26T07:00 [10, 11, 12]",
                    "warm-up Warm-up 2026-11-25T07:42:10 2026-11-25T07:44:10 []");
        }
    }

    @Test
    void leavesExistingCampaignsAlone() throws Exception {
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            DuckDbGamePlaySink.createSchema(db);
            try (Statement statement = db.createStatement()) {
                statement.execute("INSERT INTO Campaigns VALUES ('mine', 'Mine', '2026-01-01', '2026-02-01', NULL)");
            }

            CampaignSeed.seedIfEmpty(db, CLOCK);
            CampaignSeed.seedIfEmpty(db, CLOCK);

            assertThat(campaigns(db)).containsExactly("mine Mine 2026-01-01T00:00 2026-02-01T00:00 null");
        }
    }

    private static List<String> campaigns(DuckDBConnection db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement statement = db.createStatement();
             ResultSet result = statement.executeQuery("SELECT * FROM Campaigns ORDER BY CampaignId")) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getString(2) + " "
                        + result.getObject(3, java.time.LocalDateTime.class) + " "
                        + result.getObject(4, java.time.LocalDateTime.class) + " " + result.getString(5));
            }
        }
        return rows;
    }
}
