package dev.leaderboard.producer.csv;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

import dev.leaderboard.producer.ModelOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes a backfill CSV for the blog's post II. Event times come from a virtual clock: the first spin at
 * {@code --start}, then one every 1/{@code --rate} s, so a run with {@code --seed} and {@code --start}
 * writes the same file byte for byte.
 */
@Command(name = "export-csv", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes spins to a CSV with the blog's header PlayerID,GameID,Win,Stake,EventTime.")
public final class ExportCsvCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, description = "The CSV file to write.")
    Path output;

    @Option(names = {"-e", "--events"}, defaultValue = "10", description = "Spins to write (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--start", description = "EventTime of the first spin, ISO-8601 (default: now, to the second).")
    Instant start;

    @Option(names = "--rate", defaultValue = "100", description = "Spins per second of event time (default: ${DEFAULT-VALUE}).")
    double rate;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws Exception {
        if (events < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-e/--events must be at least 0, was " + events);
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be a positive number, was " + rate);
        }
        Instant first = start != null ? start : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CsvExport.write(model.create(new SteppingClock(first, Duration.ofNanos((long) (1e9 / rate)))), events, output);
        spec.commandLine().getOut().printf("Wrote %d spins to %s%n", events, output);
        return CommandLine.ExitCode.OK;
    }

    /** A clock that moves one step each time it is read: the model reads it once per spin. */
    static final class SteppingClock extends Clock {
        private final Duration step;
        private Instant next;

        SteppingClock(Instant first, Duration step) {
            this.next = first;
            this.step = step;
        }

        @Override
        public Instant instant() {
            Instant now = next;
            next = next.plus(step);
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("event times are UTC");
        }
    }
}
