package dev.leaderboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import io.javalin.Javalin;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stream's answers to a client that does not ask for events, and at its limits (3 in all, 2 per address). */
class StreamLimitsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "/api/leaderboard/stream?campaign=slots&limit=2";

    private final List<Socket> open = new ArrayList<>();
    private DuckDBConnection db;
    private Javalin app;

    @BeforeEach
    void start() throws Exception {
        db = BoardFixture.emptyDatabase();
        BoardFixture.insertFixture(db);
        app = LeaderboardApp.create(new DuckDbBoard(db, Clock.fixed(NOW, ZoneOffset.UTC)),
                new ServingConfig(Duration.ofMillis(50), Duration.ofMillis(50), 3, 2)).start(0);
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : open) {
            socket.close();
        }
        app.stop();
        db.close();
    }

    @Test
    void answersAClientThatDoesNotAskForEventsWith406SayingWhatToSend() throws Exception {
        RawHttp.Answer answer = RawHttp.send(app.port(), "GET", STREAM);

        assertThat(answer.status()).isEqualTo(406);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(JSON.readTree(answer.body()).get("error").asText())
                .startsWith("this route streams Server-Sent Events: send the header 'Accept: text/event-stream'");
    }

    @Test
    void refusesAStreamBeyondTheBoundPerAddressAndInAllWith503UntilOneCloses() throws Exception {
        Socket first = openStream("127.0.0.1");
        openStream("127.0.0.1");

        Answer thirdFromSameAddress = request("127.0.0.1");
        assertThat(thirdFromSameAddress.status()).isEqualTo(503);
        assertThat(thirdFromSameAddress.json().get("error").asText())
                .isEqualTo("this address holds its most open streams (2, BOARD_STREAM_MAX_PER_ADDRESS); close one first");

        openStream("127.0.0.2");
        Answer fourthInAll = request("127.0.0.2");
        assertThat(fourthInAll.status()).isEqualTo(503);
        assertThat(fourthInAll.json().get("error").asText())
                .isEqualTo("the server holds its most open streams (3, BOARD_STREAM_MAX_CLIENTS); try again later");

        first.close();

        // The server notices the closed connection at its next push (every 50 ms) and gives the slot back.
        await().atMost(Duration.ofSeconds(10)).until(() -> request("127.0.0.2").status() == 200);
    }

    private record Answer(int status, String head, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private Socket openStream(String fromAddress) throws IOException {
        Socket socket = connect(fromAddress);
        Answer answer = readHead(socket);
        assertThat(answer.status()).as("stream from %s: %s", fromAddress, answer.body()).isEqualTo(200);
        assertThat(answer.head()).contains("text/event-stream");
        return socket;
    }

    /** A stream request from the address; a stream it opens stays open until the test ends. */
    private Answer request(String fromAddress) throws IOException {
        return readHead(connect(fromAddress));
    }

    private Socket connect(String fromAddress) throws IOException {
        Socket socket = new Socket();
        open.add(socket);
        socket.bind(new InetSocketAddress(fromAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", app.port()));
        socket.setSoTimeout(5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + STREAM + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** The status, the head, and for a refusal its whole (length-delimited) JSON body; for a stream, its first event. */
    private static Answer readHead(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            bytes.write(buffer, 0, n);
            String text = bytes.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                String head = text.substring(0, end);
                String body = text.substring(end + 4);
                int status = Integer.parseInt(head.split(" ")[1]);
                if (status == 200 ? body.contains("event: board") : body.endsWith("}")) {
                    return new Answer(status, head, body);
                }
            }
        }
        throw new IOException("connection closed before a complete answer: " + bytes.toString(StandardCharsets.UTF_8));
    }
}
