package dev.leaderboard.kafka.embedded;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the embedded broker listens and keeps its log.
 *
 * @param host      address to bind and advertise; 127.0.0.1 rather than localhost, which may resolve to ::1
 * @param port      client port; 0 picks a free one
 * @param dataDir   the broker's log folder; reusing it keeps topics and offsets across restarts
 * @param overrides extra broker settings (server.properties keys) applied last
 */
public record BrokerSettings(String host, int port, Path dataDir, Map<String, String> overrides) {

    public BrokerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        overrides = Map.copyOf(overrides);
    }

    public static BrokerSettings onFreePort(Path dataDir) {
        return new BrokerSettings("127.0.0.1", 0, dataDir, Map.of());
    }
}
