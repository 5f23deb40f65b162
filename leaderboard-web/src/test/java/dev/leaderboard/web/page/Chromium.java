package dev.leaderboard.web.page;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket, JSON commands with ids):
 * just enough to open a page, evaluate JavaScript in it and take a screenshot. The browser is
 * {@code /usr/bin/chromium} or {@code CHROMIUM_PATH}; a missing browser fails the test, saying how to install it.
 */
final class Chromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS_URL = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Chromium(Process process, Path profile, WebSocket page) {
        this.process = process;
        this.profile = profile;
        this.page = page;
    }

    static Chromium launch() throws Exception {
        String executable = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(executable))) {
            throw new IllegalStateException("No Chromium at " + executable + ": the page test needs a real browser. "
                    + "Install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH.");
        }
        Path profile = Files.createTempDirectory("chromium-profile");
        Process process = new ProcessBuilder(executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).start();
        URI browser = URI.create(devToolsUrl(process));
        Chromium chromium = null;
        try {
            HttpClient http = HttpClient.newHttpClient();
            String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            String pageUrl = null;
            for (JsonNode target : JSON.readTree(list)) {
                if ("page".equals(target.get("type").asText())) {
                    pageUrl = target.get("webSocketDebuggerUrl").asText();
                }
            }
            if (pageUrl == null) {
                throw new IllegalStateException("Chromium opened no page: " + list);
            }
            Listener listener = new Listener();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), listener).get(10, TimeUnit.SECONDS);
            chromium = new Chromium(process, profile, socket);
            listener.chromium = chromium;
            return chromium;
        } finally {
            if (chromium == null) {
                process.destroyForcibly();
            }
        }
    }

    /** Emulates a screen of this size; {@code mobile} gives a phone's viewport behaviour. */
    void viewport(int width, int height, boolean mobile) throws Exception {
        send("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    void navigate(String url) throws Exception {
        send("Page.navigate", Map.of("url", url));
    }

    /** Evaluates an expression (awaiting a promise) and returns its JSON value. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate",
                Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("Page threw: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    void screenshot(Path file) throws Exception {
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    private JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        page.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .get(10, TimeUnit.SECONDS);
        JsonNode message = reply.get(30, TimeUnit.SECONDS);
        if (message.has("error")) {
            throw new IllegalStateException(method + " failed: " + message.get("error"));
        }
        return message.get("result");
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
                if (reply != null) {
                    reply.complete(message);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable DevTools message", e);
        }
    }

    private static String devToolsUrl(Process process) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            Matcher url = DEVTOOLS_URL.matcher(line);
            if (url.find()) {
                Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }), "chromium-output");
                drain.setDaemon(true);
                drain.start();
                return url.group(1);
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("Chromium exited without a DevTools address:\n" + seen);
    }

    @Override
    public void close() throws Exception {
        page.abort();
        // Chromium's helper processes (network service, renderers) outlive the main one for a moment and
        // keep writing to the profile, so they are stopped and awaited too before the profile is removed.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle helper : helpers) {
            helper.destroyForcibly();
            helper.onExit().get(10, TimeUnit.SECONDS);
        }
        Files.walkFileTree(profile, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Joins a message's frames, then hands it to the browser object. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder frames = new StringBuilder();
        volatile Chromium chromium;

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            frames.append(data);
            if (last) {
                String message = frames.toString();
                frames.setLength(0);
                chromium.received(message);
            }
            socket.request(1);
            return null;
        }
    }
}
