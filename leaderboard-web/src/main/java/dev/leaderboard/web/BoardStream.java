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

    /** One connected client and what it was last sent. */
    private static final class Subscriber {
        final SseClient client;
        final BoardRequest request;
        volatile List<Standing> lastSent;

        Subscriber(SseClient client, BoardRequest request) {
            this.client = client;
            this.request = request;
        }
    }

    private final CachedBoards boards;
    private final Duration pushInterval;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService pusher;

    BoardStream(CachedBoards boards, Duration pushInterval, MeterRegistry registry) {
        this.boards = boards;
        this.pushInterval = pushInterval;
        Gauge.builder("leaderboard.stream.clients", subscribers, Set::size)
                .description("connected Server-Sent Events clients").register(registry);
    }

    /** Checks the parameters (a bad one is a 400 before the stream opens), then holds the connection open. */
    void subscribe(Context ctx) throws Exception {
        BoardRequest request = BoardRequest.read(ctx, boards);
        BoardJson firstBoard = BoardJson.of(request, boards.standings(request.query()));
        String firstBoardJson = JSON.writeValueAsString(firstBoard);
        new SseHandler(client -> {
            Subscriber subscriber = new Subscriber(client, request);
            client.onClose(() -> subscribers.remove(subscriber));
            client.sendEvent("board", firstBoardJson);
            subscriber.lastSent = firstBoard.entries();
            subscribers.add(subscriber);
            client.keepAlive();
        }).handle(ctx);
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
        subscribers.forEach(subscriber -> subscriber.client.close());
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
                BoardJson board = BoardJson.of(request, boards.standings(request.query()));
                String boardJson = JSON.writeValueAsString(board);
                String tickJson = JSON.writeValueAsString(Map.of("asOf", board.asOf()));
                for (Subscriber subscriber : group) {
                    if (subscriber.client.terminated()) {
                        subscribers.remove(subscriber);
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
