package dev.leaderboard.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.leaderboard.kafka.testing.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ProducerCliTest {

    /** The blog's value, field by field, in its order: ranges are checked by BlogGameModelTest. */
    private static final Pattern BLOG_JSON = Pattern.compile(
            "\\{\"playerId\":(1[01]\\d),\"gameId\":1[0-5],\"stake\":\\d+,\"win\":\\d+,"
                    + "\"eventTime\":\"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}\"}");

    @Test
    void loopModeSendsTheRequestedEventsInTheBlogsFormat() {
        String topic = TestKafka.newTopic("gameplay", 4);

        Cli cli = Cli.run("-t", topic, "-b", TestKafka.bootstrapServers(), "-l", "-e", "5", "-m", "0", "-x", "0", "-p", "2");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("Finished publishing: 5 messages.");
        // The first acknowledged event and every second one are printed, as the blog's generator did.
        assertThat(cli.out().lines().filter(line -> line.startsWith("Message produced: ")).count()).isEqualTo(3);
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(topic, 5);
        assertThat(records).hasSize(5).allSatisfy(record -> {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            var matcher = BLOG_JSON.matcher(value);
            assertThat(matcher.matches()).as(value).isTrue();
            assertThat(record.key()).isEqualTo(matcher.group(1));
        });
    }

    @Test
    void interactiveModeSendsOneEventPerYAndStopsAtN() {
        String topic = TestKafka.newTopic("gameplay", 1);

        Cli cli = Cli.runWith(Map.of(), "Y\nmaybe\nY\nN\nY\n", "-t", topic, "-b", TestKafka.bootstrapServers());

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out().lines().filter(line -> line.startsWith("Message produced: {\"playerId\":")).count())
                .isEqualTo(2);
        assertThat(TopicReader.readAll(topic, 2)).hasSize(2);
    }

    @Test
    void bootstrapServersFromTheEnvironmentOverrideTheFlag() {
        String topic = TestKafka.newTopic("gameplay", 1);

        Cli cli = Cli.runWith(Map.of("BOOTSTRAP_SERVERS", TestKafka.bootstrapServers()), "",
                "-t", topic, "-b", "127.0.0.1:1", "-l", "-e", "3", "-m", "0", "-x", "0", "--connect-timeout", "2s");

        assertThat(cli.exitCode()).isZero();
        assertThat(TopicReader.readAll(topic, 3)).hasSize(3);
    }

    @Test
    void rateModeSendsExactlyTheRequestedCountWithNoFailure() {
        String topic = TestKafka.newTopic("gameplay", 4);

        Cli cli = Cli.run("-t", topic, "-b", TestKafka.bootstrapServers(), "--rate", "20000", "-e", "3000",
                "--model", "realistic", "-u", "1000", "--seed", "9");

        assertThat(cli.exitCode()).isZero();
        assertThat(TopicReader.readAll(topic, 3_000)).hasSize(3_000);
    }

    @Test
    void profilesLandOnThePlayersTopicKeyedByPlayerId() {
        String topic = TestKafka.newTopic("gameplay", 1);
        String players = TestKafka.newTopic("players", 1);

        Cli cli = Cli.run("-t", topic, "-b", TestKafka.bootstrapServers(), "-l", "-e", "1", "-m", "0", "-x", "0",
                "-u", "4", "--profiles", "--players-topic", players);

        assertThat(cli.exitCode()).isZero();
        List<ConsumerRecord<String, byte[]>> profiles = TopicReader.readAll(players, 5);
        assertThat(profiles).extracting(ConsumerRecord::key).containsExactly("100", "101", "102", "103", "104");
        assertThat(profiles).allSatisfy(record -> assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .matches("\\{\"playerId\":" + record.key() + ",\"name\":\"[^\"]+\",\"country\":\"[^\"]+\","
                        + "\"updatedAt\":\"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}\"}"));
    }

    @Test
    void debugConsumerPrintsTheFirstAndEveryNthMessage() {
        String topic = TestKafka.newTopic("gameplay", 1);
        Cli.run("-t", topic, "-b", TestKafka.bootstrapServers(), "-l", "-e", "6", "-m", "0", "-x", "0");

        Cli cli = Cli.run("consume", "-t", topic, "-b", TestKafka.bootstrapServers(), "-p", "3", "--max-messages", "6");

        assertThat(cli.exitCode()).isZero();
        // Messages 1, 3 and 6.
        assertThat(cli.out().lines().filter(line -> line.startsWith("Received message: {\"playerId\":")).count())
                .isEqualTo(3);
    }

    @Test
    void badFlagsGiveUsageNamingTheFlagAndExitCode2() {
        assertUsageError(Cli.run("-b", "x"), "--topic");
        assertUsageError(Cli.run("-t", "t", "--bogus"), "--bogus");
        assertUsageError(Cli.run("-t", "t", "-u", "ten"), "--users");
        assertUsageError(Cli.run("-t", "t", "-u", "-1"), "-u/--users");
        assertUsageError(Cli.run("-t", "t", "-l", "-m", "900", "-x", "100"), "-m/--min_latency");
        assertUsageError(Cli.run("-t", "t", "-l", "-p", "0"), "-p/--print_n_msg");
        assertUsageError(Cli.run("-t", "t", "--rate", "0"), "--rate");
        assertUsageError(Cli.run("-t", "t", "--rate", "10", "-m", "5"), "-m/--min_latency");
        assertUsageError(Cli.run("-t", "t", "--duration", "5s"), "--duration");
        assertUsageError(Cli.run("-t", "t", "--rate", "10", "--duration", "soon"), "--duration");
        assertUsageError(Cli.run("-t", "t", "--model", "casino"), "--model");
        assertUsageError(Cli.run("consume", "-p", "2"), "--topic");
    }

    @Test
    void anUnreachableBootstrapIsAClearErrorNotAHang() {
        Cli cli = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Cli.run("-t", "gameplay", "-b", "127.0.0.1:1", "-l", "--connect-timeout", "2s"));

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("Kafka at 127.0.0.1:1 did not answer within 2 s (set -b/--bootstrap or BOOTSTRAP_SERVERS)");
    }

    private static void assertUsageError(Cli cli, String flag) {
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err().lines().findFirst()).as(cli.err()).hasValueSatisfying(line -> assertThat(line).contains(flag));
        assertThat(cli.err()).contains("Usage: game-simulator");
    }
}
