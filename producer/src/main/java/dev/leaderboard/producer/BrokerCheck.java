package dev.leaderboard.producer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;

/**
 * Asks the cluster for its nodes before anything is sent, so a wrong bootstrap address is a clear error
 * within a bounded time instead of sends that hang and then fail one by one.
 */
public final class BrokerCheck {

    private BrokerCheck() {
    }

    /** @throws BrokerUnreachableException saying which address did not answer and how to change it */
    public static void requireReachable(String bootstrapServers, Duration timeout) {
        int timeoutMs = (int) timeout.toMillis();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs))) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes()
                    .get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(bootstrapServers, timeout);
        } catch (KafkaException e) {
            // e.g. a host name that does not resolve: the client refuses to start at all.
            throw new BrokerUnreachableException("Cannot connect to Kafka at " + bootstrapServers + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                    + " (set -b/--bootstrap or BOOTSTRAP_SERVERS)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(bootstrapServers, timeout);
        }
    }

    private static BrokerUnreachableException unreachable(String bootstrapServers, Duration timeout) {
        return new BrokerUnreachableException("Kafka at " + bootstrapServers + " did not answer within "
                + timeout.toSeconds() + " s (set -b/--bootstrap or BOOTSTRAP_SERVERS)");
    }

    /** No broker answered at the configured address. */
    public static final class BrokerUnreachableException extends RuntimeException {
        BrokerUnreachableException(String message) {
            super(message);
        }
    }
}
