package dev.leaderboard.producer;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The blog's {@code -l} mode: {@code events} spins, a random pause of min..max ms after each, and every
 * n-th acknowledged spin printed (plus the first), as the Python generator did.
 */
final class LatencyLoop {

    private final SpinSender sender;
    private final GameModel model;
    private final PrintWriter out;
    private volatile boolean stopping;

    LatencyLoop(SpinSender sender, GameModel model, PrintWriter out) {
        this.sender = sender;
        this.model = model;
        this.out = out;
    }

    void run(long events, int minLatencyMs, int maxLatencyMs, int printEveryNth) throws InterruptedException {
        out.printf("Running in a loop. Number loops: %d Min latency: %d Max latency: %d Printing every %d:th message.%n",
                events, minLatencyMs, maxLatencyMs, printEveryNth);
        out.println("Generating and publishing event in loop");
        long published = 0;
        while (published < events && !stopping) {
            long number = ++published;
            sender.send(model.nextSpin(), value -> {
                if (number < 2 || number % printEveryNth == 0) {
                    out.println("Message produced: " + new String(value, StandardCharsets.UTF_8));
                    out.flush();
                }
            });
            Thread.sleep(ThreadLocalRandom.current().nextInt(minLatencyMs, maxLatencyMs + 1));
        }
        sender.flush();
        out.println("Finished publishing: " + published + " messages.");
        out.flush();
    }

    void stop() {
        stopping = true;
    }
}
