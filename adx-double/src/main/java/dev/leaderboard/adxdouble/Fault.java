package dev.leaderboard.adxdouble;

import java.time.Duration;

/**
 * What a planned fault does to one request, instead of the double's normal answer (see
 * {@link AdxDouble#inject}). Each kind is a record here and a branch in {@code AdxDouble.serve}:
 * a new fault (say, apply the rows then drop the connection) is one more of each.
 */
public sealed interface Fault {

    /**
     * Answers the status with ADX's error body, before any effect. 429 and 5xx are transient (the SDK
     * may retry); any other 4xx is permanent, as ADX marks a request that can never succeed.
     */
    record Status(int status) implements Fault {
        public Status {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("a failure status is 4xx or 5xx, was " + status);
            }
        }

        boolean permanent() {
            return status < 500 && status != 429;
        }

        String code() {
            return switch (status) {
                case 429 -> "TooManyRequests";
                case 400 -> "BadRequest";
                default -> status < 500 ? "Refused" : "ServiceUnavailable";
            };
        }
    }

    /**
     * No answer for {@code silence}, then a 503 with no effect: what a client with a shorter timeout sees
     * as a hung ADX.
     */
    record Hang(Duration silence) implements Fault {
        public Hang {
            if (silence.isNegative()) {
                throw new IllegalArgumentException("a hang lasts zero or more, was " + silence);
            }
        }
    }
}
