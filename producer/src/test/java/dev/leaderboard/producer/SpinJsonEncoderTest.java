package dev.leaderboard.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.gameplay.GamePlayJson;
import org.junit.jupiter.api.Test;

class SpinJsonEncoderTest {

    @Test
    void writesExactlyTheBytesOfTheSharedJsonWriter() {
        SpinJsonEncoder encoder = new SpinJsonEncoder();
        SplittableRandom random = new SplittableRandom(1);
        Instant time = Instant.parse("1999-12-31T23:59:58.999990Z");
        for (int i = 0; i < 200_000; i++) {
            // Times step by random microseconds across second, day and year boundaries.
            time = time.plusNanos(random.nextLong(0, 20_000) * 1_000L);
            GamePlay spin = new GamePlay(random.nextInt(1, Integer.MAX_VALUE), random.nextInt(1, 100), random.nextInt(1, 10_000),
                    random.nextInt(4) == 0 ? 0 : random.nextLong(0, Long.MAX_VALUE), time);
            assertThat(encoder.encode(spin)).isEqualTo(GamePlayJson.toJson(spin));
        }
    }

    @Test
    void writesTheBlogsExample() {
        GamePlay spin = new GamePlay(108, 15, 285, 0, Instant.parse("2023-02-26T03:56:10.339232Z"));

        assertThat(new String(new SpinJsonEncoder().encode(spin), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                "{\"playerId\":108,\"gameId\":15,\"stake\":285,\"win\":0,\"eventTime\":\"2023-02-26 03:56:10.339232\"}");
    }
}
