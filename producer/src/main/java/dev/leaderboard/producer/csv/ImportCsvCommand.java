package dev.leaderboard.producer.csv;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.producer.BrokerCheck;
import dev.leaderboard.producer.BrokerCheck.BrokerUnreachableException;
import dev.leaderboard.producer.ProducerMain;
import dev.leaderboard.producer.SpinSender;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Publishes a backfill CSV to the topic, re-timed to now with its relative spacing kept (what the blog's
 * GamePlayStaging update policy did inside ADX), as fast as the broker takes it.
 */
@Command(name = "import-csv", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Publishes a CSV (PlayerID,GameID,Win,Stake,EventTime) re-timed to now.")
public final class ImportCsvCommand implements Callable<Integer> {

    @ParentCommand
    ProducerMain parent;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, description = "The CSV file to read.")
    Path input;

    @Option(names = {"-t", "--topic"}, required = true, description = "Topic to publish to.")
    String topic;

    @Option(names = {"-b", "--bootstrap"}, defaultValue = "localhost:9092",
            description = "Bootstrap servers (default: ${DEFAULT-VALUE}; env BOOTSTRAP_SERVERS overrides).")
    String bootstrap;

    @Override
    public Integer call() throws Exception {
        List<GamePlay> spins;
        try {
            spins = CsvImport.read(input);
        } catch (IllegalArgumentException | java.io.IOException e) {
            spec.commandLine().getErr().println("Cannot import: " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
        String servers = parent.bootstrapServers(bootstrap);
        try {
            BrokerCheck.requireReachable(servers, java.time.Duration.ofSeconds(10));
        } catch (BrokerUnreachableException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
        try (SpinSender sender = new SpinSender(servers, topic)) {
            CsvImport.retime(spins, Instant.now()).forEach(sender::send);
            sender.flush();
            spec.commandLine().getOut().printf("Imported %d spins from %s to %s: %d acknowledged, %d failed%n",
                    spins.size(), input, topic, sender.acknowledged(), sender.failed());
            return sender.failed() == 0 ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
        }
    }
}
