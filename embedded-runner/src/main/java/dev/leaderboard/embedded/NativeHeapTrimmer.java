package dev.leaderboard.embedded;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the memory that native code has freed back to the operating system, on a schedule. DuckDB allocates
 * and frees its query and append buffers with the C library's malloc; glibc keeps freed memory in its arenas
 * and returns little of it on its own, so the process's resident memory kept climbing by megabytes a minute in
 * the soak although DuckDB's own use stayed under its limit (the same run with jemalloc stayed flat).
 *
 * <p>It runs the JVM's diagnostic command {@code System.trim_native_heap} (glibc's {@code malloc_trim}; JDK
 * 17.0.9 and later) through the DiagnosticCommand MBean, so the README's plain {@code java -jar} gets it
 * without a JVM flag. On a JVM or C library without it, it says so once and does nothing.
 */
final class NativeHeapTrimmer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NativeHeapTrimmer.class);
    private static final String OPERATION = "systemTrimNativeHeap";

    private final ScheduledExecutorService schedule;

    private NativeHeapTrimmer(ScheduledExecutorService schedule) {
        this.schedule = schedule;
    }

    /** Trims every {@code interval}; a zero interval, or a JVM that cannot trim, trims never. */
    static NativeHeapTrimmer start(Duration interval) {
        if (interval.isZero()) {
            log.info("Native heap trimming is off (NATIVE_HEAP_TRIM_SECONDS=0)");
            return new NativeHeapTrimmer(null);
        }
        Optional<String> first = trimOnce();
        if (first.isEmpty()) {
            return new NativeHeapTrimmer(null);
        }
        log.info("Trimming the native heap every {} s; first trim: {}", interval.toSeconds(), first.get());
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "native-heap-trim");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(() -> trimOnce().ifPresent(result -> log.debug("{}", result)),
                interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return new NativeHeapTrimmer(schedule);
    }

    /**
     * One trim: the JVM's report of it, such as {@code RSS+Swap: 543M->523M (-20076K)}, or empty (logged) when
     * this JVM has no such command or the C library cannot trim.
     */
    static Optional<String> trimOnce() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName commands = new ObjectName("com.sun.management:type=DiagnosticCommand");
            boolean available = Arrays.stream(server.getMBeanInfo(commands).getOperations())
                    .anyMatch(operation -> operation.getName().equals(OPERATION));
            if (!available) {
                log.info("This JVM ({}) has no System.trim_native_heap; native memory freed by DuckDB may stay "
                        + "resident", Runtime.version());
                return Optional.empty();
            }
            String report = ((String) server.invoke(commands, OPERATION, new Object[] {new String[0]},
                    new String[] {String[].class.getName()})).strip();
            if (!report.startsWith("Trim native heap:")) {
                log.info("The JVM cannot trim the native heap here: {}", report);
                return Optional.empty();
            }
            return Optional.of(report.substring("Trim native heap:".length()).strip());
        } catch (JMException | RuntimeException e) {
            log.warn("Trimming the native heap failed: {}", e.toString());
            return Optional.empty();
        }
    }

    boolean isScheduled() {
        return schedule != null && !schedule.isShutdown();
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }
}
