package dev.leaderboard.kafka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class TestKafkaTest {

    @Test
    void startsTheBrokerImageOfTheKafkaVersionTheClientsRun() throws Exception {
        Properties clients = new Properties();
        try (InputStream in = Admin.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            clients.load(in);
        }

        assertThat(TestKafka.KAFKA_IMAGE).isEqualTo("apache/kafka:" + clients.getProperty("version"));
    }
}
