package dev.leaderboard.producer;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.leaderboard.producer.BrokerCheck.BrokerUnreachableException;
import dev.leaderboard.producer.consume.ConsumeCommand;
import dev.leaderboard.producer.csv.ExportCsvCommand;
import dev.leaderboard.producer.csv.ImportCsvCommand;
import dev.leaderboard.producer.players.PlayerProfilePublisher;
import dev.leaderboard.producer.players.PlayerProfiles;
import dev.leaderboard.producer.realistic.GamesCommand;
import dev.leaderboard.players.PlayerTopics;
import dev.leaderboard.settings.SettingOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The game simulator's command line. With the blog's flags it behaves as the blog's {@code producer.py}:
 * interactive without {@code -l}, a paced loop with it. {@code --rate} is the load mode; the subcommands
 * are the blog's debug consumer, the backfill CSV and the game catalog. Exit codes: 0 done, 1 a send
 * failed or Kafka did not answer, 2 bad command line.
 */
@Command(name = "game-simulator", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = SettingOptions.ProjectVersion.class,
        description = "Publishes slot-game spins (the blog's event format) to Kafka.",
        subcommands = {ConsumeCommand.class, ExportCsvCommand.class, ImportCsvCommand.class, GamesCommand.class})
public final class ProducerMain implements Callable<Integer> {

    static final String BOOTSTRAP_ENV = "BOOTSTRAP_SERVERS";

    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--topic"}, description = "Topic to publish to (required).")
    String topic;

    @Option(names = {"-b", "--bootstrap"}, defaultValue = "localhost:9092",
            description = "Bootstrap servers (default: ${DEFAULT-VALUE}; env BOOTSTRAP_SERVERS overrides).")
    String bootstrap;

    @Option(names = {"-l", "--loop"}, description = "Run in a loop instead of asking before each event.")
    boolean loop;

    @Option(names = {"-e", "--events"},
            description = "Events to send: with -l default 10; with --rate default unbounded.")
    Long events;

    @Option(names = {"-m", "--min_latency"}, description = "With -l, minimum pause after each event in ms (default 500).")
    Integer minLatency;

    @Option(names = {"-x", "--max_latency"}, description = "With -l, maximum pause after each event in ms (default 1000).")
    Integer maxLatency;

    @Option(names = {"-p", "--print_n_msg"}, description = "With -l, print every n-th event (default 100).")
    Integer printEveryNth;

    @Mixin
    ModelOptions model;

