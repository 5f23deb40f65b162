package dev.leaderboard.producer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The blog's default mode: one spin for each line "Y" on standard input, exit on "N" (or end of input).
 * Other lines are ignored, as in the Python generator.
 */
final class InteractivePrompt {

    static final String PROMPT = "Press 'Y' to continue, 'N' to exit.";

    private final SpinSender sender;
    private final GameModel model;
    private final PrintWriter out;

    InteractivePrompt(SpinSender sender, GameModel model, PrintWriter out) {
        this.sender = sender;
        this.model = model;
        this.out = out;
    }

    void run(BufferedReader in) throws IOException {
        while (true) {
            out.println(PROMPT);
            out.flush();
            String line = in.readLine();
            if (line == null || line.strip().equals("N")) {
                return;
            }
            if (line.strip().equals("Y")) {
                out.println("Generating and publishing event");
                sender.send(model.nextSpin(),
                        value -> out.println("Message produced: " + new String(value, StandardCharsets.UTF_8)));
                // One at a time, acknowledged before the next prompt, so the output reads in order.
                sender.flush();
            }
        }
    }
}
