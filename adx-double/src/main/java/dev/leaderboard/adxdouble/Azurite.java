package dev.leaderboard.adxdouble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Microsoft's Azure Storage emulator (npm {@code azurite}, installed by {@code npm ci} in
 * {@code adx-double/azurite}) as a child process on free loopback ports, with its data in a temporary
 * folder. The queued path's blobs and queue messages go through it, byte for byte as to Azure Storage.
 */
public final class Azurite implements AutoCloseable {

    /** Azurite's documented development account and key: public, and only valid against the emulator. */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path dataDir;
    private final int blobPort;
    private final int queuePort;
    private final int tablePort;

    private Azurite(Process process, Path dataDir, int blobPort, int queuePort, int tablePort) {
        this.process = process;
        this.dataDir = dataDir;
        this.blobPort = blobPort;
        this.queuePort = queuePort;
        this.tablePort = tablePort;
    }

    /** Starts Azurite from the npm folder holding its {@code node_modules}; fails saying how to install it. */
    public static Azurite start(Path npmFolder) {
        Path script = npmFolder.resolve("node_modules/azurite/dist/src/azurite.js");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("Azurite is not installed: run `npm ci` in " + npmFolder.toAbsolutePath());
        }
        try {
            Path dataDir = Files.createTempDirectory("azurite");
            int blobPort = freePort();
            int queuePort = freePort();
            int tablePort = freePort();
            Process process = new ProcessBuilder(List.of("node", script.toString(),
                    "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(blobPort),
                    "--queueHost", "127.0.0.1", "--queuePort", Integer.toString(queuePort),
                    "--tableHost", "127.0.0.1", "--tablePort", Integer.toString(tablePort),
                    "--location", dataDir.toString(), "--silent", "--skipApiVersionCheck"))
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("azurite.out").toFile())
                    .start();
            Azurite azurite = new Azurite(process, dataDir, blobPort, queuePort, tablePort);
            azurite.awaitListening();
            return azurite;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Azurite (is `node` on the PATH?)", e);
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + "; see " + dataDir.resolve("azurite.out"));
            }
            if (answers(blobPort) && answers(queuePort) && answers(tablePort)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while Azurite started", e);
            }
        }
        close();
        throw new IllegalStateException("Azurite did not listen within " + START_TIMEOUT.toSeconds() + " s");
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Path-style endpoint, as Azurite serves it: {@code http://127.0.0.1:PORT/devstoreaccount1}. */
    public String blobEndpoint() {
        return "http://127.0.0.1:" + blobPort + "/" + ACCOUNT;
    }

    public String queueEndpoint() {
        return "http://127.0.0.1:" + queuePort + "/" + ACCOUNT;
    }

    public String tableEndpoint() {
        return "http://127.0.0.1:" + tablePort + "/" + ACCOUNT;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