    @Option(names = "--rate", description = "Load mode: events per second, held steady (replaces -l, -m, -x).")
    Double rate;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "With --rate, stop after this long (90s, 5m, 2h); default: -e or until Ctrl-C.")
    Duration duration;

    @Option(names = "--profiles",
            description = "First publish a profile (Datafaker name, country) for every player to --players-topic.")
    boolean profiles;

    @Option(names = "--players-topic", defaultValue = PlayerTopics.PLAYERS,
            description = "Compacted topic of player profiles (default: ${DEFAULT-VALUE}).")
    String playersTopic;

    @Option(names = "--connect-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to wait for Kafka to answer at start (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    private final Map<String, String> environment;
    private final InputStream stdin;

    public ProducerMain(Map<String, String> environment, InputStream stdin) {
        this.environment = Map.copyOf(environment);
        this.stdin = stdin;
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv(), System.in).execute(args));
    }

    /** The command line with its subcommands, for main and for tests. */
    public static CommandLine commandLine(Map<String, String> environment, InputStream stdin) {
        return new CommandLine(new ProducerMain(environment, stdin))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(ProducerMain::printErrorAndUsage);
    }

    /** Every bad command line gets the same answer: what was wrong (naming the flag), then the usage. */
    private static int printErrorAndUsage(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        command.usage(err);
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The blog's rule: BOOTSTRAP_SERVERS, when set, wins over {@code -b}. */
    public String bootstrapServers(String fromFlag) {
        String fromEnvironment = environment.get(BOOTSTRAP_ENV);
        return fromEnvironment == null || fromEnvironment.isBlank() ? fromFlag : fromEnvironment.trim();
    }

    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public Integer call() throws Exception {
        validate();
        String servers = bootstrapServers(bootstrap);
        try {
            BrokerCheck.requireReachable(servers, connectTimeout);
        } catch (BrokerUnreachableException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
        if (profiles) {
            try {
                PlayerProfilePublisher.publish(servers, playersTopic, PlayerProfiles.forPlayers(
                        BlogGameModel.playerIds(model.users()), model.profileSeed(), Clock.systemUTC().instant()));
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return CommandLine.ExitCode.SOFTWARE;
            }
        }
        GameModel spins = model.create(Clock.systemUTC());
        if (rate != null) {
            return publishAtRate(new SpinSender(servers, topic), spins);
        }
        try (SpinSender sender = new SpinSender(servers, topic)) {
            if (loop) {
                LatencyLoop latencyLoop = new LatencyLoop(sender, spins, out());
                whileStoppableByCtrlC(() -> latencyLoop.run(events == null ? 10 : events,
                        orDefault(minLatency, 500), orDefault(maxLatency, 1000), orDefault(printEveryNth, 100)),
                        () -> {
                            latencyLoop.stop();
                            sender.close();
                        });
            } else {
                BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
                whileStoppableByCtrlC(() -> new InteractivePrompt(sender, spins, out()).run(in), sender::close);
            }
            sender.flush();
            return sender.failed() == 0 ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
        }
    }

    private int publishAtRate(SpinSender sender, GameModel spins) throws Exception {
        SpinPublisher publisher = new SpinPublisher(sender, spins,
                new RatePlan(rate, events == null ? Long.MAX_VALUE : events, Optional.ofNullable(duration)));
        try {
            whileStoppableByCtrlC(publisher::run, publisher::close);
        } finally {
            publisher.close();
        }
        return publisher.failed() == 0 ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
    }

    private void validate() {
        if (topic == null || topic.isBlank()) {
            throw usage("Missing required option: '--topic=<topic>' (-t)");
        }
        requireAtLeast("-u/--users", model.users(), 0);
        if (events != null) {
            requireAtLeast("-e/--events", events, 0);
        }
        if (printEveryNth != null) {
            requireAtLeast("-p/--print_n_msg", printEveryNth, 1);
        }
        if (minLatency != null) {
            requireAtLeast("-m/--min_latency", minLatency, 0);
        }
        if (maxLatency != null) {
            requireAtLeast("-x/--max_latency", maxLatency, 0);
        }
        if (orDefault(minLatency, 500) > orDefault(maxLatency, 1000)) {
            throw usage("-m/--min_latency (" + orDefault(minLatency, 500) + ") must not exceed -x/--max_latency ("
                    + orDefault(maxLatency, 1000) + ")");
        }
        if (rate != null) {
            if (!(rate > 0) || rate.isInfinite()) {
                throw usage("--rate must be a positive number of events per second, was " + rate);
            }
            if (minLatency != null || maxLatency != null) {
                throw usage("--rate sets the pace: drop -m/--min_latency and -x/--max_latency");
            }
        } else if (duration != null) {
            throw usage("--duration needs --rate");
        }
        if (duration != null && duration.isZero()) {
            throw usage("--duration must be longer than zero");
        }
    }

    private void requireAtLeast(String flag, long value, long min) {
        if (value < min) {
            throw usage(flag + " must be at least " + min + ", was " + value);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static int orDefault(Integer value, int defaultValue) {
        return value == null ? defaultValue : value;
    }

    /** Runs a mode with a shutdown hook that stops it and flushes, removed again when the mode ends. */
    static void whileStoppableByCtrlC(Mode mode, Runnable stop) throws Exception {
        Thread hook = new Thread(stop, "simulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            mode.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or has run: it stops the mode itself.
            }
        }
    }

    /** One of the simulator's modes, run to its end. */
    @FunctionalInterface
    interface Mode {
        void run() throws Exception;
    }
}
