package dev.leaderboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.leaderboard.adx.schema.KqlApply;
import dev.leaderboard.ingest.IngestorConfig;
import dev.leaderboard.ingest.IngestorMain;
import dev.leaderboard.ingest.players.PlayersIngestConfig;
import dev.leaderboard.kafka.embedded.EmbeddedKafkaMain;
import dev.leaderboard.settings.SettingOptions;
import dev.leaderboard.settings.Settings;
import dev.leaderboard.web.WebConfig;
import dev.leaderboard.web.WebMain;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every app's command line: every README setting an option with its default, --version, exit 2 on a bad value. */
class CommandLineTest {

    /** What a command printed and returned. */
    private record Run(int exitCode, String out, String err) {
    }

    @Test
    void helpListsEveryVariableTheReadmeSaysTheAppReadsWithItsDefault() throws Exception {
        assertThat(variablesIn(run(new IngestorMain(), "--help").out())).containsAll(readmeVariablesUsedBy("ingestor"));
        assertThat(variablesIn(run(new WebMain(), "--help").out())).containsAll(readmeVariablesUsedBy("web"));
        assertThat(variablesIn(run(new EmbeddedRunner(), "--help").out())).containsAll(readmeVariablesUsedBy("runner"));
        assertThat(variablesIn(run(new KqlApply.Command(), "--help").out())).containsAll(readmeVariablesUsedBy("KqlApply"));

        String ingestHelp = run(new IngestorMain(), "--help").out().replaceAll("\\s+", " ");
        assertThat(ingestHelp).contains("--retry-give-up-ms=INGEST_RETRY_GIVE_UP_MS A batch failing this long stops the "
                + "ingestor, exit 1 (default: " + System.getenv().getOrDefault("INGEST_RETRY_GIVE_UP_MS", "600000") + ").");
        assertThat(ingestHelp).doesNotContain("null");
        // The secret's option never shows its value, even when the variable is set.
        assertThat(run(new WebMain(), "--help").out()).containsPattern("a flag shows in the process list\\.\\R");
    }

    @Test
    void optionDefaultsAreTheDefaultsTheConfigurationReadsFromTheEnvironment() {
        Settings ingest = parsedSettings(new IngestorMain());
        assertThat(IngestorConfig.from(ingest)).isEqualTo(IngestorConfig.from(Settings.fromEnvironment()));
        assertThat(PlayersIngestConfig.from(ingest)).isEqualTo(PlayersIngestConfig.from(Settings.fromEnvironment()));
        assertThat(WebConfig.from(parsedSettings(new WebMain()))).isEqualTo(WebConfig.from(Settings.fromEnvironment()));
        assertThat(RunnerConfig.from(parsedSettings(new EmbeddedRunner())))
                .isEqualTo(RunnerConfig.from(Settings.fromEnvironment()));
    }

    @Test
    void everyCommandPrintsTheProjectVersion() throws Exception {
        String version = "leaderboard " + SettingOptions.ProjectVersion.version();
        assertThat(version).matches("leaderboard \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        for (Callable<Integer> command : java.util.List.<Callable<Integer>>of(new IngestorMain(), new WebMain(),
                new EmbeddedRunner(), new KqlApply.Command(), new EmbeddedKafkaMain())) {
            Run run = run(command, "--version");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out().strip()).as("%s --version", command.getClass().getSimpleName()).isEqualTo(version);
        }
    }

    @Test
    void aBadValueExitsTwoNamingTheSettingInEveryApp() throws Exception {
        assertBadSetting(run(new IngestorMain(), "--sink", "foo"), "Bad configuration: INGEST_SINK must be one of duckdb, adx, was 'foo'");
        assertBadSetting(run(new WebMain(), "--port", "abc"), "Bad configuration: WEB_PORT must be an integer in 0..65535, was 'abc'");
        assertBadSetting(run(new EmbeddedRunner(), "--simulator-rate", "-1"),
                "Bad configuration: SIMULATOR_RATE must be an integer in 0..1000000, was '-1'");
        assertBadSetting(run(new EmbeddedRunner(), "--sink", "adx"),
                "Bad configuration: INGEST_SINK must be duckdb in the embedded runner (its one store), was 'adx'");
        assertBadSetting(run(new KqlApply.Command(), "--adx-cluster-url", "not a url"), "Bad configuration: ADX_CLUSTER_URL");
        assertBadSetting(run(new EmbeddedKafkaMain(), "work/kafka", "99999"), "PORT must be in 0..65535, was 99999");
        assertBadSetting(run(new IngestorMain(), "--no-such-option"), "Unknown option: '--no-such-option'");
    }

    private static void assertBadSetting(Run run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith(message);
    }

    private static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = SettingOptions.commandLine(command);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int exitCode = line.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static Settings parsedSettings(Object command) {
        CommandLine line = new CommandLine(command);
        line.parseArgs();
        return SettingOptions.settings(line.getCommandSpec());
    }

    private static Set<String> variablesIn(String help) {
        Matcher label = Pattern.compile("=([A-Z][A-Z0-9_]+)").matcher(help);
        Set<String> names = new TreeSet<>();
        while (label.find()) {
            names.add(label.group(1));
        }
        return names;
    }

    /** README configuration rows whose "used by" column names the app. */
    private static Set<String> readmeVariablesUsedBy(String app) throws IOException {
        String readme = Files.readString(SettingNames.REPOSITORY.resolve("README.md"));
        Matcher row = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]+)` \\| [^|]* \\| ([^|]*) \\|").matcher(readme);
        Set<String> names = new TreeSet<>();
        while (row.find()) {
            if (Set.of(row.group(2).trim().split(",\\s*")).contains(app)) {
                names.add(row.group(1));
            }
        }
        assertThat(names).as("README rows used by %s", app).isNotEmpty();
        return names;
    }
}
