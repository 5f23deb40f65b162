package dev.leaderboard.bench.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.leaderboard.ingest.IngestorMain;
import dev.leaderboard.kafka.embedded.EmbeddedKafkaMain;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One scenario's world: a folder, a Kafka broker in its own process on a fixed port (so it can be
 * restarted in place), the topics, and ingestor processes on one DuckDB file.
 */
final class Workspace implements AutoCloseable {

    static final String TOPIC = "gameplay";
    static final String DLQ = "gameplay.dlq";
    static final String GROUP = "chaos-ingestor";

    final Path folder;
    final Path duckDbFile;
    final String bootstrap;
    final ChildJvm broker;

    Workspace(String scenario) throws Exception {
        folder = Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target", "chaos")).toAbsolutePath(),
                scenario + "-");
        duckDbFile = folder.resolve("leaderboard.duckdb");
        int port = freePort();
        bootstrap = "127.0.0.1:" + port;
        broker = new ChildJvm("broker", EmbeddedKafkaMain.class,
                List.of(folder.resolve("kafka").toString(), Integer.toString(port)), Map.of(), folder);
        startBroker();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1), new NewTopic(DLQ, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    void startBroker() throws Exception {
        broker.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("broker did not start; see " + folder.resolve("broker.log"), e);
                }
                Thread.sleep(250);
            }
        }
    }

    ChildJvm ingestor(String name) {
        return new ChildJvm(name, IngestorMain.class, List.of(), Map.of(
                "BOOTSTRAP_SERVERS", bootstrap,
                "INGEST_TOPIC", TOPIC,
                "INGEST_DLQ_TOPIC", DLQ,
                "INGEST_GROUP_ID", GROUP,
                // A restarted process takes its partitions back at once (static membership).
                "INGEST_INSTANCE_ID", name,
                "DUCKDB_PATH", duckDbFile.toString()), folder);
    }

    Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 5_000,
                "default.api.timeout.ms", 10_000));
    }

    void awaitDrained(Duration patience) throws Exception {
        Checks.awaitLagZero(bootstrap, GROUP, TOPIC, patience);
    }

    @Override
    public void close() throws Exception {
        if (broker.isAlive()) {
            broker.stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
