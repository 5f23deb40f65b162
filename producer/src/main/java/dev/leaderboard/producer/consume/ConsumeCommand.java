package dev.leaderboard.producer.consume;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.leaderboard.producer.BrokerCheck;
import dev.leaderboard.producer.BrokerCheck.BrokerUnreachableException;
import dev.leaderboard.producer.ProducerMain;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The blog's {@code consumer.py}: reads a topic in group {@code consumer-1} from the earliest offset and
 * prints the first message and every n-th one. Runs until Ctrl-C (or {@code --max-messages}).
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Prints events from a topic, as the blog's debug consumer (group consumer-1, from earliest).")
public final class ConsumeCommand implements Callable<Integer> {

    static final String GROUP_ID = "consumer-1";
    private static final Duration POLL = Duration.ofSeconds(1);

    @ParentCommand
    ProducerMain parent;

    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--topic"}, required = true, description = "Topic to consume from.")
    String topic;

    @Option(names = {"-b", "--bootstrap"}, defaultValue = "localhost:9092",
            description = "Bootstrap servers (default: ${DEFAULT-VALUE}; env BOOTSTRAP_SERVERS overrides).")
    String bootstrap;

    @Option(names = {"-p", "--print_n_msg"}, defaultValue = "1",
            description = "Print every n-th message (default: ${DEFAULT-VALUE}, every message).")
    int printEveryNth;

    @Option(names = "--max-messages", description = "Stop after this many messages (default: until Ctrl-C).")
    Long maxMessages;

    @Override
    public Integer call() {
        if (printEveryNth < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "-p/--print_n_msg must be at least 1, was " + printEveryNth);
        }
        String servers = parent.bootstrapServers(bootstrap);
        PrintWriter out = spec.commandLine().getOut();
        try {
            BrokerCheck.requireReachable(servers, Duration.ofSeconds(10));
        } catch (BrokerUnreachableException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                consumer.wakeup();
                awaitQuietly(done);
            }, "consumer-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("Listening for events on topic: " + topic + ". Press Ctrl-C to exit.");
            out.flush();
            try {
                consumer.subscribe(List.of(topic));
                printUntilStopped(consumer, out);
            } catch (WakeupException stoppedByCtrlC) {
                // Ctrl-C: leave the group cleanly below.
            } finally {
                done.countDown();
                removeQuietly(hook);
            }
        }
        return CommandLine.ExitCode.OK;
    }

    private void printUntilStopped(KafkaConsumer<String, byte[]> consumer, PrintWriter out) {
        long count = 0;
        long limit = maxMessages == null ? Long.MAX_VALUE : maxMessages;
        while (count < limit) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                count++;
                if (count < 2 || count % printEveryNth == 0) {
                    out.println("Received message: " + new String(record.value(), StandardCharsets.UTF_8));
                }
                if (count == limit) {
                    break;
                }
            }
            out.flush();
        }
        consumer.commitSync();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running: it woke us up.
        }
    }
}
