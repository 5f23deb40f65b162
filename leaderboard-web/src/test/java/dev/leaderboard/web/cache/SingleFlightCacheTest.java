package dev.leaderboard.web.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
        SingleFlightCache<String, String> cache = cache(key -> key + "#" + loads.incrementAndGet());

        assertThat(cache.get("a")).isEqualTo("a#1");
        now.addAndGet(TTL.toNanos() - 1);
        assertThat(cache.get("a")).isEqualTo("a#1");
        assertThat(cache.get("b")).isEqualTo("b#2");
        now.addAndGet(1);
        assertThat(cache.get("a")).isEqualTo("a#3");
        assertThat(loads).hasValue(3);
    }

    @Test
    void servesThePreviousValueWhileOneCallerReloads() throws Exception {
        CountDownLatch reloadMayFinish = new CountDownLatch(1);
        SingleFlightCache<String, String> cache = cache(key -> {
            int n = loads.incrementAndGet();
            if (n == 2) {
                waitFor(reloadMayFinish);
            }
            return "v" + n;
        });
        cache.get("k");
        now.addAndGet(TTL.toNanos());

        CompletableFuture<String> reloading = CompletableFuture.supplyAsync(() -> getUnchecked(cache, "k"));
        await().until(() -> loads.get() == 2);
        assertThat(cache.get("k")).isEqualTo("v1");
        assertThat(cache.get("k")).isEqualTo("v1");
        reloadMayFinish.countDown();

        assertThat(reloading.get()).isEqualTo("v2");
        assertThat(cache.get("k")).isEqualTo("v2");
        assertThat(loads).hasValue(2);
    }

    @Test
    void doesNotKeepAFailureSoTheNextCallerLoadsAgain() throws Exception {
        SingleFlightCache<String, String> cache = cache(key -> {
            if (loads.incrementAndGet() == 1) {
                throw new BoardUnavailableException("store down", null);
            }
            return "back";
        });

        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(BoardUnavailableException.class).hasMessage("store down");
        assertThat(cache.get("k")).isEqualTo("back");
        assertThat(loads).hasValue(2);
    }

    private SingleFlightCache<String, String> cache(SingleFlightCache.Loader<String, String> loader) {
        return new SingleFlightCache<>("test", loader, TTL, now::get, new SimpleMeterRegistry());
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String getUnchecked(SingleFlightCache<String, String> cache, String key) {
        try {
            return cache.get(key);
        } catch (BoardUnavailableException e) {
            throw new IllegalStateException(e);
        }
    }
}
