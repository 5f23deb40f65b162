package dev.leaderboard.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs Debian's wrk (C, epoll) against a rotation of paths. wrk's own Lua {@code done} hook prints the figures as one
 * line of numbers (its latency histogram's percentiles in µs), so no part of its human-readable summary is parsed.
 */
final class Wrk {

    private static final String RESULT = "RESULT";
    private static final String DONE = """
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("%s %d %d %d %d %d\\n", "RESULT", summary.requests, summary.duration,
                latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.timeout + e.status))
            end
            """;

    private Wrk() {
    }

    static BoardLoadBench.Result load(List<String> urls, int seconds, int connections) throws IOException, InterruptedException {
        URI first = URI.create(urls.get(0));
        Path script = Files.createTempFile("rotate", ".lua");
        String paths = urls.stream().map(u -> "\"" + URI.create(u).getRawPath()
                + (URI.create(u).getRawQuery() == null ? "" : "?" + URI.create(u).getRawQuery()) + "\"")
                .collect(Collectors.joining(", "));
        Files.writeString(script, "local paths = {" + paths + "}\nlocal i = 0\n"
                + "request = function()\n  i = i + 1\n  return wrk.format(\"GET\", paths[(i % #paths) + 1])\nend\n" + DONE);
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s",
                "-s", script.toString(), first.getScheme() + "://" + first.getAuthority()).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        Files.delete(script);
        return result(out);
    }

    /** Reads the {@code done} hook's line: requests, duration µs, p50 µs, p99 µs, errors (socket and non-2xx/3xx). */
    static BoardLoadBench.Result result(String out) {
        String line = out.lines().filter(l -> l.startsWith(RESULT + " ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + RESULT + " line in wrk's output:\n" + out));
        String[] n = line.split(" ");
        long requests = Long.parseLong(n[1]);
        double seconds = Long.parseLong(n[2]) / 1e6;
        return new BoardLoadBench.Result(requests, requests / seconds, Long.parseLong(n[3]) / 1000.0,
                Long.parseLong(n[4]) / 1000.0, Long.parseLong(n[5]));
    }
}
