package dev.leaderboard.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Reads an app's settings from environment variables, with defaults and bounds. A bad value fails at
 * start-up with the variable's name, what was expected and what was found.
 */
public final class Settings {

    private final Map<String, String> values;

    public Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings fromEnvironment() {
        return new Settings(System.getenv());
    }

    public String text(String name, String defaultValue) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return value.trim();
    }

    /** A setting without a default: missing or blank fails, naming it and saying what it is for. */
    public String required(String name, String purpose) {
        String value = text(name, null);
        if (value == null) {
            throw new InvalidSettingException(name + " is required: " + purpose, name);
        }
        return value;
    }

    /** One of a closed set of lower-case words, e.g. {@code azure-cli}. */
    public <E extends Enum<E>> E choice(String name, E defaultValue, Class<E> type) {
        String value = text(name, null);
        if (value == null) {
            return defaultValue;
        }
        for (E option : type.getEnumConstants()) {
            if (wordOf(option).equals(value)) {
                return option;
            }
        }
        throw new InvalidSettingException(name, "one of " + words(type), value);
    }

    /** The setting's word for an enum constant: {@code AZURE_CLI} is {@code azure-cli}. */
    public static String wordOf(Enum<?> option) {
        return option.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static String words(Class<? extends Enum<?>> type) {
        return java.util.Arrays.stream(type.getEnumConstants()).map(Settings::wordOf)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    public int intInRange(String name, int defaultValue, int min, int max) {
        return Math.toIntExact(longInRange(name, defaultValue, min, max));
    }

    public long longInRange(String name, long defaultValue, long min, long max) {
        String value = text(name, null);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(name, "an integer in " + min + ".." + max, value);
        }
        if (parsed < min || parsed > max) {
            throw new InvalidSettingException(name, "an integer in " + min + ".." + max, value);
        }
        return parsed;
    }

    public Duration millis(String name, long defaultMillis, long minMillis, long maxMillis) {
        return Duration.ofMillis(longInRange(name, defaultMillis, minMillis, maxMillis));
    }

    public Path path(String name, String defaultValue) {
        return Path.of(text(name, defaultValue));
    }

    /** A setting with a value the app cannot use. */
    public static final class InvalidSettingException extends IllegalArgumentException {
        private final String setting;

        public InvalidSettingException(String setting, String expected, String found) {
            super(setting + " must be " + expected + ", was '" + found + "'");
            this.setting = setting;
        }

        public InvalidSettingException(String message, String setting) {
            super(message);
            this.setting = setting;
        }

        public String setting() {
            return setting;
        }
    }
}
