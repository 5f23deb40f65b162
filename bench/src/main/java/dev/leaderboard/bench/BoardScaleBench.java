package dev.leaderboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.ingest.RetryPolicy;
import dev.leaderboard.ingest.SinkException;
import dev.leaderboard.ingest.batch.Batch;
import dev.leaderboard.ingest.batch.OffsetRange;
import dev.leaderboard.ingest.batch.SourcedGamePlay;
import dev.leaderboard.ingest.duckdb.DuckDbFiles;
import dev.leaderboard.ingest.duckdb.DuckDbGamePlaySink;
import dev.leaderboard.producer.BlogGameModel;
import dev.leaderboard.producer.realistic.RealisticGameModel;
import dev.leaderboard.web.board.BoardQuery;
import dev.leaderboard.web.board.Metric;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import dev.leaderboard.web.cache.CachedBoards;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.TopicPartition;
import org.duckdb.DuckDBConnection;

/**
 * How long each of 12 boards takes to load (ratio, wins, net x all time, a campaign, the campaign's last
 * hour, a 3-game campaign) as history grows, on the embedded default's DuckDB settings. The spins come
 * from the simulator's realistic model (100,000 players by default) at 2,000 spins/s of event time up to
 * now, and reach the store through the ingestor's DuckDB sink (rows, rollups and offsets per batch), not
 * by SQL. Baseline, in the same run on the same file: the same board read from every raw spin
 * (board-from-spins.sql, what the web ran before rollups), which each rollup board must equal, entry for entry, or the
 * bench stops. Usage: [sizes, default 1000000,10000000]
 * [players, default 100000] [all|model, default all]. DuckDB's memory limit is the runner's default, 128 MiB, unless
 * {@code -Dboard-scale.memory-mb} (JAVA_TOOL_OPTIONS) says otherwise, and its files' block size the runner's unless
 * {@code -Dboard-scale.block-size} does. A batch the store refuses is tried again as the
 * ingestor would ({@link RetryPolicy#DEFAULT}), and the refusals are printed and counted.
 * <p>
 * The model's activity is skewed, so of 100,000 players only about 29,000 have played after 1 million spins
 * and 98,000 after 100 million: its board sizes grow with history through the players alone. With {@code all}
 * (the default), the last spins of the load are one more spin for each player, in a shuffled order, on the
 * 3-game campaign's games in turn, inside every board's range: every board ranks the same players at every size,
 * so the ratio between sizes shows what history alone costs. {@code model} leaves the stream as the model has it.
 */
public final class BoardScaleBench {

    private static final int BATCH = 10_000;
    /** How a refused batch is tried again: the ingestor's default (backoff up to 30 s, for up to 10 minutes). */
    private static final RetryPolicy RETRY = RetryPolicy.DEFAULT;
    /** The 3-game campaign's games. */
    private static final int[] THREE_GAMES = {10, 11, 12};
    private static final Duration EVENT_TIME_PER_SPIN = Duration.ofNanos(500_000);  // 2,000 spins/s
    /** DuckDB's memory limit, in MiB: the runner's DUCKDB_MEMORY_LIMIT_MB default unless -Dboard-scale.memory-mb says otherwise. */
    private static final int MEMORY_MB = Integer.getInteger("board-scale.memory-mb", 128);
    /** The block size of the bench's files: the runner's ({@link DuckDbFiles#BLOCK_SIZE}) unless -Dboard-scale.block-size says otherwise. */
    private static final int BLOCK_SIZE = Integer.getInteger("board-scale.block-size", DuckDbFiles.BLOCK_SIZE);
    /**
     * How deep each board is loaded, the raw-spin baseline too: as the web loads a board at each reload
     * ({@link CachedBoards#HEAD}) unless -Dboard-scale.depth says otherwise ({@link CachedBoards#DEPTH}, 10,000, is the
     * deep pages' copy, and what every load read before session 16).
     */
    private static final int DEPTH = Integer.getInteger("board-scale.depth", CachedBoards.HEAD);
    private static final int TIMED_RUNS = 15;
    private static final int BASELINE_RUNS = 3;
    private static final String SPINS_BOARD = resource("/dev/leaderboard/web/board/duckdb/board-from-spins.sql");

