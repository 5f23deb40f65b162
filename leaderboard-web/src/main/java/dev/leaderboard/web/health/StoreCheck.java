package dev.leaderboard.web.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the store whether it answers once per interval, on its own thread, so {@code /health} reads the last
 * answer instead of opening a connection per request. A check that has not finished for three intervals
 * (a hanging store) counts as unreachable. The schedule starts with the first question (an app nobody
 * health-checks never sends the store a probe) and stops with the server.
 */
public final class StoreCheck {

    private static final Logger log = LoggerFactory.getLogger(StoreCheck.class);

    /** The last answer: whether the store answered, and when it was asked. */
    public record Result(boolean reachable, Instant checkedAt) {
    }

    private final BooleanSupplier store;
    private final Duration interval;
    private final Clock clock;
    private volatile Result last;
    private volatile ScheduledExecutorService checker;
    private boolean stopped;

    public StoreCheck(BooleanSupplier store, Duration interval, Clock clock) {
        this.store = store;
        this.interval = interval;
        this.clock = clock;
        this.last = new Result(false, clock.instant());
    }

    /** Checks once now, so the first {@code /health} is already truthful, then once per interval. */
    private synchronized void startOnce() {
        if (checker != null || stopped) {
            return;
        }
        checkNow();
        checker = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "store-check");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(this::checkNow, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        stopped = true;
        if (checker != null) {
            checker.shutdownNow();
        }
    }

    /** The last answer, or unreachable if it is older than three intervals. */
    public Result last() {
        if (checker == null) {
            startOnce();
        }
        Result result = last;
        if (result.reachable() && result.checkedAt().plus(interval.multipliedBy(3)).isBefore(clock.instant())) {
            return new Result(false, result.checkedAt());
        }
        return result;
    }

    private void checkNow() {
        boolean reachable;
        try {
            reachable = store.getAsBoolean();
        } catch (RuntimeException e) {
            log.warn("Store check failed: {}", e.getMessage());
            reachable = false;
        }
        if (reachable != last.reachable()) {
            log.info("Store {}", reachable ? "answers" : "does not answer");
        }
        last = new Result(reachable, clock.instant());
    }
}
