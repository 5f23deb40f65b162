package dev.leaderboard.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaderboard.web.board.BoardUnavailableException;
import dev.leaderboard.web.board.Standings.Standing;
import dev.leaderboard.web.cache.CachedBoards;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/leaderboard/stream?...}: Server-Sent Events. Each client gets its board at once
 * (event {@code board}), then again whenever its entries change; between changes a {@code tick} event
 * with the board's {@code asOf} tells the page how fresh it is. One scheduler thread pushes to every
 * client, asking the cached boards once per distinct board; it starts and stops with the server.
 */
final class BoardStream {

    private static final Logger log = LoggerFactory.getLogger(BoardStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT_STREAM = "text/event-stream";

    /** One connected client and what it was last sent. */
    private static final class Subscriber {
        final SseClient client;
        final BoardRequest request;
        final StreamSlots.Slot slot;
        volatile List<Standing> lastSent;

        Subscriber(SseClient client, BoardRequest request, StreamSlots.Slot slot) {
            this.client = client;
            this.request = request;
            this.slot = slot;
        }
    }

    private final CachedBoards boards;
    private final Duration pushInterval;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final StreamSlots slots;
    private ScheduledExecutorService pusher;

    BoardStream(CachedBoards boards, ServingConfig serving, MeterRegistry registry) {
        this.boards = boards;
        this.pushInterval = serving.pushInterval();
        this.slots = new StreamSlots(serving.maxStreams(), serving.maxStreamsPerAddress());
        Gauge.builder("leaderboard.stream.clients", subscribers, Set::size)
                .description("connected Server-Sent Events clients").register(registry);
    }

    /**
     * Checks the parameters (a bad one is a 400), that the client asks for events (406 otherwise: Javalin
     * would answer an empty 200) and that a stream slot is free (503 otherwise), then holds the connection open.
     */
    void subscribe(Context ctx) throws Exception {
        BoardRequest request = BoardRequest.read(ctx, boards);
        if (!EVENT_STREAM.equals(ctx.header(Header.ACCEPT))) {
            throw new StreamRefusedException(HttpStatus.NOT_ACCEPTABLE,
                    "this route streams Server-Sent Events: send the header 'Accept: text/event-stream' "
                            + "(curl -N -H 'Accept: text/event-stream' ...), or GET /api/leaderboard for one board");
        }
        StreamSlots.Slot slot = slots.take(ctx.ip());
        try {
            BoardJson firstBoard = BoardJson.of(request, boards.standings(request.query(), request.reach()));
            String firstBoardJson = JSON.writeValueAsString(firstBoard);
            new SseHandler(client -> {
                Subscriber subscriber = new Subscriber(client, request, slot);
                client.onClose(() -> forget(subscriber));
                client.sendEvent("board", firstBoardJson);
                subscriber.lastSent = firstBoard.entries();
                subscribers.add(subscriber);
                client.keepAlive();
            }).handle(ctx);
        } catch (Exception | Error e) {
            slot.release();
            throw e;
        }
    }

    private void forget(Subscriber subscriber) {
        subscribers.remove(subscriber);
        subscriber.slot.release();
    }

    void start() {
        pusher = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "board-push"));
        pusher.scheduleWithFixedDelay(this::pushChanges, pushInterval.toMillis(), pushInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (pusher != null) {
            pusher.shutdownNow();
        }
        subscribers.forEach(subscriber -> {
            subscriber.client.close();
            subscriber.slot.release();
        });
        subscribers.clear();
    }

    int clientCount() {
        return subscribers.size();
    }

    private void pushChanges() {
        Map<BoardRequest, List<Subscriber>> byBoard = subscribers.stream()
                .collect(Collectors.groupingBy(subscriber -> subscriber.request));
        byBoard.forEach((request, group) -> {
            try {
                BoardJson board = BoardJson.of(request, boards.standings(request.query(), request.reach()));
                String boardJson = JSON.writeValueAsString(board);
                String tickJson = JSON.writeValueAsString(Map.of("asOf", board.asOf()));
                for (Subscriber subscriber : group) {
                    if (subscriber.client.terminated()) {
                        forget(subscriber);
                    } else if (!Objects.equals(subscriber.lastSent, board.entries())) {
                        subscriber.client.sendEvent("board", boardJson);
                        subscriber.lastSent = board.entries();
                    } else {
                        subscriber.client.sendEvent("tick", tickJson);
                    }
                }
            } catch (BoardUnavailableException e) {
                log.warn("Push skipped, board unavailable: {}", e.getMessage());
            } catch (RuntimeException | JsonProcessingException e) {
                log.error("Push failed for {}", request, e);
            }
        });
    }
}
