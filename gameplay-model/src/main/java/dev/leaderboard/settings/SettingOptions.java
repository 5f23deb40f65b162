package dev.leaderboard.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The apps' command lines: each setting is an option whose parameter label is its environment variable
 * ({@code --topic=INGEST_TOPIC}) and whose default comes from that variable, so {@code --help} lists every
 * setting with the value it would use. The parsed options become {@link Settings}, and each app's config
 * record validates them as before: a bad value exits 2 naming the variable.
 */
public final class SettingOptions {

    private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]+");

    private SettingOptions() {
    }

    /** The options of {@code spec} and its mixins that name a variable, as the settings they set. */
    public static Settings settings(CommandSpec spec) {
        Map<String, String> values = new HashMap<>();
        for (OptionSpec option : spec.options()) {
            Object value = option.getValue();
            if (VARIABLE.matcher(option.paramLabel()).matches() && value != null) {
                values.put(option.paramLabel(), value.toString());
            }
        }
        return new Settings(values);
    }

    /**
     * A command line for an app: a bad setting found while running is reported as {@code Bad configuration:
     * ...} on stderr with exit code 2, as picocli reports a bad option.
     */
    public static CommandLine commandLine(Object command) {
        CommandLine line = new CommandLine(command);
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            if (e instanceof Settings.InvalidSettingException) {
                failed.getErr().println("Bad configuration: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return line;
    }

    /** {@code --version}: the project's version, written into the jar at build time. */
    public static final class ProjectVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"leaderboard " + version()};
        }

        public static String version() {
            try (InputStream in = SettingOptions.class.getResourceAsStream("version.txt")) {
                if (in == null) {
                    throw new IllegalStateException("version.txt missing from the build");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
