package dev.leaderboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import dev.leaderboard.settings.Settings;
import dev.leaderboard.settings.Settings.InvalidSettingException;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

class RunnerConfigTest {

    @Test
    void boundsDuckDbsMemoryTo128MiBUnlessToldOtherwise() throws Exception {
        assertThat(RunnerConfig.from(new Settings(Map.of())).duckDbMemoryMb()).isEqualTo(128);

        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "runner")), "memory-");
        RunnerConfig config = RunnerConfig.from(new Settings(Map.of("DATA_DIR", dataDir.toString(),
                "DUCKDB_MEMORY_LIMIT_MB", "100")));
        try (DuckDBConnection database = EmbeddedSystem.openDatabase(config);
             Statement statement = database.createStatement();
             ResultSet limit = statement.executeQuery("SELECT current_setting('memory_limit')")) {
            limit.next();
            assertThat(limit.getString(1)).isEqualTo("100.0 MiB");
        }
    }

    @Test
    void rejectsADuckDbMemoryLimitTooSmallToRunTheBoardsNamingTheSetting() {
        assertThatThrownBy(() -> RunnerConfig.from(new Settings(Map.of("DUCKDB_MEMORY_LIMIT_MB", "8"))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("DUCKDB_MEMORY_LIMIT_MB");
    }
}
