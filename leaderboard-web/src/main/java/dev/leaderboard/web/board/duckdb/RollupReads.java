package dev.leaderboard.web.board.duckdb;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which rows a board over {@code [from, to)} reads: whole bins of the coarsest grain that fits inside
 * the range, then the next finer grain for what is left at each edge, down to raw spins for the partial
 * minutes. So a board reads about players x (bins at each grain) rows, and spins of at most two minutes.
 * The grains are the ingestor's rollups (rollup-table.sql): a minute, ten minutes, an hour, a day (UTC) and a century
 * from 2000-01-01, bins aligned from 2000-01-01 00:00 UTC. Ten minutes keep a window's edges cheap: the last hour
 * reads at most 9 minutes and 5 ten-minute bins at its start, where it read up to 59 minutes. Each grain gets at most two spans, one per edge.
 * {@code late} is the time the coarse bins read cover, up to the watermark: the minute rows of RollupLate in it
 * count with them (rows a batch added while the ingestor moved the watermark, see its Rollups.move).
 */
record RollupReads(Map<Grain, List<Span>> bins, List<Span> spins, Span late) {

    /** Rollup grains, coarsest first. */
    enum Grain { CENTURY, DAY, HOUR, TEN_MINUTES, MINUTE }

    /** {@code [from, to)}: of bin starts for a grain, of event times for spins. */
    record Span(Instant from, Instant to) {
        static final Span EMPTY = new Span(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2000-01-01T00:00:00Z"));
    }

    /** No bins and no spins: for a board that reads another table (a campaign's rollup). */
    static final RollupReads NONE = new RollupReads(Map.of(), List.of(), Span.EMPTY);

    RollupReads {
        if (bins.getOrDefault(Grain.CENTURY, List.of()).size() > 1 || spins.size() > 2
                || bins.values().stream().anyMatch(spans -> spans.size() > 2)) {
            throw new IllegalStateException("More spans than board-scores.sql reads: " + bins + " " + spins);
        }
        bins = Map.copyOf(bins);
        spins = List.copyOf(spins);
    }

    /** The reads for {@code [from, to)} when the coarse grains hold every spin (no watermark). */
    static RollupReads of(Instant from, Instant to) {
        return of(from, to, Instant.MAX);
    }

    /**
     * The reads for {@code [from, to)}, both truncated to microseconds as DuckDB stores time, when the coarse
     * grains (century, day, hour, ten minutes) hold the spins before {@code coarseBefore}, a whole minute, and the minute
     * grain holds every spin (the ingestor's RollupWatermark). Before it, bins as above; a coarse bin that holds
     * {@code coarseBefore} holds what is before it, so it is read whole when it starts in the range. From it
     * on, minute bins and the spins of the last partial minute. At most two spans per grain, as without it.
     */
    static RollupReads of(Instant from, Instant to, Instant coarseBefore) {
        Map<Grain, List<Span>> bins = new EnumMap<>(Grain.class);
        for (Grain grain : Grain.values()) {
            bins.put(grain, new ArrayList<>());
        }
        List<Span> spins = new ArrayList<>();
        Instant start = from.truncatedTo(ChronoUnit.MICROS);
        Instant end = to.truncatedTo(ChronoUnit.MICROS);
        if (!end.isAfter(coarseBefore)) {
            split(start, end, 0, bins, spins);
        } else if (!start.isBefore(coarseBefore)) {
            split(start, end, Grain.MINUTE.ordinal(), bins, spins);
        } else {
            splitUpTo(start, coarseBefore, 0, bins, spins);
            split(coarseBefore, end, Grain.MINUTE.ordinal(), bins, spins);
        }
        bins.replaceAll((grain, spans) -> joined(spans));
        return new RollupReads(bins, joined(spins), coarseCover(bins, coarseBefore));
    }

    /**
     * From the first coarse bin read to the end of the last, or to {@code coarseBefore} if that is sooner: the coarse
     * bins of a board are one run of time (finer grains read only what is left at its two ends).
     */
    private static Span coarseCover(Map<Grain, List<Span>> bins, Instant coarseBefore) {
        Instant from = null;
        Instant to = null;
        for (Grain grain : List.of(Grain.CENTURY, Grain.DAY, Grain.HOUR, Grain.TEN_MINUTES)) {
            for (Span span : bins.get(grain)) {
                from = from == null || span.from().isBefore(from) ? span.from() : from;
                to = to == null || span.to().isAfter(to) ? span.to() : to;
            }
        }
        if (from == null) {
            return Span.EMPTY;
        }
        Instant end = to.isAfter(coarseBefore) ? coarseBefore : to;
        return end.isAfter(from) ? new Span(from, end) : Span.EMPTY;
    }

