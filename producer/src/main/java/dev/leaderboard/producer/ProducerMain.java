package dev.leaderboard.producer;

import java.time.Clock;
import java.util.Random;
import java.util.concurrent.Callable;

import dev.leaderboard.gameplay.GamePlayTopics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The game simulator's command line: blog-compatible topic and bootstrap flags, plus a steady rate. */
@Command(name = "game-simulator", mixinStandardHelpOptions = true,
        description = "Publishes slot-game spins (the blog's event format) to Kafka.")
public final class ProducerMain implements Callable<Integer> {

    @Option(names = {"-t", "--topic"}, defaultValue = GamePlayTopics.GAMEPLAY, description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = {"-b", "--bootstrap"}, defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}; env BOOTSTRAP_SERVERS overrides).")
    String bootstrap;

    @Option(names = {"-u", "--users"}, defaultValue = "10", description = "Players are 100..100+users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--rate", defaultValue = "20", description = "Events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = {"-e", "--events"}, description = "Stop after this many events (default: run until Ctrl-C).")
    Long events;

    @Override
    public Integer call() throws Exception {
        String servers = System.getenv().getOrDefault("BOOTSTRAP_SERVERS", bootstrap);
        BlogGameModel model = new BlogGameModel(users, new Random(), Clock.systemUTC());
        SpinPublisher publisher = new SpinPublisher(servers, topic, model, rate, events == null ? Long.MAX_VALUE : events);
        Runtime.getRuntime().addShutdownHook(new Thread(publisher::close, "simulator-shutdown"));
        publisher.run();
        return publisher.failed() == 0 ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProducerMain()).execute(args));
    }
}
