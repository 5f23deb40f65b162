package dev.leaderboard.web;

/** A well-formed parameter naming something that does not exist: answered 404 with the parameter's name. */
final class NotFoundException extends Exception {

    private final String parameter;

    NotFoundException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
