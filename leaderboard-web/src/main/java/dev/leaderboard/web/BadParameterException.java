package dev.leaderboard.web;

/** A request parameter the API cannot use: answered 400 with the parameter's name. */
final class BadParameterException extends Exception {

    private final String parameter;

    BadParameterException(String parameter, String rule, String value) {
        super(parameter + " must be " + rule + ", was '" + value + "'");
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
