package dev.leaderboard.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Runs Debian's wrk (C, epoll) against a rotation of paths and reads its summary. */
final class Wrk {

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern PER_SECOND = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private Wrk() {
    }

    static BoardLoadBench.Result load(List<String> urls, int seconds, int connections) throws IOException, InterruptedException {
        URI first = URI.create(urls.get(0));
        Path script = Files.createTempFile("rotate", ".lua");
        String paths = urls.stream().map(u -> "\"" + URI.create(u).getRawPath()
                + (URI.create(u).getRawQuery() == null ? "" : "?" + URI.create(u).getRawQuery()) + "\"")
                .collect(Collectors.joining(", "));
        Files.writeString(script, "local paths = {" + paths + "}\nlocal i = 0\n"
                + "request = function()\n  i = i + 1\n  return wrk.format(\"GET\", paths[(i % #paths) + 1])\nend\n");
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
                "-s", script.toString(), first.getScheme() + "://" + first.getAuthority()).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        Files.delete(script);
        return new BoardLoadBench.Result(Long.parseLong(find(REQUESTS, out, "0")),
                Double.parseDouble(find(PER_SECOND, out, "0")), percentile(out, "50%"), percentile(out, "99%"),
                Long.parseLong(find(ERRORS, out, "0")));
    }

    private static double percentile(String out, String label) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([\\d.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no " + label + " latency in wrk's output:\n" + out);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    private static String find(Pattern pattern, String out, String otherwise) {
        Matcher m = pattern.matcher(out);
        return m.find() ? m.group(1) : otherwise;
    }
}