    private record Named(String name, BoardQuery query) {
    }

    /** Who has played: every player (a last spin each), or those the model's skewed activity drew. */
    private enum Players { ALL, MODEL }

    public static void main(String[] args) throws Exception {
        List<Long> sizes = new ArrayList<>();
        for (String size : (args.length > 0 ? args[0] : "1000000,10000000").split(",")) {
            sizes.add(Long.parseLong(size.strip()));
        }
        int players = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Players who = args.length > 2 ? Players.valueOf(args[2].toUpperCase(Locale.ROOT)) : Players.ALL;
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target")).toAbsolutePath(), "board-scale-");
        System.out.printf("boards loaded %,d deep; DuckDB files of %,d-byte blocks, memory limit %d MiB%n", DEPTH, BLOCK_SIZE, MEMORY_MB);
        Map<Long, Map<String, double[]>> results = new LinkedHashMap<>();
        for (long size : sizes) {
            results.put(size, measure(work.resolve(size + ".duckdb"), size, players, who));
        }
        System.out.println();
        System.out.println("board                    " + String.join("", sizes.stream()
                .map(s -> String.format("| %,13d spins: p50 / p99 ms as loaded, merged; raw-spin p50 ms ", s)).toList()));
        for (String board : results.get(sizes.get(0)).keySet()) {
            StringBuilder line = new StringBuilder(String.format("%-24s ", board));
            for (long size : sizes) {
                double[] r = results.get(size).get(board);
                line.append(String.format("| %6.1f / %6.1f, %6.1f / %6.1f; %8.1f (x%5.1f)          ", r[0], r[1], r[3], r[4], r[2],
                        r[2] / r[0]));
            }
            if (sizes.size() > 1) {
                double[] first = results.get(sizes.get(0)).get(board);
                double[] last = results.get(sizes.get(sizes.size() - 1)).get(board);
                line.append(String.format("| p50 %,d / %,d spins: %.2f as loaded, %.2f merged", sizes.get(sizes.size() - 1),
                        sizes.get(0), last[0] / first[0], last[3] / first[3]));
            }
            System.out.println(line);
        }
    }

    /** Per board: p50 and p99 of the rollup board in ms, p50 of the raw-spin board in ms. */
    private static Map<String, double[]> measure(Path file, long size, int players, Players who) throws Exception {
        Properties limits = new Properties();
        limits.setProperty("memory_limit", MEMORY_MB + "MiB");
        limits.setProperty("default_block_size", String.valueOf(BLOCK_SIZE));
        try (DuckDBConnection db = DuckDbFiles.open(file, limits)) {
            DuckDbGamePlaySink.createSchema(db);
            Instant start = Instant.now().minus(EVENT_TIME_PER_SPIN.multipliedBy(size));
            Instant now = start.plus(EVENT_TIME_PER_SPIN.multipliedBy(size));
            // Defined before the spins arrive, as campaigns are: the ingestor keeps each one's rollup as it goes.
            try (Statement statement = db.createStatement()) {
                statement.execute("INSERT INTO Campaigns VALUES "
                        + "('season', 'Season', '" + utc(start.plus(Duration.ofMinutes(1))) + "', '" + utc(now.plus(Duration.ofHours(1))) + "', NULL),"
                        + "('three', 'Three games', '" + utc(start.plus(Duration.ofMinutes(1))) + "', '" + utc(now.plus(Duration.ofHours(1))) + "', [10, 11, 12])");
            }
            try (DuckDbGamePlaySink sink = new DuckDbGamePlaySink(db.duplicate())) {
                load(sink, db, size, players, who, start);
                sink.awaitMerges();
                return measureBoards(sink, db, size, start, now);
            }
        }
    }

