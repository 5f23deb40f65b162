package dev.leaderboard.producer.realistic;

import java.io.PrintWriter;
import java.util.Locale;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints the game catalog: what the realistic model's game ids mean. */
@Command(name = "games", mixinStandardHelpOptions = true, description = "Lists the named games with their RTP.")
public final class GamesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("GameID  Name               RTP     Volatility  Top win");
        for (Game game : GameCatalog.GAMES) {
            out.printf(Locale.ROOT, "%-7d %-18s %5.1f%%  %-10s  %,.0fx%n", game.id(), game.name(), game.rtp() * 100,
                    game.paytable().name().toLowerCase(Locale.ROOT), game.paytable().topMultiplier());
        }
        out.flush();
    }
}
