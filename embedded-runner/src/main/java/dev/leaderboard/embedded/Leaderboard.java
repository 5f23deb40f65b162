package dev.leaderboard.embedded;

import java.io.PrintStream;
import java.util.Arrays;

import dev.leaderboard.adx.schema.KqlApply;
import dev.leaderboard.ingest.IngestorMain;
import dev.leaderboard.kafka.embedded.EmbeddedKafkaMain;
import dev.leaderboard.producer.ProducerMain;
import dev.leaderboard.settings.SettingOptions;
import dev.leaderboard.web.WebMain;

/**
 * One command line for every app: {@code bin/leaderboard COMMAND [options]} or {@code java -jar
 * embedded-runner.jar COMMAND [options]}. Without a command (or with only options) it runs the whole system,
 * so {@code java -jar embedded-runner.jar} stays the one command to try it. Each command keeps its own
 * options and exit codes (0 done, 1 failed, 2 bad command line or setting).
 */
public final class Leaderboard {

    private static final String USAGE = """
            Usage: leaderboard [COMMAND] [OPTIONS]
            The real-time gaming leaderboard; every setting is an option whose default is its environment variable.
              run        the whole system in one JVM: Kafka, simulator, ingestor, web on DuckDB (the default)
              simulate   the game simulator (the blog's producer.py flags: -t gameplay -l -e 1000; --rate; consume, ...)
              ingest     the ingestor alone: Kafka into DuckDB or ADX
              web        the leaderboard web alone, on DuckDB or ADX
              kql-apply  applies kql/schema to an ADX cluster or the Kusto emulator
              kafka      a single-node Kafka broker: kafka DATA_DIR PORT
            leaderboard COMMAND --help lists a command's options with their defaults; --version prints the version.""";

    private Leaderboard() {
    }

    public static void main(String[] args) {
        System.exit(launch(args));
    }

    static int launch(String[] args) {
        if (args.length == 0 || (args[0].startsWith("-") && !isHelpOrVersion(args[0]))) {
            return SettingOptions.commandLine(new EmbeddedRunner()).execute(args);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "run" -> SettingOptions.commandLine(new EmbeddedRunner()).execute(rest);
            case "simulate" -> ProducerMain.commandLine(System.getenv(), System.in).execute(rest);
            case "ingest" -> SettingOptions.commandLine(new IngestorMain()).execute(rest);
            case "web" -> SettingOptions.commandLine(new WebMain()).execute(rest);
            case "kql-apply" -> SettingOptions.commandLine(new KqlApply.Command()).execute(rest);
            case "kafka" -> SettingOptions.commandLine(new EmbeddedKafkaMain()).execute(rest);
            case "-h", "--help", "help" -> print(System.out, USAGE, 0);
            case "-V", "--version" -> print(System.out, "leaderboard " + SettingOptions.ProjectVersion.version(), 0);
            default -> print(System.err, "Unknown command '" + args[0] + "'\n" + USAGE, 2);
        };
    }

    private static boolean isHelpOrVersion(String arg) {
        return Arrays.asList("-h", "--help", "-V", "--version").contains(arg);
    }

    private static int print(PrintStream out, String text, int exitCode) {
        out.println(text);
        return exitCode;
    }
}
