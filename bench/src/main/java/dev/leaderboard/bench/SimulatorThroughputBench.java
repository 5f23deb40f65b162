package dev.leaderboard.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.leaderboard.gameplay.GamePlayJson;
import dev.leaderboard.kafka.embedded.BrokerSettings;
import dev.leaderboard.kafka.embedded.EmbeddedKafkaBroker;
import dev.leaderboard.producer.GameModel;
import dev.leaderboard.producer.RatePlan;
import dev.leaderboard.producer.SpinPublisher;
import dev.leaderboard.producer.SpinSender;
import dev.leaderboard.producer.realistic.RealisticGameModel;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * The simulator's throughput into the embedded broker, against Kafka's own producer performance tool on
 * the same broker in the same run: same producer settings ({@link SpinSender#producerConfig}), payloads
 * that are the simulator's own JSON spins, keys of the same size. Rounds alternate so drift shows. Then
 * how closely the simulator holds a paced rate of 50,000 spins/s.
 */
public final class SimulatorThroughputBench {

    private static final int PARTITIONS = 4;
    private static final int ROUNDS = 3;
    private static final int USERS = 10_000;
    private static final Pattern PERF_TOTAL = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec");

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        double pacedRate = args.length > 1 ? Double.parseDouble(args[1]) : 50_000;
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target")).toAbsolutePath(), "simulator-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.onFreePort(work.resolve("kafka")))) {
            String bootstrap = broker.bootstrapServers();
            Path payloads = writeSimulatorPayloads(work.resolve("payloads.txt"));
            System.out.printf("payloads: the simulator's JSON, mean %.1f bytes; %,d events per run, %d partitions%n",
                    meanLineLength(payloads), events, PARTITIONS);

            // Every topic up front, and settled: a topic used the moment it is created answers NOT_LEADER first.
            List<String> topics = new ArrayList<>();
            for (int round = 0; round <= ROUNDS; round++) {
                topics.add("perf-" + round);
                topics.add("sim-" + round);
            }
            topics.add("paced");
            createTopics(bootstrap, topics);

            // Round 0 warms up the JIT and the broker for both and is not counted.
            double perfSum = 0;
            double simulatorSum = 0;
            for (int round = 0; round <= ROUNDS; round++) {
                double perf = producerPerformance(bootstrap, "perf-" + round, events, payloads);
                double simulator = simulatorAtFullSpeed(bootstrap, "sim-" + round, events);
                System.out.printf("%s: ProducerPerformance %,.0f records/s, simulator %,.0f spins/s (%.2f)%n",
                        round == 0 ? "warm-up" : "round " + round, perf, simulator, simulator / perf);
                if (round > 0) {
                    perfSum += perf;
                    simulatorSum += simulator;
                }
            }
            System.out.printf("%nresult: simulator %,.0f spins/s = %.2f x ProducerPerformance (%,.0f records/s), mean of %d rounds%n",
                    simulatorSum / ROUNDS, simulatorSum / perfSum, perfSum / ROUNDS, ROUNDS);

            pacedRun(bootstrap, "paced", pacedRate, 10);
        }
    }

    private static double simulatorAtFullSpeed(String bootstrap, String topic, int events) {
        SpinPublisher publisher = new SpinPublisher(new SpinSender(bootstrap, topic), model(1),
                new RatePlan(1e12, events, Optional.empty()));
        publisher.run();
        publisher.close();
        if (publisher.failed() > 0) {
            throw new IllegalStateException(publisher.failed() + " sends failed");
        }
        return publisher.acknowledged() / (publisher.elapsed().toNanos() / 1e9);
    }

    private static void pacedRun(String bootstrap, String topic, double rate, int seconds) {
        SpinPublisher publisher = new SpinPublisher(new SpinSender(bootstrap, topic), model(2),
                new RatePlan(rate, (long) (rate * seconds), Optional.empty()));
        publisher.run();
        publisher.close();
        double achieved = publisher.acknowledged() / (publisher.elapsed().toNanos() / 1e9);
        System.out.printf("paced: target %,.0f spins/s for %d s -> %,d acknowledged in %.2f s = %,.0f spins/s (%.3f of target), %d failed%n",
                rate, seconds, publisher.acknowledged(), publisher.elapsed().toNanos() / 1e9, achieved, achieved / rate,
                publisher.failed());
    }

    /** Runs Kafka's tool in this JVM and reads its closing line (it prints to standard output). */
    private static double producerPerformance(String bootstrap, String topic, int events, Path payloads) throws Exception {
        List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records", Integer.toString(events),
                "--throughput", "-1", "--payload-file", payloads.toString(),
                "--key-distribution", "random", "--record-key-range", Integer.toString(USERS + 1),
                "--reporting-interval", "60000", "--command-property"));
        for (Map.Entry<String, Object> setting : SpinSender.producerConfig(bootstrap).entrySet()) {
            if (!setting.getKey().equals(ProducerConfig.CLIENT_ID_CONFIG)) {
                args.add(setting.getKey() + "=" + setting.getValue());
            }
        }
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(console, captured), true, StandardCharsets.UTF_8));
        try {
            ProducerPerformance.main(args.toArray(String[]::new));
        } finally {
            System.setOut(console);
        }
        Matcher total = PERF_TOTAL.matcher(captured.toString(StandardCharsets.UTF_8));
        double recordsPerSecond = -1;
        while (total.find()) {
            recordsPerSecond = Double.parseDouble(total.group(2));
        }
        if (recordsPerSecond < 0) {
            throw new IllegalStateException("ProducerPerformance printed no total");
        }
        return recordsPerSecond;
    }

    private static Path writeSimulatorPayloads(Path file) throws IOException {
        GameModel model = model(3);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            lines.add(new String(GamePlayJson.toJson(model.nextSpin()), StandardCharsets.UTF_8));
        }
        return Files.write(file, lines);
    }

    private static double meanLineLength(Path file) throws IOException {
        return Files.readAllLines(file).stream().mapToInt(String::length).average().orElse(0);
    }

    private static GameModel model(long seed) {
        return new RealisticGameModel(USERS, new SplittableRandom(seed), Clock.systemUTC());
    }

    private static void createTopics(String bootstrap, List<String> names) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(names.stream().map(name -> new NewTopic(name, PARTITIONS, (short) 1)).toList()).all().get();
            for (String name : names) {
                while (admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().stream()
                        .anyMatch(partition -> partition.leader() == null)) {
                    Thread.sleep(100);
                }
            }
        }
        Thread.sleep(2_000);
    }

    /** Writes to the console and to a buffer. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
