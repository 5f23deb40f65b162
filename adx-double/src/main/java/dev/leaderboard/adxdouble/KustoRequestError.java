package dev.leaderboard.adxdouble;

/** A request ADX would refuse: the HTTP status, ADX's error code, and whether a retry could succeed. */
final class KustoRequestError extends RuntimeException {

    final int status;
    final String code;
    final boolean permanent;

    KustoRequestError(int status, String code, String message, boolean permanent) {
        super(message);
        this.status = status;
        this.code = code;
        this.permanent = permanent;
    }

    static KustoRequestError badRequest(String code, String message) {
        return new KustoRequestError(400, code, message, true);
    }
}
