package dev.leaderboard.embedded;

import java.util.concurrent.CountDownLatch;

import dev.leaderboard.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar embedded-runner/target/embedded-runner.jar}: the whole leaderboard on one machine with
 * no Docker and no Azure. Ctrl-C stops every part cleanly.
 */
public final class EmbeddedRunner {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRunner.class);

    private EmbeddedRunner() {
    }

    public static void main(String[] args) throws Exception {
        RunnerConfig config;
        try {
            config = RunnerConfig.from(Settings.fromEnvironment());
        } catch (Settings.InvalidSettingException e) {
            log.error("Bad configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        EmbeddedSystem system = EmbeddedSystem.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            system.close();
            stopped.countDown();
        }, "shutdown"));
        log.info("Kafka broker on {} (topic {}); any Kafka client can publish there", system.bootstrapServers(),
                config.ingestor().topic());
        log.info("Leaderboard on http://localhost:{}/  (API: /api/leaderboard?limit=10). Ctrl-C stops.",
                system.webPort());
        stopped.await();
    }
}
