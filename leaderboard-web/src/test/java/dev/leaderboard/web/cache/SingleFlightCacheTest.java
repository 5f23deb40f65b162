package dev.leaderboard.web.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.leaderboard.web.board.BoardUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class SingleFlightCacheTest {

    private static final Duration TTL = Duration.ofSeconds(1);

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void loadsAKeyAgainOnlyAfterTheTtl() throws Exception {
        SingleFlightCache<String, String> cache = cache(key -> key + "#" + loads.incrementAndGet(), Runnable::run);

        assertThat(cache.get("a")).isEqualTo("a#1");
        now.addAndGet(TTL.toNanos() - 1);
        assertThat(cache.get("a")).isEqualTo("a#1");
        assertThat(cache.get("b")).isEqualTo("b#2");
        now.addAndGet(1);
        assertThat(cache.get("a")).as("the caller that starts the reload gets the previous value").isEqualTo("a#1");
        assertThat(cache.get("a")).isEqualTo("a#3");
        assertThat(loads).hasValue(3);
    }

    @Test
    void answersFromThePreviousValueWhileAReloadRunsInTheBackground() throws Exception {
        CountDownLatch reloadMayFinish = new CountDownLatch(1);
        ExecutorService refresher = Executors.newSingleThreadExecutor();
        SingleFlightCache<String, String> cache = cache(key -> {
            int n = loads.incrementAndGet();
            if (n == 2) {
                waitFor(reloadMayFinish);
            }
            return "v" + n;
        }, refresher);
        cache.get("k");
        now.addAndGet(TTL.toNanos());

        assertThat(cache.get("k")).isEqualTo("v1");
        await().until(() -> loads.get() == 2);
        assertThat(cache.get("k")).isEqualTo("v1");
        assertThat(cache.get("k")).isEqualTo("v1");
        reloadMayFinish.countDown();

        await().until(() -> cache.get("k").equals("v2"));
        assertThat(loads).hasValue(2);
        refresher.shutdownNow();
    }

    @Test
    void aFailedReloadDropsThePreviousValueSoTheNextCallerLoadsAndSeesTheError() throws Exception {
        SingleFlightCache<String, String> cache = cache(key -> {
            int n = loads.incrementAndGet();
            if (n == 2 || n == 3) {
                throw new BoardUnavailableException("store down", null);
            }
            return "v" + n;
        }, Runnable::run);
        cache.get("k");
        now.addAndGet(TTL.toNanos());

        assertThat(cache.get("k")).as("the reload fails behind this answer").isEqualTo("v1");
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(BoardUnavailableException.class).hasMessage("store down");
        assertThat(cache.get("k")).isEqualTo("v4");
        assertThat(loads).hasValue(4);
    }

    @Test
    void doesNotKeepAFailureSoTheNextCallerLoadsAgain() throws Exception {
        SingleFlightCache<String, String> cache = cache(key -> {
            if (loads.incrementAndGet() == 1) {
                throw new BoardUnavailableException("store down", null);
            }
            return "back";
        }, Runnable::run);

        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(BoardUnavailableException.class).hasMessage("store down");
        assertThat(cache.get("k")).isEqualTo("back");
        assertThat(loads).hasValue(2);
    }

    private SingleFlightCache<String, String> cache(SingleFlightCache.Loader<String, String> loader, Executor refresher) {
        return new SingleFlightCache<>("test", loader, refresher, TTL, now::get, new SimpleMeterRegistry());
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
