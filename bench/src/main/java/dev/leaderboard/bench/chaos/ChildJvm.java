package dev.leaderboard.bench.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One of the system's parts as its own OS process, so a fault can be a real SIGKILL or SIGTERM. */
final class ChildJvm {

    /** The heap the README's run command gives the runner; the harness gives every part the same. */
    static final String README_HEAP = "320m";

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private Process process;
    private int starts;

    ChildJvm(String name, Class<?> mainClass, List<String> args, Map<String, String> env, Path logFolder) {
        this(name, List.of("-Xmx" + README_HEAP), mainClass, args, env, logFolder);
    }

    /** With these JVM options instead of the harness's -Xmx320m (the soak's --heap). */
    ChildJvm(String name, List<String> jvmOptions, Class<?> mainClass, List<String> args, Map<String, String> env,
             Path logFolder) {
        this.name = name;
        this.command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        this.command.addAll(jvmOptions);
        this.command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        this.command.addAll(args);
        this.env = Map.copyOf(env);
        this.log = logFolder.resolve(name + ".log");
    }

    ChildJvm start() {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(starts++ == 0 ? ProcessBuilder.Redirect.to(log.toFile())
                        : ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
        return this;
    }

    /** SIGKILL: no shutdown hook, no flush, no commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then wait for the shutdown hooks to finish. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not stop within 60 s after SIGTERM; see " + log);
        }
    }

    /** Where the process's output goes (stdout and stderr, appended on each restart). */
    Path log() {
        return log;
    }

    /** The operating system's id of the running process, for /proc/PID/status. */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    String name() {
        return name;
    }
}
