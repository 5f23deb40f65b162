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
 * Hands the memory that glibc's malloc holds freed back to the system, every {@link #EVERY}, through the JVM's
 * {@code System.trim_native_heap} (what {@code jcmd PID System.trim_native_heap} runs; JDK 17.0.9 and later on
 * glibc). The runner mallocs outside the Java heap from many threads (the JVM itself, DuckDB's C++ beside its own
 * allocator, Kafka's), glibc gives each thread group an arena, and freed memory in an arena stays resident until
 * a trim: in the soak at 5,000 spins/s, one trim 27 minutes in took RSS from 868 to 826 MiB, and what stayed
 * outside the heap and DuckDB's buffers grew by about 140 MiB over 2 hours without it. The flag that does the same
 * ({@code -XX:TrimNativeHeapInterval}) would make the README's command fail on a JDK 17 before 17.0.9, so the
 * runner asks for it itself, and stops asking on a JVM that cannot.
 */
final class NativeHeapTrimmer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NativeHeapTrimmer.class);

    static final Duration EVERY = Duration.ofSeconds(10);
    private static final String OPERATION = "systemTrimNativeHeap";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "native-heap-trim");
        thread.setDaemon(true);
        return thread;
    });

    private NativeHeapTrimmer(Duration every) {
        timer.scheduleWithFixedDelay(this::trim, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Trims every {@code every} from now on, if this JVM can; logs once when it cannot. */
    static Optional<NativeHeapTrimmer> start(Duration every) {
        if (!available()) {
            log.info("This JVM cannot trim the native heap (System.trim_native_heap: JDK 17.0.9+ on glibc); "
                    + "memory malloc freed stays resident until reused");
            return Optional.empty();
        }
        return Optional.of(new NativeHeapTrimmer(every));
    }

    /** Whether this JVM has the diagnostic command. */
    static boolean available() {
        try {
            return Arrays.stream(server().getMBeanInfo(command()).getOperations())
                    .anyMatch(operation -> operation.getName().equals(OPERATION));
        } catch (JMException e) {
            return false;
        }
    }

    /** One trim: the JVM's account of it ("Trim native heap: RSS+Swap: 868M->826M (-43104K)"), empty if it cannot. */
    static Optional<String> trimOnce() {
        try {
            return Optional.of(String.valueOf(server().invoke(command(), OPERATION, new Object[0], new String[0])).trim());
        } catch (JMException e) {
            return Optional.empty();
        }
    }

    private void trim() {
        Optional<String> account = trimOnce();
        if (account.isEmpty()) {
            log.warn("Trimming the native heap failed; not tried again");
            timer.shutdown();
        } else {
            log.debug("{}", account.get());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Whether its thread has ended within {@code wait} (tests). */
    boolean stopped(Duration wait) throws InterruptedException {
        return timer.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static MBeanServer server() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    private static ObjectName command() throws JMException {
        return new ObjectName("com.sun.management:type=DiagnosticCommand");
    }
}
