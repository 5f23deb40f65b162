package dev.leaderboard.bench.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaderboard.embedded.EmbeddedSystem;
import dev.leaderboard.embedded.RunnerConfig;
import dev.leaderboard.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 6: the embedded system, ingesting its simulator, gets every API parameter with a corpus of bad values
 * (alone, repeated, all at once), odd targets, odd methods and an oversized header, over a raw socket.
 * Never a 5xx, every error JSON with an "error"; the board's latency before and after is measured with
 * the same client. The short form is leaderboard-web's BadRequestCorpusTest.
 */
final class HttpBadRequests {

    private static final Logger log = LoggerFactory.getLogger(HttpBadRequests.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The corpus's figures: requests, answers by status, promises broken, board latency before and after. */
    record Result(String scenario, int requests, Map<Integer, Integer> byStatus, List<String> violations,
                  double p50Before, double p99Before, double p50After, double p99After) implements Outcome {
        @Override
        public boolean passed() {
            return violations.isEmpty() && p99After <= Math.max(3 * p99Before, p99Before + 50);
        }

        @Override
        public String line() {
            return String.format("%-16s %,d requests, statuses %s, %d violations; board p50/p99 before %.1f/%.1f ms, "
                    + "after %.1f/%.1f ms -> %s", scenario, requests, byStatus, violations.size(), p50Before, p99Before,
                    p50After, p99After, passed() ? "HELD" : "BROKEN");
        }
    }

    private record Answer(int status, String contentType, String body) {
    }

    static final List<String> ROUTES = List.of("/api/leaderboard", "/api/players/101", "/api/leaderboard/stream",
            "/api/campaigns", "/api/activity", "/health", "/metrics");
    static final List<String> PARAMETERS = List.of("campaign", "window", "metric", "game", "limit", "offset", "around");
    static final List<String> BAD_VALUES = List.of(
            "", " ", "-1", "0", "-0", "+1", "1.5", "1e3", "0x10", "NaN", "Infinity", "true",
            "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775808",
            "99999999999999999999999999999999",
            "\u0663", "\uFF11", "\u00f1and\u00fa", "\uD83C\uDFB0", "\u202Eevil", "\u0000", "\uFFFD", "\r\nX-Injected: 1",
            "' OR '1'='1", "1; DROP TABLE GamePlay; --", "1 UNION SELECT * FROM Players", "launch-week'--",
            "x\" | take 100000000 //", "GamePlay | summarize count()", "'); .drop table GamePlay --",
            "launch-week' or 1==1 //", "${jndi:ldap://x}", "../../etc/passwd", "<script>alert(1)</script>",
            "%", "%%", "{}", "[]", "null", "0m", "59s", "31d", "999999d", "1y", "15M", "-5m",
            "launch-week", "nosuchcampaign", "9".repeat(2_000), "a".repeat(7_000));
    static final List<String> ODD_TARGETS = List.of(
            "/api/nope", "/api/leaderboard/extra", "/api/players", "/api/players/", "/api/players/1/2",
            "/api/players/%ZZ", "/api/players/%00", "/api/players/..%2F..%2Fetc%2Fpasswd", "/api/../../etc/passwd",
            "/api/leaderboard?limit=%", "/api/leaderboard?limit=%G1", "/api/leaderboard?=&&&=", "/api/leaderboard?limit",
            "/api/%F0%9F%8E%B0", "/" + "x".repeat(10_000), "/api/leaderboard?limit=" + "1".repeat(100_000),
            "/api/leaderboard;limit=5", "/API/LEADERBOARD", "//api//leaderboard", "/api/leaderboard/", "*");

    private HttpBadRequests() {
    }

    static List<Outcome> run() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("bench", "target", "chaos")).toAbsolutePath(),
                "http-");
        RunnerConfig config = RunnerConfig.from(new Settings(Map.of("EMBEDDED_KAFKA_PORT", "0", "WEB_PORT", "0",
                "DATA_DIR", dataDir.toString(), "SIMULATOR_RATE", "500", "SIMULATOR_USERS", "2000")));
        try (EmbeddedSystem system = EmbeddedSystem.start(config)) {
            int port = system.webPort();
            awaitEntries(port);
            double[] before = boardLatency(port);
            Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
            List<String> violations = new ArrayList<>();
            List<String[]> corpus = corpus();
            for (String[] request : corpus) {
                Answer answer = send(port, request[0], request[1], request.length > 2 ? request[2] : "");
                byStatus.merge(answer.status(), 1, Integer::sum);
                String problem = problemWith(request[0], answer);
                if (problem != null) {
                    violations.add(request[0] + " " + abbreviate(request[1]) + " -> " + answer.status() + " "
                            + answer.contentType() + ": " + problem);
                    log.error("HTTP promise broken: {}", violations.get(violations.size() - 1));
                }
            }
            double[] after = boardLatency(port);
            return List.of(new Result("http", corpus.size(), byStatus, violations, before[0], before[1], after[0], after[1]));
        }
    }

    static List<String[]> corpus() {
        List<String[]> requests = new ArrayList<>();
        for (String route : ROUTES) {
            for (String parameter : PARAMETERS) {
                for (String value : BAD_VALUES) {
                    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
                    requests.add(new String[] {"GET", route + "?" + parameter + "=" + encoded});
                    requests.add(new String[] {"GET", route + "?" + parameter + "=" + encoded + "&" + parameter + "=1"});
                    requests.add(new String[] {"GET", route + "?" + parameter + "=1&" + parameter + "=" + encoded});
                }
            }
            for (String value : BAD_VALUES) {
                String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
                StringBuilder all = new StringBuilder(route).append('?');
                PARAMETERS.forEach(parameter -> all.append(parameter).append('=').append(encoded).append('&'));
                requests.add(new String[] {"GET", all.toString()});
            }
        }
        for (String value : BAD_VALUES) {
            requests.add(new String[] {"GET", "/api/players/" + URLEncoder.encode(value, StandardCharsets.UTF_8)
                    .replace("+", "%20")});
        }
        ODD_TARGETS.forEach(target -> requests.add(new String[] {"GET", target}));
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "FOO", "HEAD")) {
            requests.add(new String[] {method, "/api/leaderboard"});
            requests.add(new String[] {method, "/api/nope"});
        }
        requests.add(new String[] {"GET", "/api/leaderboard", "X-Big: " + "b".repeat(64 * 1024) + "\r\n"});
        requests.add(new String[] {"GET", "/api/leaderboard", "Accept: text/html\r\n"});
        requests.add(new String[] {"GET", "/api/nope", "Accept: text/html\r\n"});
        return requests;
    }

    /** Null when the answer keeps the promise: below 500, and a 4xx is JSON with an "error" (HEAD: no body, by HTTP). */
    static String problemWith(String method, Answer answer) {
        if (answer.status() == 0) {
            return "no HTTP answer";
        }
        if (answer.status() >= 500) {
            return "a 5xx";
        }
        if (answer.status() < 400) {
            return null;
        }
        if (!answer.contentType().startsWith("application/json")) {
            return "an error that is not JSON";
        }
        if (method.equals("HEAD")) {
            return null;
        }
        try {
            JsonNode body = JSON.readTree(answer.body());
            return body != null && body.hasNonNull("error") ? null : "a JSON error without \"error\"";
        } catch (IOException e) {
            return "a body that does not parse as JSON";
        }
    }

    /** p50 and p99 in ms of 400 sequential board requests with the same raw client. */
    private static double[] boardLatency(int port) throws IOException {
        long[] nanos = new long[400];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            Answer answer = send(port, "GET", "/api/leaderboard?campaign=launch-week&limit=10", "");
            nanos[i] = System.nanoTime() - start;
            if (answer.status() != 200) {
                throw new IllegalStateException("the board answered " + answer.status() + ": " + answer.body());
            }
        }
        Arrays.sort(nanos);
        return new double[] {nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99) - 1] / 1e6};
    }

    private static void awaitEntries(int port) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            Answer answer = send(port, "GET", "/api/leaderboard?campaign=launch-week", "");
            if (answer.status() == 200 && JSON.readTree(answer.body()).path("entries").size() > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no spins on the board after 2 minutes");
    }

    /** HTTP/1.0 over a socket: sends what java.net.http refuses to build; stops reading an event stream at its head. */
    private static Answer send(int port, String method, String target, String extraHeaders) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.0\r\nHost: localhost\r\n" + extraHeaders + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        try {
            while ((n = in.read(buffer)) > 0) {
                bytes.write(buffer, 0, n);
                String soFar = bytes.toString(StandardCharsets.ISO_8859_1);
                int headEnd = soFar.indexOf("\r\n\r\n");
                if (headEnd >= 0 && (soFar.substring(0, headEnd).contains("text/event-stream") || bytes.size() > 1 << 20)) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // an event stream stays open: what arrived is the answer
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Answer(0, "", "no complete HTTP head: " + abbreviate(text));
        }
        String[] head = text.substring(0, end).split("\r\n");
        String contentType = "";
        for (String header : head) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = header.substring("content-type:".length()).trim();
            }
        }
        return new Answer(Integer.parseInt(head[0].split(" ")[1]), contentType, text.substring(end + 4));
    }

    static String abbreviate(String text) {
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "...(" + oneLine.length() + " chars)";
    }
}
