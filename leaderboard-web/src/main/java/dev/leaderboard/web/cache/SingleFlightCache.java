package dev.leaderboard.web.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

import dev.leaderboard.web.board.BoardUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads each key at most once per TTL, however many threads ask. The first caller after expiry starts a
 * reload on the {@code refresher} and, like every caller until it ends, gets the previous value at once:
 * a request never waits for the store once a key has a value. The very first load of a key runs on its
 * caller, and others asking meanwhile wait for that same load. A failed load is not cached and drops the
 * previous value: the next caller loads again, on its own thread, and sees the error if it fails again.
 * Time comes from {@code nanoTicker}, so tests can move it.
 */
public final class SingleFlightCache<K, V> {

    /** Keys beyond this many trigger dropping the entries unused for {@link #FORGET_AFTER_TTLS} TTLs. */
    static final int MAX_KEYS = 10_000;
    static final int FORGET_AFTER_TTLS = 10;

    /** What the cache calls to load a key. */
    @FunctionalInterface
    public interface Loader<K, V> {
        V load(K key) throws BoardUnavailableException;
    }

    /** A load started at {@code startedAt}; {@code previous} is the value it replaces, served while it runs. */
    private record Entry<V>(CompletableFuture<V> value, long startedAt, V previous) {

        boolean loadedAndFresh(long now, long ttl) {
            return value.isDone() && !value.isCompletedExceptionally() && now - startedAt < ttl;
        }

        V valueOrNull() {
            return value.isDone() && !value.isCompletedExceptionally() ? value.join() : null;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SingleFlightCache.class);

    private final String name;
    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Loader<K, V> loader;
    private final Executor refresher;
    private final long ttlNanos;
    private final LongSupplier nanoTicker;
    private final Counter hits;
    private final Counter staleHits;
    private final Timer loads;

    public SingleFlightCache(String name, Loader<K, V> loader, Executor refresher, Duration ttl,
                             LongSupplier nanoTicker, MeterRegistry registry) {
        this.name = name;
        this.loader = loader;
        this.refresher = refresher;
        this.ttlNanos = ttl.toNanos();
        this.nanoTicker = nanoTicker;
        this.hits = Counter.builder("leaderboard.cache.hits").description("answers from the cache")
                .tag("cache", name).register(registry);
        this.staleHits = Counter.builder("leaderboard.cache.stale.hits")
                .description("answers with the previous value while a reload runs").tag("cache", name).register(registry);
        this.loads = Timer.builder("leaderboard.backend.queries").description("loads from the store (cache misses)")
                .tag("cache", name).publishPercentiles(0.5, 0.99).register(registry);
    }

    public V get(K key) throws BoardUnavailableException {
        while (true) {
            long now = nanoTicker.getAsLong();
            Entry<V> seen = entries.get(key);
            if (seen != null && seen.loadedAndFresh(now, ttlNanos)) {
                hits.increment();
                return seen.value().join();
            }
            if (seen != null && !seen.value().isDone()) {
                if (seen.previous() != null) {
                    staleHits.increment();
                    return seen.previous();
                }
                return await(seen.value());
            }
            Entry<V> mine = new Entry<>(new CompletableFuture<>(), now, seen == null ? null : seen.valueOrNull());
            boolean claimed = seen == null ? entries.putIfAbsent(key, mine) == null : entries.replace(key, seen, mine);
            if (claimed) {
                forgetOldKeysIfFull(now);
                if (mine.previous() == null) {
                    return load(key, mine.value());
                }
                reloadInBackground(key, mine.value());
                staleHits.increment();
                return mine.previous();
            }
        }
    }

    private void reloadInBackground(K key, CompletableFuture<V> result) {
        try {
            refresher.execute(() -> {
                try {
                    load(key, result);
                } catch (BoardUnavailableException | RuntimeException e) {
                    // The failure stays in the entry: the next caller loads again on its own thread.
                    log.warn("Reloading {} {} failed, dropped the previous value: {}", name, key, e.toString());
                }
            });
        } catch (RejectedExecutionException stopping) {
            result.completeExceptionally(stopping);
        }
    }

    private V load(K key, CompletableFuture<V> result) throws BoardUnavailableException {
        long started = System.nanoTime();
        try {
            V value = Objects.requireNonNull(loader.load(key), "loader returned null");
            result.complete(value);
            return value;
        } catch (BoardUnavailableException | RuntimeException e) {
            result.completeExceptionally(e);
            throw e;
        } finally {
            loads.record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static <V> V await(CompletableFuture<V> value) throws BoardUnavailableException {
        try {
            return value.get();
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof BoardUnavailableException) {
                throw (BoardUnavailableException) e.getCause();
            }
            throw new IllegalStateException("Loading failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a load");
        }
    }

    private void forgetOldKeysIfFull(long now) {
        if (entries.size() > MAX_KEYS) {
            entries.values().removeIf(e -> e.value().isDone() && now - e.startedAt() > FORGET_AFTER_TTLS * ttlNanos);
        }
    }
}
