package dev.leaderboard.web.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import dev.leaderboard.web.board.BoardUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefreshingCacheTest {

    private static final Duration TTL = Duration.ofSeconds(1);
    /** Caffeine keeps write times to within a few nanoseconds. */
    private static final long A_MOMENT = Duration.ofMillis(1).toNanos();

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger loads = new AtomicInteger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExecutorService refresher = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopRefresher() {
        refresher.shutdownNow();
    }

    @Test
    void loadsAKeyAgainOnlyAfterTheTtl() throws Exception {
        RefreshingCache<String, String> cache = cache(key -> key + "#" + loads.incrementAndGet(), Runnable::run);

        assertThat(cache.get("a")).isEqualTo("a#1");
        now.addAndGet(TTL.toNanos());
        assertThat(cache.get("a")).isEqualTo("a#1");
        assertThat(cache.get("b")).isEqualTo("b#2");
        assertThat(loads).as("a copy exactly one TTL old is still fresh").hasValue(2);
        now.addAndGet(A_MOMENT);
        assertThat(cache.get("a")).as("reloaded on the caller's thread by this test's refresher").isEqualTo("a#3");
        assertThat(cache.get("a")).isEqualTo("a#3");
        assertThat(loads).hasValue(3);
        assertThat(registry.get("leaderboard.backend.queries").timer().count()).isEqualTo(3);
        assertThat(registry.get("leaderboard.cache.stale.hits").counter().count()).isEqualTo(1);
    }

    @Test
    void loadsAKeyOnceHoweverManyThreadsAskForItAtOnce() throws Exception {
        CountDownLatch loadMayFinish = new CountDownLatch(1);
        RefreshingCache<String, String> cache = cache(key -> {
            waitFor(loadMayFinish);
            return key + "#" + loads.incrementAndGet();
        }, refresher);
        ExecutorService callers = Executors.newFixedThreadPool(16);
        List<Future<String>> answers = IntStream.range(0, 64).mapToObj(i -> callers.submit(() -> cache.get("k"))).toList();
        loadMayFinish.countDown();

        for (Future<String> answer : answers) {
            assertThat(answer.get()).isEqualTo("k#1");
        }
        callers.shutdown();
        assertThat(loads).hasValue(1);
    }

    @Test
    void answersFromThePreviousValueWhileAReloadRunsInTheBackground() throws Exception {
        AtomicReference<Executor> executor = new AtomicReference<>(Runnable::run);
        CountDownLatch reloadMayFinish = new CountDownLatch(1);
        RefreshingCache<String, String> cache = cache(key -> {
            int n = loads.incrementAndGet();
            if (n == 2) {
                waitFor(reloadMayFinish);
            }
            return "v" + n;
        }, task -> executor.get().execute(task));
        cache.get("k");
        // The first load ran on this thread, so Caffeine has stamped its write time before the clock moves (on a
        // pool it may stamp it later, and then drop the reload below as overtaken by a newer write).
        executor.set(refresher);
        now.addAndGet(TTL.toNanos() + A_MOMENT);

        assertThat(cache.get("k")).isEqualTo("v1");
        await().until(() -> loads.get() == 2);
        assertThat(cache.get("k")).isEqualTo("v1");
        assertThat(cache.get("k")).isEqualTo("v1");
        reloadMayFinish.countDown();

        await().until(() -> cache.get("k").equals("v2"));
        assertThat(loads).hasValue(2);
    }

    @Test
    void aFailedReloadKeepsServingThePreviousCopyAndTheNextReadTriesAgain() throws Exception {
        RefreshingCache<String, String> cache = cache(key -> {
            int n = loads.incrementAndGet();
            if (n == 2 || n == 3) {
                throw new BoardUnavailableException("store down", null);
            }
            return "v" + n;
        }, Runnable::run);
        cache.get("k");
        now.addAndGet(TTL.toNanos() + A_MOMENT);

        assertThat(cache.get("k")).as("the reload fails behind this answer").isEqualTo("v1");
        assertThat(cache.get("k")).as("and again behind this one").isEqualTo("v1");
        assertThat(cache.get("k")).as("this one's reload succeeds, on the caller's thread here").isEqualTo("v4");
        assertThat(cache.get("k")).isEqualTo("v4");
        assertThat(loads).hasValue(4);
    }

    @Test
    void aCopyWhoseReloadsKeepFailingIsServedUpToTheStaleLimitThenCallersSeeTheError() throws Exception {
        RefreshingCache<String, String> cache = cache(key -> {
            if (loads.incrementAndGet() > 1) {
                throw new BoardUnavailableException("store down", null);
            }
            return "v1";
        }, Runnable::run);
        cache.get("k");

        now.addAndGet(RefreshingCache.STALE_LIMIT_TTLS * TTL.toNanos() - A_MOMENT);
        assertThat(cache.get("k")).isEqualTo("v1");
        now.addAndGet(A_MOMENT);
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(BoardUnavailableException.class).hasMessage("store down");
    }

    @Test
    void doesNotKeepAFailedFirstLoadSoTheNextCallerLoadsAgain() throws Exception {
        RefreshingCache<String, String> cache = cache(key -> {
            if (loads.incrementAndGet() == 1) {
                throw new BoardUnavailableException("store down", null);
            }
            return "back";
        }, Runnable::run);

        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(BoardUnavailableException.class).hasMessage("store down");
        assertThat(cache.get("k")).isEqualTo("back");
        assertThat(loads).hasValue(2);
    }
    @Test
    void onWordOfAChangeReloadsTheKeysReadSinceTheirLastLoadOnceTheyAreOldEnoughBeforeTheirTtl() throws Exception {
        Duration minAge = TTL.dividedBy(4);
        RefreshingCache<String, String> cache = changeDrivenCache();
        assertThat(cache.get("read")).isEqualTo("read#1");
        assertThat(cache.get("unread")).isEqualTo("unread#2");
        now.addAndGet(minAge.toNanos() - A_MOMENT);
        cache.storeChanged(minAge);
        assertThat(loads).as("copies younger than the minimum age wait").hasValue(2);

        now.addAndGet(2 * A_MOMENT);
        cache.storeChanged(minAge);
        assertThat(loads).as("both were read before, so both reload").hasValue(4);
        runDeferred();
        assertThat(loads).as("the reloads put off at first find their copies reloaded since").hasValue(4);
        assertThat(cache.get("read")).isEqualTo("read#3");

        now.addAndGet(minAge.toNanos() + A_MOMENT);
        cache.storeChanged(minAge);
        assertThat(loads).as("only the key read since its reload loads again").hasValue(5);
        assertThat(cache.get("read")).isEqualTo("read#5");
        assertThat(cache.get("unread")).as("the other one kept its copy, still within its TTL").isEqualTo("unread#4");
        assertThat(loads).hasValue(5);
    }

    @Test
    void aChangeToAKeyTooYoungToReloadReloadsItOnceItIsOldEnoughNotOnTheNextChange() throws Exception {
        Duration minAge = TTL.dividedBy(2);
        RefreshingCache<String, String> cache = changeDrivenCache();
        assertThat(cache.get("k")).isEqualTo("k#1");
        now.addAndGet(minAge.toNanos() / 5);
        cache.storeChanged(minAge);
        now.addAndGet(minAge.toNanos() / 5);
        cache.storeChanged(minAge);
        assertThat(loads).as("too young").hasValue(1);
        assertThat(deferred).as("one reload put off, however many changes").hasSize(1);
        assertThat(deferred.get(0).nanos()).isEqualTo(minAge.toNanos() * 4 / 5);

        now.addAndGet(minAge.toNanos() * 3 / 5);
        runDeferred();

        assertThat(loads).as("reloaded when it came of age, with no change since").hasValue(2);
        assertThat(cache.get("k")).isEqualTo("k#2");
    }

    @Test
    void aChangeWhileItsKeyReloadsReloadsItAgainOnceThatReloadHasEndedAndIsOldEnough() throws Exception {
        Duration minAge = TTL.dividedBy(4);
        AtomicReference<Executor> executor = new AtomicReference<>(Runnable::run);
        CountDownLatch reloadMayFinish = new CountDownLatch(1);
        RefreshingCache<String, String> cache = new RefreshingCache<>("test", key -> {
            int n = loads.incrementAndGet();
            if (n == 2) {
                waitFor(reloadMayFinish);
            }
            return key + "#" + n;
        }, task -> executor.get().execute(task), TTL, now::get, registry, RefreshingCache.Reloads.ON_TTL_AND_CHANGES,
                (nanos, task) -> deferred.add(new Deferred(nanos, task)));
        assertThat(cache.get("k")).isEqualTo("k#1");
        executor.set(refresher);
        now.addAndGet(minAge.toNanos());
        cache.storeChanged(minAge);
        await().until(() -> loads.get() == 2);

        assertThat(cache.get("k")).as("read while its reload runs").isEqualTo("k#1");
        cache.storeChanged(minAge);
        reloadMayFinish.countDown();
        await().until(() -> cache.get("k").equals("k#2"));
        assertThat(deferred).as("the change that came during the reload waits for its copy").hasSize(1);
        now.addAndGet(minAge.toNanos());
        runDeferred();

        await().until(() -> cache.get("k").equals("k#3"));
        assertThat(loads).hasValue(3);
    }

    @Test
    void aCacheThatReloadsOnItsTtlAloneRefusesWordOfAChange() {
        RefreshingCache<String, String> cache = cache(key -> key, Runnable::run);
        assertThatThrownBy(() -> cache.storeChanged(TTL)).isInstanceOf(IllegalStateException.class);
    }

    /** The reloads a change-driven cache put off, with their delays: run by {@link #runDeferred()}. */
    private record Deferred(long nanos, Runnable task) {
    }

    private final List<Deferred> deferred = new ArrayList<>();

    private RefreshingCache<String, String> changeDrivenCache() {
        return new RefreshingCache<>("test", key -> key + "#" + loads.incrementAndGet(), Runnable::run, TTL, now::get,
                registry, RefreshingCache.Reloads.ON_TTL_AND_CHANGES, (nanos, task) -> deferred.add(new Deferred(nanos, task)));
    }

    private void runDeferred() {
        List<Deferred> due = List.copyOf(deferred);
        deferred.clear();
        due.forEach(d -> d.task().run());
    }

    private RefreshingCache<String, String> cache(RefreshingCache.Loader<String, String> loader, Executor executor) {
        return new RefreshingCache<>("test", loader, executor, TTL, now::get, registry);
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
