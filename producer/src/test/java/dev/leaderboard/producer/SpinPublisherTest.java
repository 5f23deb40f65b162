package dev.leaderboard.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import dev.leaderboard.gameplay.GamePlayJson;
import dev.leaderboard.gameplay.ParsedGamePlay;
import dev.leaderboard.kafka.testing.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class SpinPublisherTest {

    @Test
    void publishesExactlyTheRequestedSpinsKeyedByPlayerInTheBlogsFormat() throws Exception {
        String topic = TestKafka.newTopic("gameplay", 4);
        BlogGameModel model = new BlogGameModel(10, new Random(3), Clock.systemUTC());
        SpinPublisher publisher = new SpinPublisher(TestKafka.bootstrapServers(), topic, model, 2_000, 1_000);

        publisher.run();
        publisher.close();

        assertThat(publisher.acknowledged()).isEqualTo(1_000);
        assertThat(publisher.failed()).isZero();
        List<ConsumerRecord<String, byte[]>> records = readAll(topic, 1_000);
        assertThat(records).hasSize(1_000).allSatisfy(record -> {
            ParsedGamePlay parsed = GamePlayJson.parse(record.value());
            assertThat(parsed).isInstanceOfSatisfying(ParsedGamePlay.Valid.class,
                    valid -> assertThat(record.key()).isEqualTo(Integer.toString(valid.gamePlay().playerId())));
        });
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(Set.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }
}
