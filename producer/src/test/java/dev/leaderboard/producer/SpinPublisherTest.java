package dev.leaderboard.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import dev.leaderboard.gameplay.GamePlayJson;
import dev.leaderboard.gameplay.ParsedGamePlay;
import dev.leaderboard.kafka.testing.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(topic, 1_000);
        assertThat(records).hasSize(1_000).allSatisfy(record -> {
            ParsedGamePlay parsed = GamePlayJson.parse(record.value());
            assertThat(parsed).isInstanceOfSatisfying(ParsedGamePlay.Valid.class,
                    valid -> assertThat(record.key()).isEqualTo(Integer.toString(valid.gamePlay().playerId())));
        });
    }

    @Test
    void stopsAtTheEndOfItsDurationWithEverySpinAccountedFor() throws Exception {
        String topic = TestKafka.newTopic("gameplay", 1);
        SpinPublisher publisher = new SpinPublisher(new SpinSender(TestKafka.bootstrapServers(), topic),
                new BlogGameModel(10, new Random(4), Clock.systemUTC()),
                new RatePlan(500, Long.MAX_VALUE, Optional.of(Duration.ofSeconds(1))));

        publisher.run();
        publisher.close();

        assertThat(publisher.sent()).isPositive();
        assertThat(publisher.acknowledged()).isEqualTo(publisher.sent());
        assertThat(publisher.failed()).isZero();
        assertThat(TopicReader.readAll(topic, (int) publisher.sent())).hasSize((int) publisher.sent());
    }
}
