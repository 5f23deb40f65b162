package dev.leaderboard.web.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ingestor that fills the store, as {@code /health} reports it when it runs in the same process (the
 * one-JVM runner): whether it still ingests, and its fields (state, reason, lag, counts) for the JSON.
 */
public record IngestHealth(boolean ingesting, Map<String, Object> fields) {

    public IngestHealth {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
