package dev.leaderboard.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Gives a new embedded database a few campaigns to look at (seed-campaigns.sql); never touches existing ones. */
final class CampaignSeed {

    private static final Logger log = LoggerFactory.getLogger(CampaignSeed.class);

    private CampaignSeed() {
    }

    static void seedIfEmpty(Connection database, Clock clock) throws SQLException {
        try (PreparedStatement insert = database.prepareStatement(sql())) {
            insert.setObject(1, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            int seeded = insert.executeUpdate();
            if (seeded > 0) {
                log.info("Seeded {} campaigns into an empty Campaigns table", seeded);
            }
        }
    }

    private static String sql() {
        try (InputStream in = CampaignSeed.class.getResourceAsStream("seed-campaigns.sql")) {
            if (in == null) {
                throw new IllegalStateException("Missing SQL resource seed-campaigns.sql");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