    /**
     * Each board's load times as the load left the rollups, then right after every rollup was merged (a board reads
     * between one and two times the merged rows, depending on where the merges are); each checked against the raw spins.
     * Per board: p50 and p99 as loaded, p50 of the raw-spin board, p50 and p99 merged, in ms.
     */
    private static Map<String, double[]> measureBoards(DuckDbGamePlaySink sink, DuckDBConnection db, long size, Instant start,
                                                       Instant now) throws Exception {
        try (Statement statement = db.createStatement();
             ResultSet played = statement.executeQuery("SELECT count(DISTINCT PlayerID) FROM GamePlay")) {
            played.next();
            System.out.printf("%,d spins: %,d players have played%n", size, played.getLong(1));
        }
        printRollupRows(db, size, "as loaded");
        DuckDbBoard board = new DuckDbBoard(db, Clock.fixed(now, ZoneOffset.UTC));
        Map<String, double[]> results = new LinkedHashMap<>();
        for (Named named : boards()) {
            Histogram millis = timeBoard(board, named.query());
            Histogram baseline = new Histogram(3);
            List<String> fromSpins = List.of();
            for (int i = 0; i < BASELINE_RUNS; i++) {
                long t0 = System.nanoTime();
                fromSpins = spinsBoard(db, named.query(), start, now);
                baseline.recordValue((System.nanoTime() - t0) / 1_000);
            }
            int entries = checkAgainstSpins(board, named, fromSpins, size + " spins, as loaded");
            double[] r = {millis.getValueAtPercentile(50) / 1e3, millis.getValueAtPercentile(99) / 1e3,
                    baseline.getValueAtPercentile(50) / 1e3, 0, 0};
            System.out.printf("%,d spins  %-24s as loaded: rollups p50 %7.1f ms  p99 %7.1f ms   raw spins p50 %8.1f ms   same %,d entries%n",
                    size, named.name(), r[0], r[1], r[2], entries);
            results.put(named.name(), r);
        }
        long mergeStarted = System.nanoTime();
        sink.mergeRollupsNow();
        System.out.printf("%,d spins: merged every rollup in %,d ms%n", size, (System.nanoTime() - mergeStarted) / 1_000_000);
        printRollupRows(db, size, "merged");
        for (Named named : boards()) {
            Histogram millis = timeBoard(board, named.query());
            double[] r = results.get(named.name());
            r[3] = millis.getValueAtPercentile(50) / 1e3;
            r[4] = millis.getValueAtPercentile(99) / 1e3;
            int entries = checkAgainstSpins(board, named, spinsBoard(db, named.query(), start, now), size + " spins, merged");
            System.out.printf("%,d spins  %-24s merged:    rollups p50 %7.1f ms  p99 %7.1f ms   same %,d entries%n",
                    size, named.name(), r[3], r[4], entries);
        }
        return results;
    }

    /**
     * Stops the bench unless the rollups' board is the raw spins' board, entry for entry (the web's tests check it on small
     * data); returns how many entries it has.
     */
    private static int checkAgainstSpins(DuckDbBoard board, Named named, List<String> fromSpins, String when) throws Exception {
        List<String> fromRollups = board.standings(named.query(), DEPTH).entries().stream()
                .map(e -> e.rank() + " " + e.playerId() + " " + e.name() + " " + e.score()).toList();
        if (!fromRollups.equals(fromSpins)) {
            throw new IllegalStateException(named.name() + " at " + when + ": the rollups' board differs from the raw spins' ("
                    + fromRollups.size() + " against " + fromSpins.size() + " entries)");
        }
        return fromRollups.size();
    }

    /** A board's load times: 3 loads to warm up, then {@link #TIMED_RUNS} timed, in microseconds. */
    private static Histogram timeBoard(DuckDbBoard board, BoardQuery query) throws Exception {
        for (int i = 0; i < 3; i++) {
            board.standings(query, DEPTH);
        }
        Histogram micros = new Histogram(3);
        for (int i = 0; i < TIMED_RUNS; i++) {
            long t0 = System.nanoTime();
            board.standings(query, DEPTH);
            micros.recordValue((System.nanoTime() - t0) / 1_000);
        }
        return micros;
    }

