package dev.leaderboard.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Apache Kafka node (KRaft, broker and controller combined) running inside this JVM.
 * Its log lives under a folder the caller owns, so a restart with the same folder keeps the data.
 * Kafka keeps JMX and metrics registries global: start at most one per JVM.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int BIND_ATTEMPTS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats the folder if it is new, starts the node and returns once a client sees it.
     * Port 0 picks free ports, retrying when another process takes one between probe and bind.
     */
    public static EmbeddedKafkaBroker start(BrokerSettings settings) {
        int attempts = settings.port() == 0 ? BIND_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            int[] ports = settings.port() == 0 ? freePorts(settings.host(), 2)
                    : new int[] {settings.port(), freePortBut(settings.host(), settings.port())};
            int port = ports[0];
            int controllerPort = ports[1];
            try {
                return startOn(settings, port, controllerPort);
            } catch (RuntimeException e) {
                if (!causedByBind(e) || attempt >= attempts) {
                    throw e;
                }
                log.info("Port {} or {} was taken before the broker bound it; retrying", port, controllerPort);
            }
        }
    }

    private static EmbeddedKafkaBroker startOn(BrokerSettings settings, int port, int controllerPort) {
        long started = System.nanoTime();
        Properties props = serverProperties(settings, port, controllerPort);
        formatStorageIfNew(settings.dataDir(), props);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
        String bootstrap = settings.host() + ":" + port;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap);
        broker.awaitReady();
        log.info("Kafka broker (KRaft, in-process) ready on {} in {} ms, data in {}",
                bootstrap, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), settings.dataDir());
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka broker on {} stopped", bootstrapServers);
    }

    static final int DEDUPE_BUFFER_BYTES = 16 * 1024 * 1024;

    private static Properties serverProperties(BrokerSettings settings, int port, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@" + settings.host() + ":" + controllerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listeners", "PLAINTEXT://" + settings.host() + ":" + port
                + ",CONTROLLER://" + settings.host() + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + settings.host() + ":" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", settings.dataDir().toAbsolutePath().toString());
        // A single node: every internal topic must fit on one replica, or consumers wait forever.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // A new consumer group would otherwise wait 3 s for more members that never come.
        props.put("group.initial.rebalance.delay.ms", "0");
        // 50 partitions of __consumer_offsets cost seconds at the first group, for nothing on one node.
        props.put("offsets.topic.num.partitions", "4");
        // The log cleaner (compacted `players` and __consumer_offsets) holds its key map on the heap for good:
        // 128 MiB by default, more than a third of the runner's -Xmx320m. 16 MiB holds about 600,000 keys per pass.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(DEDUPE_BUFFER_BYTES));
        props.putAll(settings.overrides());
        return props;
    }

    /** What `kafka-storage.sh format` does, once: a new folder gets a cluster id, a used one keeps its own. */
    private static void formatStorageIfNew(Path dataDir, Properties props) {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            Path configFile = Files.createTempFile("embedded-kafka", ".properties");
            try (OutputStream out = Files.newOutputStream(configFile)) {
                props.store(out, "embedded-kafka");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exitCode = StorageTool.execute(new String[] {
                    "format", "-t", Uuid.randomUuid().toString(),
                    "-c", configFile.toString()},
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            Files.deleteIfExists(configFile);
            if (exitCode != 0) {
                throw new IllegalStateException("Formatting Kafka storage in " + dataDir + " failed: "
                        + output.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare Kafka storage in " + dataDir, e);
        }
    }

    private void awaitReady() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Kafka broker on " + bootstrapServers + " did not become ready", e);
        }
    }

    /**
     * As many distinct free ports: each probe socket stays bound until all are taken, so that the system cannot
     * hand the same port out twice (two listeners on one port would fail the broker's start, not with a bind error).
     */
    static int[] freePorts(String host, int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(host, 0));
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException("No free port on " + host, e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    log.debug("Closing a port probe failed", e);
                }
            }
        }
    }

    /** A free port other than {@code taken}, which the broker's own listener is given. */
    private static int freePortBut(String host, int taken) {
        while (true) {
            int port = freePorts(host, 1)[0];
            if (port != taken) {
                return port;
            }
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }
}
