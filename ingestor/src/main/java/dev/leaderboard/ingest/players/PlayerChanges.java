package dev.leaderboard.ingest.players;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.leaderboard.players.ParsedPlayerProfile;
import dev.leaderboard.players.PlayerProfileJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds a poll's records into one change per player, in offset order: a tombstone replaces what came
 * before it, a profile replaces an older one. A record that is no profile is rejected here: it is
 * logged once with its reason and position and skipped, because the next valid profile for the same key
 * replaces it anyway (and compaction removes it from the topic), so a dead-letter copy would serve nobody.
 */
final class PlayerChanges {

    private static final Logger log = LoggerFactory.getLogger(PlayerChanges.class);

    private final Map<Integer, PlayerChange> byPlayer = new LinkedHashMap<>();
    private long rejected;

    void add(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            addTombstone(record);
            return;
        }
        ParsedPlayerProfile parsed = PlayerProfileJson.parse(record.key(), record.value());
        if (parsed instanceof ParsedPlayerProfile.Rejected rejection) {
            reject(record, rejection.reason());
            return;
        }
        PlayerChange.Upsert upsert = new PlayerChange.Upsert(((ParsedPlayerProfile.Valid) parsed).profile());
        PlayerChange before = byPlayer.get(upsert.playerId());
        if (before instanceof PlayerChange.Upsert older
                && older.profile().updatedAt().isAfter(upsert.profile().updatedAt())) {
            return;
        }
        byPlayer.put(upsert.playerId(), upsert);
    }

    private void addTombstone(ConsumerRecord<String, byte[]> record) {
        int playerId;
        try {
            playerId = Integer.parseInt(record.key() == null ? "" : record.key().trim());
        } catch (NumberFormatException e) {
            reject(record, "tombstone key '" + record.key() + "' is not a player id");
            return;
        }
        byPlayer.put(playerId, new PlayerChange.Delete(playerId));
    }

    private void reject(ConsumerRecord<String, byte[]> record, String reason) {
        rejected++;
        log.warn("Skipped player profile at {}-{} offset {}: {}", record.topic(), record.partition(), record.offset(),
                reason);
    }

    Collection<PlayerChange> changes() {
        return byPlayer.values();
    }

    long rejected() {
        return rejected;
    }
}
