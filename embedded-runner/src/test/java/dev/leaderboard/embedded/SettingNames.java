package dev.leaderboard.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The environment variables a module's main code reads, found in its source as the apps name them. */
final class SettingNames {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    /**
     * {@code settings.text("NAME", ...)}, {@code helper(settings, "NAME")}, {@code System.getenv("NAME")},
     * picocli's {@code ${env:NAME}}, logback's {@code ${NAME:-default}}.
     */
    private static final Pattern READ = Pattern.compile(
            "(?:\\.(?:text|required|intInRange|longInRange|millis|path|choice)\\(\\s*|getenv\\(\\)\\.getOrDefault\\(\\s*|getenv\\(\\s*)\"([A-Z][A-Z0-9_]+)\""
                    // helpers that take the settings and a name: httpUrl(settings, "ADX_CLUSTER_URL")
                    + "|\\(\\s*settings\\s*,\\s*\"([A-Z][A-Z0-9_]+)\""
                    // a constant naming a variable: static final String BOOTSTRAP_ENV = "BOOTSTRAP_SERVERS"
                    + "|_ENV\\s*=\\s*\"([A-Z][A-Z0-9_]+)\""
                    + "|\\$\\{env:([A-Z][A-Z0-9_]+)"
                    // logback.xml: ${LOG_LEVEL:-INFO}
                    + "|\\$\\{([A-Z][A-Z0-9_]+):-");

    private SettingNames() {
    }

    static Set<String> readBy(String... modules) {
        Set<String> names = new TreeSet<>();
        for (String module : modules) {
            Path sources = REPOSITORY.resolve(module).resolve("src/main");
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(file -> file.toString().endsWith(".java") || file.toString().endsWith("logback.xml"))
                        .forEach(file -> names.addAll(namesIn(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static Set<String> namesIn(Path file) {
        try {
            Matcher matcher = READ.matcher(Files.readString(file));
            Set<String> names = new TreeSet<>();
            while (matcher.find()) {
                for (int group = 1; group <= matcher.groupCount(); group++) {
                    if (matcher.group(group) != null) {
                        names.add(matcher.group(group));
                    }
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
