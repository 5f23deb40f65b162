package dev.leaderboard.bench.chaos;

/** What a scenario ends with: an exact account of events, or the figures of the HTTP corpus or the soak. */
sealed interface Outcome permits Account, HttpBadRequests.Result, Soak.Result {

    String scenario();

    /** True when the scenario's promise held. */
    boolean passed();

    /** One line for the console. */
    String line();
}
