package dev.leaderboard.web;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.leaderboard.web.board.BoardUnavailableException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the API gives is JSON {@code {"error": ..., "parameter"?: ...}}: Javalin's own answers are
 * plain text unless the client asks for JSON, so each case is mapped here.
 */
final class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    private static final String ANSWERED = "api-error-answered";

    private ApiErrors() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(BadParameterException.class,
                (e, ctx) -> send(ctx, HttpStatus.BAD_REQUEST, e.getMessage(), e.parameter()));
        routes.exception(NotFoundException.class,
                (e, ctx) -> send(ctx, HttpStatus.NOT_FOUND, e.getMessage(), e.parameter()));
        routes.exception(StreamRefusedException.class, (e, ctx) -> send(ctx, e.status(), e.getMessage(), null));
        routes.exception(BoardUnavailableException.class, (e, ctx) -> {
            log.warn("Board unavailable: {}", e.getMessage(), e.getCause());
            send(ctx, HttpStatus.SERVICE_UNAVAILABLE, "the leaderboard store is not answering", null);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
            send(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal error", null);
        });
        // Runs after the handlers for every 404, including a NotFoundException's: keep that one's body.
        routes.error(HttpStatus.NOT_FOUND.getCode(), "*", ctx -> {
            if (ctx.attribute(ANSWERED) == null) {
                send(ctx, HttpStatus.NOT_FOUND, "no such resource: " + ctx.path(), null);
            }
        });
    }

    private static void send(Context ctx, HttpStatus status, String message, String parameter) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        if (parameter != null) {
            body.put("parameter", parameter);
        }
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.status(status).json(body);
    }
}
