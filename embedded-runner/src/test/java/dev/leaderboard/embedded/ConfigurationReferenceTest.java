package dev.leaderboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The README's configuration table and the code cannot drift apart: same variables, both ways. */
class ConfigurationReferenceTest {

    private static final String[] APP_MODULES = {
            "gameplay-model", "adx-client", "producer", "ingestor", "leaderboard-web", "embedded-runner"};

    @Test
    void readmeListsExactlyTheVariablesTheAppsRead() throws Exception {
        String readme = Files.readString(SettingNames.REPOSITORY.resolve("README.md"));
        Matcher row = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]+)` \\|").matcher(readme);
        Set<String> documented = new TreeSet<>();
        while (row.find()) {
            documented.add(row.group(1));
        }

        assertThat(documented).isEqualTo(SettingNames.readBy(APP_MODULES));
    }
}
