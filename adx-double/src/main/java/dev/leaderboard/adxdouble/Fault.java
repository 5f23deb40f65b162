package dev.leaderboard.adxdouble;

import java.time.Duration;

/**
 * What a planned fault does to one request (see {@link AdxDouble#inject}): {@link Status} and {@link Hang}
 * come instead of its effect and answer, {@link AnswerLost} and {@link AnswerLate} after its effect,
 * as an answer lost on the way back ("ADX accepted, then the client never heard").
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

    /** The request takes effect (rows stored, command run), then the connection closes with no answer. */
    record AnswerLost() implements Fault {
    }

    /** The request takes effect, then its answer comes only after {@code delay}. */
    record AnswerLate(Duration delay) implements Fault {
        public AnswerLate {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("a late answer is zero or more late, was " + delay);
            }
        }
    }
}
