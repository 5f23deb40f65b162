package dev.leaderboard.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.leaderboard.web.board.BoardUnavailableException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the API gives is JSON {@code {"error": ..., "parameter"?: ...}}: Javalin's own answers are
 * plain text unless the client asks for JSON, so each case is mapped here.
 */
final class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(ValidationException.class, ApiErrors::badParameter);
        routes.exception(BoardUnavailableException.class, (e, ctx) -> {
            log.warn("Board unavailable: {}", e.getMessage(), e.getCause());
            send(ctx, HttpStatus.SERVICE_UNAVAILABLE, "the leaderboard store is not answering", null);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
            send(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal error", null);
        });
        routes.error(HttpStatus.NOT_FOUND.getCode(), "*",
                ctx -> send(ctx, HttpStatus.NOT_FOUND, "no such resource: " + ctx.path(), null));
    }

    private static void badParameter(ValidationException e, Context ctx) {
        Map.Entry<String, List<ValidationError<Object>>> first = e.getErrors().entrySet().iterator().next();
        String parameter = first.getKey();
        ValidationError<Object> error = first.getValue().get(0);
        String message = "TYPE_CONVERSION_FAILED".equals(error.getMessage())
                ? "must be an integer in 1.." + LeaderboardController.MAX_LIMIT
                : error.getMessage();
        send(ctx, HttpStatus.BAD_REQUEST, parameter + " " + message + ", was '" + error.value + "'", parameter);
    }

    private static void send(Context ctx, HttpStatus status, String message, String parameter) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        if (parameter != null) {
            body.put("parameter", parameter);
        }
        ctx.status(status).json(body);
    }
}
