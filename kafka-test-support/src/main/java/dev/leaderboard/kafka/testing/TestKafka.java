package dev.leaderboard.kafka.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.leaderboard.kafka.embedded.BrokerSettings;
import dev.leaderboard.kafka.embedded.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker for all tests of a JVM: a Testcontainers {@code apache/kafka} container when a
 * Docker engine answers, the embedded KRaft broker otherwise. Tests share the broker, never a topic:
 * {@link #newTopic} gives each test its own.
 */
public final class TestKafka {

    private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
    /** The root POM's {@code kafka.version}, through a filtered resource: the container runs what the code runs. */
    static final String KAFKA_IMAGE = kafkaImage();
    /** The Docker check can hang forever on a socket that never answers. */
    private static final long DOCKER_CHECK_SECONDS = 5;
    private static final AtomicInteger TOPIC_SEQUENCE = new AtomicInteger();

    private static String bootstrapServers;

    private TestKafka() {
    }

    private static String kafkaImage() {
        Properties image = new Properties();
        try (InputStream in = TestKafka.class.getResourceAsStream("kafka-image.properties")) {
            image.load(Objects.requireNonNull(in, "kafka-image.properties is missing from the classpath"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return image.getProperty("image");
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = dockerAnswers() ? startContainer() : startEmbedded();
        }
        return bootstrapServers;
    }

    /** Creates a topic no other test uses, named after the caller's purpose. */
    public static String newTopic(String purpose, int partitions) {
        String name = purpose + "-" + TOPIC_SEQUENCE.incrementAndGet() + "-" + System.nanoTime() % 100_000;
        createTopic(name, partitions);
        return name;
    }

    /** Creates the topic and returns once every partition's leader answers, not just once the controller agreed. */
    public static void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            awaitLeaders(admin, name, partitions);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A producer that writes to a partition whose leader is still starting gets NOT_LEADER_OR_FOLLOWER and,
     * when idempotent, may then fail records with OUT_OF_ORDER_SEQUENCE_NUMBER. Asking every partition's
     * leader for its end offset succeeds only once the leaders serve requests.
     */
    private static void awaitLeaders(Admin admin, String topic, int partitions)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("Partitions of " + topic + " have no serving leader after 30 s: " + e);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Reads the topic from the start until {@code expected} records arrived, then polls once more, so that a
     * duplicate beyond the expected count is in the result for the caller's exact assertion to see.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readFromStart(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }

    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    private static boolean dockerAnswers() {
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "docker-check");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<Boolean> available = executor.submit(() -> DockerClientFactory.instance().isDockerAvailable());
            return available.get(DOCKER_CHECK_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.info("No answer from Docker within {} s", DOCKER_CHECK_SECONDS);
            return false;
        } catch (ExecutionException | RuntimeException e) {
            log.info("Docker check failed: {}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            executor.shutdownNow();
        }
    }

    private static String startContainer() {
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-container-stop"));
        log.info("Tests use Kafka in a container ({}) at {}", KAFKA_IMAGE, container.getBootstrapServers());
        return container.getBootstrapServers();
    }

    private static String startEmbedded() {
        Path dataDir;
        try {
            Path base = Files.createDirectories(Path.of("target", "test-kafka"));
            dataDir = Files.createTempDirectory(base.toAbsolutePath(), "broker-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.onFreePort(dataDir));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-stop"));
        log.info("No Docker engine: tests use the embedded KRaft broker at {}", broker.bootstrapServers());
        return broker.bootstrapServers();
    }
}
