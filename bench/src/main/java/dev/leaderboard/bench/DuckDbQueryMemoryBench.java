package dev.leaderboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.leaderboard.embedded.DuckDbMemory;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.web.board.BoardQuery;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import dev.leaderboard.web.cache.CachedBoards;
import org.duckdb.DuckDBConnection;

/**
 * What DuckDB keeps outside its buffer manager when the board is queried again and again, on a table that
 * does not change: the part of the soak's memory growth that {@code memory_limit} does not bound. Each mode
 * runs in its own JVM (resident memory never shrinks back, so two modes cannot share a process): {@code board}
 * asks {@link DuckDbBoard} for the all-time board as the web's cache does, {@code select1} opens a connection
 * and runs {@code SELECT 1} the same way, the baseline for what a connection and a statement cost. Each child
 * samples its anonymous resident memory minus the committed heap minus {@code duckdb_memory()}.
 *
 * <p>Usage: bench/duckdb-query-memory.sh [seconds per mode, default 180] [spins in the table, default 3000000]
 */
public final class DuckDbQueryMemoryBench {

    private static final int THREADS = 2;
    private static final int SAMPLE_SECONDS = 15;

    private DuckDbQueryMemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
            return;
        }
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 180;
        int spins = args.length > 1 ? Integer.parseInt(args[1]) : 3_000_000;
        Path folder = Files.createTempDirectory("duckdb-query-memory");
        List<String> results = new ArrayList<>();
        try {
            for (String mode : List.of("select1", "board")) {
                results.add(runChild(mode, seconds, spins, folder.resolve(mode + ".duckdb")));
            }
        } finally {
            try (var files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        System.out.println();
        System.out.println("mode     queries   rest at 1st sample   rest at end   growth   growth in the last third");
        results.forEach(System.out::println);
    }

    private static String runChild(String mode, int seconds, int spins, Path database) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), DuckDbQueryMemoryBench.class.getName(), "child", mode,
                String.valueOf(seconds), String.valueOf(spins), database.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<long[]> samples = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println(line);
                if (line.startsWith("sample ")) {
                    String[] f = line.split(" ");
                    samples.add(new long[] {Long.parseLong(f[3]), Long.parseLong(f[5])});
                }
            }
        }
        if (child.waitFor() != 0 || samples.size() < 3) {
            throw new IllegalStateException(mode + " run failed (exit " + child.exitValue() + ", " + samples.size() + " samples)");
        }
        long first = samples.get(0)[1];
        long last = samples.get(samples.size() - 1)[1];
        long thirdAgo = samples.get(samples.size() * 2 / 3)[1];
        return String.format("%-8s %,9d   %,14d MiB   %,7d MiB   %+5d MiB   %+5d MiB", mode,
                samples.get(samples.size() - 1)[0], first, last, last - first, last - thirdAgo);
    }

    private static void child(String mode, int seconds, int spins, Path path) throws Exception {
        Properties limits = new Properties();
        limits.setProperty("memory_limit", "64MiB");
        try (DuckDBConnection database = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + path, limits)) {
            fill(database, spins);
            DuckDbBoard board = new DuckDbBoard(database, Clock.systemUTC());
            AtomicLong queries = new AtomicLong();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            for (int t = 0; t < THREADS; t++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        if (mode.equals("board")) {
                            board.standings(BoardQuery.ALL_TIME, CachedBoards.DEPTH);
                        } else {
                            selectOne(database);
                        }
                        queries.incrementAndGet();
                    }
                    return null;
                });
            }
            pool.shutdown();
            while (!pool.awaitTermination(SAMPLE_SECONDS, TimeUnit.SECONDS)) {
                long rest = anonMib() - (Runtime.getRuntime().totalMemory() >> 20) - DuckDbMemory.read(database).usedMib();
                System.out.printf("sample %s queries %d rest %d MiB%n", mode, queries.get(), rest);
            }
        }
    }

    /** The spins of 10,000 players over the last hour, and their profiles, written once. */
    private static void fill(DuckDBConnection database, int spins) throws SQLException {
        DuckDbGamePlaySink.createSchema(database);
        try (Statement statement = database.createStatement()) {
            statement.execute("INSERT INTO GamePlay SELECT (i % 10000)::INTEGER, (i % 7)::INTEGER, (i % 13)::BIGINT,"
                    + " (1 + i % 5)::INTEGER, now()::TIMESTAMP - to_microseconds(i * 1000), 'gameplay', 0, i"
                    + " FROM range(" + spins + ") t(i)");
            statement.execute("INSERT INTO Players SELECT i::INTEGER, 'player ' || i, NULL, now()::TIMESTAMP"
                    + " FROM range(10000) t(i)");
        }
        DuckDbGamePlaySink.rebuildRollups(database);
    }

    private static void selectOne(DuckDBConnection database) throws SQLException {
        try (Connection connection = database.duplicate();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT 1")) {
            result.next();
        }
    }

    private static long anonMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("RssAnon:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
            }
        }
        throw new IllegalStateException("No RssAnon in /proc/self/status");
    }
}
