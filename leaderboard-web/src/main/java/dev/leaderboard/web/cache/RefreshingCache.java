package dev.leaderboard.web.cache;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import dev.leaderboard.web.board.BoardUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of {@link CachedBoards}' caches: Caffeine's {@code refreshAfterWrite} with loads on the {@code refresher}.
 * A key is loaded at most once per TTL however many threads ask, with one load in flight per key. Once a key has
 * a value, a request never waits for the store: the first read after the TTL starts a reload, and every read gets
 * the previous copy until it ends.
 * <p>
 * A failed reload keeps the previous copy, and the next read after it starts another (still one at a time): a store
 * that stops answering for a moment leaves the boards as they were rather than failing every request. The copy is
 * served for at most {@link #STALE_LIMIT_TTLS} TTLs: then it expires, and callers wait for a load and see its error.
 * A failed first load is not kept, so the next caller loads again. Caffeine logs each failed load once (through
 * SLF4J); time comes from {@code nanoTicker}, so tests can move it.
 * <p>
 * Built with {@link Reloads#ON_TTL_AND_CHANGES}, it also takes word that the store has new data
 * ({@link #storeChanged}): then a copy that has been read reloads as soon as it is old enough, rather than on the
 * first read after the TTL. Each copy notes how many words of a change came before its load started, so a change
 * that arrives while the key is loading is not taken as read by that load: the key reloads once the load has
 * ended and the new copy is old enough.
 */
final class RefreshingCache<K, V> {

    private static final Logger log = LoggerFactory.getLogger(RefreshingCache.class);

    /** Keys kept at most; the least used go first. */
    static final int MAX_KEYS = 10_000;
    /** How many TTLs old a copy may get while its reloads fail. */
    static final int STALE_LIMIT_TTLS = 10;

    /** What starts a reload. */
    enum Reloads {
        /** The first read after the TTL. */
        ON_TTL,
        /** That, and {@link #storeChanged} for keys read since their last reload on a change. */
        ON_TTL_AND_CHANGES
    }

    /** Runs a task after a delay: the delayed reloads of {@link #storeChanged}. Tests run them by hand. */
    @FunctionalInterface
    interface Deferrer {
        void after(long nanos, Runnable task);
    }

    /** What the cache calls to load a key, on the refresher. */
    @FunctionalInterface
    interface Loader<K, V> {
        V load(K key) throws BoardUnavailableException;
    }

    /** A loaded value, and how many words of a change ({@link #changes}) had come when its load started. */
    private record Copy<V>(V value, long afterChanges) {
    }

    private final AsyncLoadingCache<K, Copy<V>> cache;
    private final Policy<K, Copy<V>> policy;
    private final Policy.FixedRefresh<K, Copy<V>> refreshPolicy;
    /** Words of a change so far ({@link #storeChanged}). */
    private final AtomicLong changes = new AtomicLong();
    private final long ttlNanos;
    /** Keys read since their last reload on a change; null when the cache reloads on its TTL alone. */
    private final Set<K> readSinceChange;
    /** Keys whose reload on a change waits for their copy to be old enough. */
    private final Set<K> deferred = ConcurrentHashMap.newKeySet();
    private final Deferrer deferrer;
    private final Counter hits;
    private final Counter staleHits;

    RefreshingCache(String name, Loader<K, V> loader, Executor refresher, Duration ttl, LongSupplier nanoTicker,
                    MeterRegistry registry) {
        this(name, loader, refresher, ttl, nanoTicker, registry, Reloads.ON_TTL);
    }

    RefreshingCache(String name, Loader<K, V> loader, Executor refresher, Duration ttl, LongSupplier nanoTicker,
                    MeterRegistry registry, Reloads reloads) {
        this(name, loader, refresher, ttl, nanoTicker, registry, reloads,
                (nanos, task) -> CompletableFuture.delayedExecutor(nanos, NANOSECONDS, refresher).execute(task));
    }

    RefreshingCache(String name, Loader<K, V> loader, Executor refresher, Duration ttl, LongSupplier nanoTicker,
                    MeterRegistry registry, Reloads reloads, Deferrer deferrer) {
        this.deferrer = deferrer;
        Timer loads = Timer.builder("leaderboard.backend.queries").description("loads from the store (cache misses)")
                .tag("cache", name).publishPercentiles(0.5, 0.99).register(registry);
        this.hits = Counter.builder("leaderboard.cache.hits").description("answers from the cache")
                .tag("cache", name).register(registry);
        this.staleHits = Counter.builder("leaderboard.cache.stale.hits")
                .description("answers with the previous value while a reload runs").tag("cache", name).register(registry);
        this.ttlNanos = ttl.toNanos();
        this.readSinceChange = reloads == Reloads.ON_TTL_AND_CHANGES ? ConcurrentHashMap.newKeySet() : null;
        this.cache = Caffeine.newBuilder()
                .refreshAfterWrite(ttl)
                .expireAfterWrite(ttl.multipliedBy(STALE_LIMIT_TTLS))
                .maximumSize(MAX_KEYS)
                .executor(refresher)
                .ticker(nanoTicker::getAsLong)
                .buildAsync(key -> loads.recordCallable(() -> {
                    long afterChanges = changes.get();
                    return new Copy<>(load(name, loader, key), afterChanges);
                }));
        this.policy = cache.synchronous().policy();
        this.refreshPolicy = policy.refreshAfterWrite().orElseThrow();
    }

    /** One load, logged at debug with what it was and how long it took (bench/probe-times.py reads these lines). */
    private static <K, V> V load(String name, Loader<K, V> loader, K key) throws BoardUnavailableException {
        long started = System.nanoTime();
        V value = Objects.requireNonNull(loader.load(key), "loader returned null");
        if (log.isDebugEnabled()) {
            log.debug("Loaded {} {} in {} ms", name, key, (System.nanoTime() - started) / 1_000_000);
        }
        return value;
    }

    V get(K key) throws BoardUnavailableException {
        boolean dueForReload = refreshPolicy.ageOf(key, NANOSECONDS).orElse(0) > ttlNanos;
        CompletableFuture<Copy<V>> value = cache.get(key);
        if (readSinceChange != null) {
            readSinceChange.add(key);
        }
        if (value.isDone() && !value.isCompletedExceptionally()) {
            (dueForReload ? staleHits : hits).increment();
            return value.join().value();
        }
        return await(value).value();
    }

    /**
     * The store has new data: each key read since its last reload on a change reloads (on the refresher; one in flight
     * per key, as ever) once its copy is {@code minAge} old: now if it is, else when it gets there (once, however many
     * changes come meanwhile; that reload reads them all). A key loading when the word comes reloads once that load
     * has ended and its copy is {@code minAge} old, unless the load started after the word. A key nobody read since
     * costs no query, and a key reloads at most once per {@code minAge} however often the store changes. Returns at once.
     */
    void storeChanged(Duration minAge) {
        if (readSinceChange == null) {
            throw new IllegalStateException("this cache reloads on its TTL alone");
        }
        long minAgeNanos = minAge.toNanos();
        changes.incrementAndGet();
        Map<K, ?> loading = policy.refreshes();
        for (K key : readSinceChange) {
            reloadWhenDue(key, minAgeNanos, loading);
        }
    }

    /**
     * Reloads {@code key} if a change came after its copy's load started: now if the copy is {@code minAgeNanos} old
     * and no reload of it runs (those in {@code loading}), else later (one deferred check per key at a time).
     */
    private void reloadWhenDue(K key, long minAgeNanos, Map<K, ?> loading) {
        CompletableFuture<Copy<V>> current = cache.getIfPresent(key);
        if (current == null || current.isCompletedExceptionally()) {
            readSinceChange.remove(key);  // evicted, or its first load failed
            return;
        }
        Copy<V> copy = current.getNow(null);
        if (copy != null && copy.afterChanges() >= changes.get()) {
            return;  // its load started after the last word: it read every change
        }
        boolean reloading = copy == null || loading.containsKey(key);
        long age = refreshPolicy.ageOf(key, NANOSECONDS).orElse(-1);
        if (!reloading && age >= minAgeNanos) {
            reloadIfRead(key);
        } else if ((reloading || age >= 0) && deferred.add(key)) {
            deferrer.after(reloading ? minAgeNanos : minAgeNanos - age, () -> {
                deferred.remove(key);
                reloadWhenDue(key, minAgeNanos, policy.refreshes());
            });
        }
    }

    private void reloadIfRead(K key) {
        if (readSinceChange.remove(key)) {
            cache.synchronous().refresh(key);
        }
    }

    private static <T> T await(CompletableFuture<T> value) throws BoardUnavailableException {
        try {
            return value.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BoardUnavailableException unavailable) {
                throw unavailable;
            }
            throw new IllegalStateException("Loading failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a load");
        }
    }
}
