package dev.leaderboard.producer;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import picocli.CommandLine;

/** Runs the simulator's command line in this JVM with a given environment and standard input. */
public record Cli(int exitCode, String out, String err) {

    public static Cli run(String... args) {
        return runWith(Map.of(), "", args);
    }

    public static Cli runWith(Map<String, String> environment, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = ProducerMain.commandLine(environment,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exitCode = command.execute(args);
        return new Cli(exitCode, out.toString(), err.toString());
    }
}
