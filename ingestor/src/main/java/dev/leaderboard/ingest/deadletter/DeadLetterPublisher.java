package dev.leaderboard.ingest.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import dev.leaderboard.ingest.batch.RejectedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends rejected records to the dead-letter topic with their original key, value and headers, plus
 * headers saying why and where they came from. Delivery is at-least-once: a batch retried after a crash
 * may send a record twice, and the source headers identify such a copy.
 */
public final class DeadLetterPublisher implements AutoCloseable {

    public static final String REASON_HEADER = "dlq.reason";
    public static final String SOURCE_TOPIC_HEADER = "dlq.source.topic";
    public static final String SOURCE_PARTITION_HEADER = "dlq.source.partition";
    public static final String SOURCE_OFFSET_HEADER = "dlq.source.offset";

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    public DeadLetterPublisher(String bootstrapServers, String topic) {
        this.producer = new KafkaProducer<>(producerConfig(bootstrapServers), new ByteArraySerializer(),
                new ByteArraySerializer());
        this.topic = topic;
    }

    private static Map<String, Object> producerConfig(String bootstrapServers) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                // A dead letter is the only copy of bad input once the source offset is committed.
                ProducerConfig.ACKS_CONFIG, "all",
                // Retries must not reorder or duplicate within one producer session.
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "ingestor-dlq");
    }

    /** Returns once the broker acknowledged every record; throws if any was not. */
    public void publish(List<RejectedRecord> rejected) throws DeadLetterException {
        if (rejected.isEmpty()) {
            return;
        }
        List<Future<?>> sends = new ArrayList<>(rejected.size());
        for (RejectedRecord r : rejected) {
            sends.add(producer.send(toDeadLetter(r)));
        }
        producer.flush();
        for (Future<?> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new DeadLetterException("Dead-letter topic " + topic + " refused a record", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeadLetterException("Interrupted while sending dead letters", e);
            }
        }
    }

    private ProducerRecord<byte[], byte[]> toDeadLetter(RejectedRecord rejected) {
        ConsumerRecord<byte[], byte[]> source = rejected.record();
        RecordHeaders headers = new RecordHeaders();
        for (Header header : source.headers()) {
            headers.add(header);
        }
        headers.add(REASON_HEADER, utf8(rejected.reason()));
        headers.add(SOURCE_TOPIC_HEADER, utf8(source.topic()));
        headers.add(SOURCE_PARTITION_HEADER, utf8(Integer.toString(source.partition())));
        headers.add(SOURCE_OFFSET_HEADER, utf8(Long.toString(source.offset())));
        return new ProducerRecord<>(topic, null, source.key(), source.value(), headers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }

    /** The dead-letter topic did not take a record; the batch must not be committed. */
    public static final class DeadLetterException extends Exception {
        DeadLetterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
