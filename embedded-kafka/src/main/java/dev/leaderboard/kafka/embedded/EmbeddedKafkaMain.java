package dev.leaderboard.kafka.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.leaderboard.settings.SettingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The embedded broker as a process of its own: {@code EmbeddedKafkaMain DATA_DIR PORT}. The fault
 * harness stops and restarts it on the same folder and port while clients keep running. A bad port
 * exits 2 naming it, as picocli reports any bad argument.
 */
@Command(name = "kafka", mixinStandardHelpOptions = true, versionProvider = SettingOptions.ProjectVersion.class,
        description = "Runs a single-node KRaft Kafka broker until stopped.")
public final class EmbeddedKafkaMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA_DIR", description = "The broker's log folder; kept across restarts.")
    Path dataDir;

    @Parameters(index = "1", paramLabel = "PORT", description = "Its client port; 0 = any free port.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address it binds and advertises (default: ${DEFAULT-VALUE}).")
    String host;

    public static void main(String[] args) {
        System.exit(SettingOptions.commandLine(new EmbeddedKafkaMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "PORT must be in 0..65535, was " + port);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new BrokerSettings(host, port, dataDir, Map.of()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        stopped.await();
        return 0;
    }
}
