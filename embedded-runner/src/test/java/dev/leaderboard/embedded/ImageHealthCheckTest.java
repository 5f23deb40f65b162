package dev.leaderboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * infra/docker/HealthCheck.java, the compose healthcheck of this project's image, run as its own JVM the
 * way Docker runs it (here from source with this JDK; the image compiles the same file): its exit code is
 * what Docker reads.
 */
class ImageHealthCheckTest {

    private static final Path SOURCE = SettingNames.REPOSITORY.resolve("infra/docker/HealthCheck.java");

    private HttpServer server;
    private volatile int status;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void exitsZeroWhenHealthAnswers200() throws Exception {
        status = 200;

        assertThat(healthCheck(url())).isZero();
    }

    @Test
    void exitsOneWhenHealthAnswers503() throws Exception {
        status = 503;

        assertThat(healthCheck(url())).isEqualTo(1);
    }

    @Test
    void exitsOneWhenNothingListens() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }

        assertThat(healthCheck("http://127.0.0.1:" + freePort + "/health")).isEqualTo(1);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    }

    private static int healthCheck(String url) throws Exception {
        Path javaLauncher = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(javaLauncher.toString(), SOURCE.toString(), url)
                .redirectErrorStream(true).start();
        process.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("HealthCheck finished").isTrue();
        return process.exitValue();
    }
}
