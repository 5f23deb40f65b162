package dev.leaderboard.producer.players;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import dev.leaderboard.players.PlayerProfile;
import net.datafaker.Faker;

/**
 * Display names and countries for simulated players, from Datafaker. The same seed and ids give the same
 * profiles on every run, so a restarted simulator does not rename its players.
 */
public final class PlayerProfiles {

    private PlayerProfiles() {
    }

    public static List<PlayerProfile> forPlayers(int[] playerIds, long seed, Instant updatedAt) {
        Faker faker = new Faker(Locale.ENGLISH, new Random(seed));
        List<PlayerProfile> profiles = new ArrayList<>(playerIds.length);
        for (int id : playerIds) {
            profiles.add(new PlayerProfile(id, faker.name().fullName(), faker.address().country(), updatedAt));
        }
        return profiles;
    }
}
