package dev.leaderboard.kafka.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded broker as a process of its own: {@code EmbeddedKafkaMain DATA_DIR PORT}. The fault
 * harness stops and restarts it on the same folder and port while clients keep running.
 */
public final class EmbeddedKafkaMain {

    private EmbeddedKafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: EmbeddedKafkaMain DATA_DIR PORT");
            System.exit(2);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                new BrokerSettings("127.0.0.1", Integer.parseInt(args[1]), Path.of(args[0]), Map.of()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        stopped.await();
    }
}