    /** The {@code index}-th span of {@code grain}, or an empty one. */
    Span bins(Grain grain, int index) {
        List<Span> spans = bins.getOrDefault(grain, List.of());
        return index < spans.size() ? spans.get(index) : Span.EMPTY;
    }

    /** The {@code index}-th span of raw spins, or an empty one. */
    Span spins(int index) {
        return index < spins.size() ? spins.get(index) : Span.EMPTY;
    }

    private static void split(Instant from, Instant to, int grainIndex, Map<Grain, List<Span>> bins, List<Span> spins) {
        if (!from.isBefore(to)) {
            return;
        }
        if (grainIndex == Grain.values().length) {
            spins.add(new Span(from, to));
            return;
        }
        Grain grain = Grain.values()[grainIndex];
        Instant firstWhole = ceil(grain, from);
        Instant endOfWhole = floor(grain, to);
        if (firstWhole.isBefore(endOfWhole)) {
            bins.get(grain).add(new Span(firstWhole, endOfWhole));
            split(from, firstWhole, grainIndex + 1, bins, spins);
            split(endOfWhole, to, grainIndex + 1, bins, spins);
        } else {
            split(from, to, grainIndex + 1, bins, spins);
        }
    }

    /**
     * {@code [from, coarseBefore)}: at each grain, the bins that start in the range up to the one holding
     * {@code coarseBefore} (whose rows hold only what is before it), and the finer grains for the rest at the left.
     */
    private static void splitUpTo(Instant from, Instant coarseBefore, int grainIndex, Map<Grain, List<Span>> bins,
                                  List<Span> spins) {
        Grain grain = Grain.values()[grainIndex];
        if (grain == Grain.MINUTE) {
            split(from, coarseBefore, grainIndex, bins, spins);  // the minute grain holds every spin
            return;
        }
        Instant firstWhole = ceil(grain, from);
        Instant endOfHolding = ceil(grain, coarseBefore);
        if (firstWhole.isBefore(endOfHolding)) {
            bins.get(grain).add(new Span(firstWhole, endOfHolding));
            split(from, firstWhole, grainIndex + 1, bins, spins);
        } else {
            splitUpTo(from, coarseBefore, grainIndex + 1, bins, spins);
        }
    }

    /** The spans with those that touch merged: [a, b) and [b, c) read as [a, c). */
    private static List<Span> joined(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort((x, y) -> x.from().compareTo(y.from()));
        List<Span> joined = new ArrayList<>();
        for (Span span : sorted) {
            Span last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (last != null && last.to().equals(span.from())) {
                joined.set(joined.size() - 1, new Span(last.from(), span.to()));
            } else {
                joined.add(span);
            }
        }
        return joined;
    }

    /** Ten minutes in seconds: its bins start at whole multiples of it from the epoch, as from 2000-01-01 00:00 UTC. */
    private static final long TEN_MINUTES_SECONDS = 600;

    static Instant floor(Grain grain, Instant time) {
        return switch (grain) {
            case CENTURY -> {
                int year = LocalDateTime.ofInstant(time, ZoneOffset.UTC).getYear();
                yield LocalDateTime.of(2000 + 100 * Math.floorDiv(year - 2000, 100), 1, 1, 0, 0).toInstant(ZoneOffset.UTC);
            }
            case DAY -> time.truncatedTo(ChronoUnit.DAYS);
            case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
            case TEN_MINUTES -> Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), TEN_MINUTES_SECONDS) * TEN_MINUTES_SECONDS);
            case MINUTE -> time.truncatedTo(ChronoUnit.MINUTES);
        };
    }

    static Instant ceil(Grain grain, Instant time) {
        Instant floor = floor(grain, time);
        if (floor.equals(time)) {
            return time;
        }
        return switch (grain) {
            case CENTURY -> LocalDateTime.ofInstant(floor, ZoneOffset.UTC).plusYears(100).toInstant(ZoneOffset.UTC);
            case DAY -> floor.plus(1, ChronoUnit.DAYS);
            case HOUR -> floor.plus(1, ChronoUnit.HOURS);
            case TEN_MINUTES -> floor.plusSeconds(TEN_MINUTES_SECONDS);
            case MINUTE -> floor.plus(1, ChronoUnit.MINUTES);
        };
    }
}
