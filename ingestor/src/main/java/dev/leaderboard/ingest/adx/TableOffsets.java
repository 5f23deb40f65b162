package dev.leaderboard.ingest.adx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.microsoft.azure.kusto.data.Client;
import com.microsoft.azure.kusto.data.ClientFactory;
import com.microsoft.azure.kusto.data.ClientRequestProperties;
import com.microsoft.azure.kusto.data.KustoResultSetTable;
import org.apache.kafka.common.TopicPartition;

/**
 * Where each partition's rows end in the ingestor's table, as ADX itself says: every row carries its
 * Kafka topic, partition and offset, so the offset after the highest one stored is the offset to read
 * next ({@code next-offsets.kql}). The DuckDB sink keeps the same fact in a table of its own.
 */
final class TableOffsets {

    private static final String NEXT_OFFSETS = kql("next-offsets.kql");

    private final Client client;
    private final String database;
    private final String table;
    private final long timeoutMillis;

    TableOffsets(AdxSinkConfig config) throws URISyntaxException {
        this.client = ClientFactory.createClient(KustoConnections.forUrl(config.clusterUrl(), config),
                KustoConnections.httpProperties(config));
        this.database = config.database();
        this.table = config.table();
        this.timeoutMillis = config.ingestTimeout().toMillis();
    }

    /** The next offset per partition that has rows in the table; partitions without rows are absent. */
    Map<TopicPartition, Long> nextOffsets(Collection<TopicPartition> partitions) throws Exception {
        Set<String> topics = new TreeSet<>();
        partitions.forEach(p -> topics.add(p.topic()));
        Map<TopicPartition, Long> next = new HashMap<>();
        for (String topic : topics) {
            ClientRequestProperties properties = new ClientRequestProperties();
            properties.setTimeoutInMilliSec(timeoutMillis);
            properties.setApplication("leaderboard-ingestor");
            properties.setParameter("table_name", table);
            properties.setParameter("topic", topic);
            KustoResultSetTable rows = client.executeQuery(database, NEXT_OFFSETS, properties).getPrimaryResults();
            while (rows.next()) {
                TopicPartition partition = new TopicPartition(topic, rows.getInt("SourcePartition"));
                if (partitions.contains(partition)) {
                    next.put(partition, rows.getLong("NextOffset"));
                }
            }
        }
        return next;
    }

    private static String kql(String name) {
        try (InputStream in = TableOffsets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing KQL resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
