package dev.leaderboard.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.0 over a plain socket, so a test can send what {@code java.net.http} refuses to build: malformed
 * percent escapes, raw spaces, request lines longer than the server's limit. Reads at most the status,
 * the headers and the first 64 KiB of the body (an event stream never ends).
 */
final class RawHttp {

    /** The parts of an answer a test looks at. */
    record Answer(int status, String contentType, String body) {
    }

    private static final int MAX_BODY = 64 * 1024;

    private RawHttp() {
    }

    static Answer send(int port, String method, String target) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.0\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        int n;
        try {
            while ((n = in.read(buffer)) > 0) {
                bytes.write(buffer, 0, n);
                String soFar = bytes.toString(StandardCharsets.ISO_8859_1);
                if (headEnd < 0) {
                    headEnd = soFar.indexOf("\r\n\r\n");
                }
                if (headEnd >= 0 && (soFar.contains("text/event-stream") || bytes.size() - headEnd > MAX_BODY)) {
                    break;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            // an event stream stays open: what arrived is the answer
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete HTTP head in: " + text);
        }
        String[] head = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        String contentType = "";
        for (String header : head) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = header.substring("content-type:".length()).trim();
            }
        }
        return new Answer(status, contentType, text.substring(end + 4));
    }
}
