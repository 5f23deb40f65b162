package dev.leaderboard.producer.realistic;

import java.util.List;
import java.util.Optional;

/**
 * The named games. Ids 10..15 are the blog's six games, so its boards read the same with names; the
 * rest widen the floor. RTPs are 94-97% as regulated markets publish them.
 */
public final class GameCatalog {

    public static final List<Game> GAMES = List.of(
            new Game(10, "Golden Pharaoh", 0.960, Paytable.MEDIUM),
            new Game(11, "Lucky Sevens", 0.970, Paytable.LOW),
            new Game(12, "Fruit Frenzy", 0.955, Paytable.LOW),
            new Game(13, "Dragon's Hoard", 0.945, Paytable.HIGH),
            new Game(14, "Viking Voyage", 0.962, Paytable.MEDIUM),
            new Game(15, "Neon Nights", 0.940, Paytable.HIGH),
            new Game(16, "Jungle Jackpot", 0.950, Paytable.HIGH),
            new Game(17, "Crystal Caverns", 0.965, Paytable.LOW),
            new Game(18, "Pirate's Plunder", 0.958, Paytable.MEDIUM),
            new Game(19, "Wild West Gold", 0.948, Paytable.HIGH),
            new Game(20, "Cosmic Spins", 0.968, Paytable.LOW),
            new Game(21, "Mermaid Treasure", 0.952, Paytable.MEDIUM));

    private GameCatalog() {
    }

    public static Optional<Game> byId(int id) {
        return GAMES.stream().filter(game -> game.id() == id).findFirst();
    }
}