    /**
     * What the boards read: the rows of each table not merged yet, which a grain merges every 50,000 added rows
     * (Rollups.MIN_ROWS_BEFORE_COMPACTION) when the merge thread keeps up with the load.
     */
    private static void printRollupRows(DuckDBConnection db, long size, String when) throws Exception {
        try (Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 'RollupCentury', count(*), count(*) FILTER (WHERE NOT Compacted) "
                     + "FROM RollupCentury UNION ALL SELECT 'RollupCenturyAllGames', count(*), count(*) FILTER (WHERE NOT Compacted) "
                     + "FROM RollupCenturyAllGames UNION ALL SELECT 'RollupCampaign', count(*), count(*) FILTER (WHERE NOT Compacted) "
                     + "FROM RollupCampaign")) {
            while (rows.next()) {
                System.out.printf("%,d spins, %s: %s holds %,d rows, %,d of them not merged%n", size, when, rows.getString(1),
                        rows.getLong(2), rows.getLong(3));
            }
        }
    }

    private static List<Named> boards() {
        List<Named> boards = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            boards.add(new Named("all-time " + metric.id(), new BoardQuery(Optional.empty(), Optional.empty(), metric, Optional.empty())));
            boards.add(new Named("campaign " + metric.id(), new BoardQuery(Optional.of("season"), Optional.empty(), metric, Optional.empty())));
            boards.add(new Named("last hour " + metric.id(),
                    new BoardQuery(Optional.of("season"), Optional.of(Duration.ofHours(1)), metric, Optional.empty())));
            boards.add(new Named("3 games " + metric.id(), new BoardQuery(Optional.of("three"), Optional.empty(), metric, Optional.empty())));
        }
        return boards;
    }

    /**
     * Spins from {@code first} on through the sink in batches of 10,000, as the ingestor writes them; with
     * {@link Players#ALL}, the last {@code players} of them are one for each player. Returns the last event time.
     */
    private static Instant load(DuckDbGamePlaySink sink, DuckDBConnection db, long size, int players, Players who, Instant first)
            throws Exception {
        SteppingClock clock = new SteppingClock(first);
        Random random = new Random(42);
        RealisticGameModel model = new RealisticGameModel(players, random, clock);
        List<Integer> everyone = new ArrayList<>();
        for (int id : BlogGameModel.playerIds(players)) {
            everyone.add(id);
        }
        Collections.shuffle(everyone, random);
        long firstOfEveryone = who == Players.ALL ? size - Math.min(size, players) : size;
        TopicPartition partition = new TopicPartition("gameplay", 0);
        long started = System.nanoTime();
        long lastReport = started;
        int retried = 0;
        for (long offset = 0; offset < size; offset += BATCH) {
            int count = (int) Math.min(BATCH, size - offset);
            List<SourcedGamePlay> rows = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                GamePlay spin = model.nextSpin();
                long n = offset + i;
                if (n >= firstOfEveryone) {
                    int k = (int) (n - firstOfEveryone);
                    spin = new GamePlay(everyone.get(k), THREE_GAMES[k % THREE_GAMES.length], spin.stake(),
                            spin.win(), spin.eventTime());
                }
                rows.add(new SourcedGamePlay(spin, "gameplay", 0, n));
                clock.step(EVENT_TIME_PER_SPIN);
            }
            Batch batch = new Batch(rows, List.of(), Map.of(partition, new OffsetRange(offset, offset + count - 1)));
            long firstFailure = 0;
            for (int attempt = 1; ; attempt++) {
                try {
                    sink.write(batch);
                    break;
                } catch (SinkException e) {
                    // As the ingestor does (RetryingBatch): the batch was rolled back whole, and goes again.
                    // Counted, so that a store that refuses batches under this load shows in the figures.
                    firstFailure = attempt == 1 ? System.nanoTime() : firstFailure;
                    if (e instanceof SinkException.StoreUnusable
                            || System.nanoTime() - firstFailure > RETRY.giveUpAfter().toNanos()) {
                        throw e;
                    }
                    retried++;
                    long wait = RETRY.delayAfter(attempt).toMillis();
                    System.out.printf("batch at offset %,d refused (%s); again in %d ms; DuckDB memory %s%n", offset,
                            rootMessage(e), wait, memoryByTag(db));
                    Thread.sleep(wait);
                }
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                System.out.printf("loading: %,d of %,d spins, %,.0f spins/s; DuckDB memory %s%n", offset + count, size,
                        (offset + count) / ((lastReport - started) / 1e9), memoryByTag(db));
            }
        }
        System.out.printf("loaded %,d spins of %,d players in %.0f s (%,.0f spins/s through the sink), %d batches retried%n", size,
                players, (System.nanoTime() - started) / 1e9, size / ((System.nanoTime() - started) / 1e9), retried);
        return clock.instant();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /**
     * DuckDB's memory in use by tag (duckdb_memory()), largest first, in MiB; "temp" is what it spilled to disk. Only
     * a report: when DuckDB is out of memory this query may be refused too, and the load goes on.
     */
    private static String memoryByTag(DuckDBConnection db) {
        StringBuilder line = new StringBuilder();
        try (Statement statement = db.createStatement();
             ResultSet tags = statement.executeQuery("SELECT tag, memory_usage_bytes, temporary_storage_bytes FROM duckdb_memory() "
                     + "WHERE memory_usage_bytes + temporary_storage_bytes >= 1048576 ORDER BY memory_usage_bytes DESC")) {
            while (tags.next()) {
                line.append(String.format("%s %d", tags.getString(1).toLowerCase(Locale.ROOT), tags.getLong(2) >> 20));
                if (tags.getLong(3) > 0) {
                    line.append(String.format(" (temp %d)", tags.getLong(3) >> 20));
                }
                line.append(' ');
            }
        } catch (SQLException e) {
            return "unknown (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
        return line.isEmpty() ? "under 1 MiB per tag" : line.toString().strip() + " MiB";
    }

    /** The board from every raw spin (board-from-spins.sql), as "rank player name score" lines. */
    private static List<String> spinsBoard(DuckDBConnection db, BoardQuery query, Instant start, Instant now) throws Exception {
        Instant from = query.campaignId().isEmpty() ? Instant.parse("2000-01-01T00:00:00Z") : start.plus(Duration.ofMinutes(1));
        Instant to = query.campaignId().isEmpty() ? Instant.parse("2100-01-01T00:00:00Z") : now.plus(Duration.ofHours(1));
        if (query.window().isPresent()) {
            to = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));  // rounded out to whole minutes, as BoardRange
            Instant windowStart = now.minus(query.window().get()).truncatedTo(ChronoUnit.MINUTES);
            from = windowStart.isAfter(from) ? windowStart : from;  // never before the campaign's start, as BoardRange
        }
        try (PreparedStatement statement = db.duplicate().prepareStatement(SPINS_BOARD)) {
            statement.setObject(1, LocalDateTime.ofInstant(from, ZoneOffset.UTC));
            statement.setObject(2, LocalDateTime.ofInstant(to, ZoneOffset.UTC));
            statement.setString(3, query.campaignId().orElse(null));
            statement.setNull(4, Types.INTEGER);
            statement.setString(5, query.metric().id());
            statement.setInt(6, DEPTH);
            List<String> entries = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    entries.add(result.getLong(1) + " " + result.getInt(2) + " " + result.getString(3) + " " + result.getDouble(4));
                }
            }
            return entries;
        }
    }

    private static String utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString().replace('T', ' ');
    }

    private static String resource(String name) {
        try (InputStream in = BoardScaleBench.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Missing " + name, e);
        }
    }
}
