package dev.leaderboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WrkTest {

    @Test
    void readsTheFiguresFromTheDoneHooksLineAndNotFromTheSummary() {
        String out = """
                Running 2s test @ http://127.0.0.1:44525
                  1 threads and 2 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency     1.52ms    1.62ms  17.08ms   85.81%
                  3293 requests in 2.01s, 1.60MB read
                  Non-2xx or 3xx responses: 1646
                Requests/sec:   1640.83
                RESULT 3293 2000000 831 7552 1646
                """;

        BoardLoadBench.Result result = Wrk.result(out);

        assertThat(result).isEqualTo(new BoardLoadBench.Result(3293, 1646.5, 0.831, 7.552, 1646));
    }

    @Test
    void failsNamingTheMissingLineWhenWrkPrintedNoResult() {
        assertThatThrownBy(() -> Wrk.result("unable to connect to 127.0.0.1:1 Connection refused\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no RESULT line in wrk's output");
    }
}
