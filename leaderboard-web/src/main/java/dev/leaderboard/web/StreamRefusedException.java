package dev.leaderboard.web;

import io.javalin.http.HttpStatus;

/** A stream not opened: the client did not ask for events (406), or the stream limits are reached (503). */
final class StreamRefusedException extends Exception {

    private final HttpStatus status;

    StreamRefusedException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
