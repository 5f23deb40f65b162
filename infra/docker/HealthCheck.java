import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The compose healthcheck of this project's own image: exits 0 when the URL answers 2xx, 1 otherwise.
 * The runtime image is a JRE, and whether it carries curl or wget is its publisher's choice (Temurin's
 * newer images dropped curl), so the check needs nothing but the java the apps already run on.
 * Compiled in the Dockerfile's build stage, into /app/healthcheck; no package, no dependency.
 */
public final class HealthCheck {

    /** A check that hangs is a failed check; compose's own timeout would only report it later. */
    private static final int TIMEOUT_MS = 3_000;

    private HealthCheck() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java HealthCheck http://localhost:PORT/health");
            System.exit(2);
        }
        System.exit(check(args[0]));
    }

    static int check(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MS);
            connection.setReadTimeout(TIMEOUT_MS);
            int status = connection.getResponseCode();
            InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            if (body != null) {
                body.close();
            }
            if (status >= 200 && status < 300) {
                return 0;
            }
            System.err.println(url + " answered " + status);
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(url + " did not answer: " + e);
            return 1;
        }
    }
}
