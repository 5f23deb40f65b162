package dev.leaderboard.web.board;

/** The store did not answer; the API says so with a 503 rather than a wrong board. */
public class BoardUnavailableException extends Exception {

    public BoardUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
