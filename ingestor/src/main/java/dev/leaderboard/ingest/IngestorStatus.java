package dev.leaderboard.ingest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the ingestor is doing now, for {@code /health}: readable from any thread.
 *
 * @param state                  running, retrying a batch, stopped by request, or failed on its own
 * @param reason                 why it failed, or what the store last answered while retrying
 * @param failingSince           when the batch now retrying first failed
 * @param lag                    records behind the end of the assigned partitions, as last polled
 * @param rowsStored             rows the store accepted
 * @param unreadableDeadLettered records that were not a spin, sent to the dead-letter topic
 * @param rowsRejectedByStore    rows the store refused for good, sent to the dead-letter topic
 */
public record IngestorStatus(State state, Optional<String> reason, Optional<Instant> failingSince, long lag,
                             long rowsStored, long unreadableDeadLettered, long rowsRejectedByStore) {

    public enum State { RUNNING, RETRYING, STOPPED, FAILED }

    /** Still ingesting: running, or retrying a batch within its give-up time. */
    public boolean isIngesting() {
        return state == State.RUNNING || state == State.RETRYING;
    }

    /** The fields as {@code /health} shows them, in this order; absent ones left out. */
    public Map<String, Object> asJsonFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("state", state.name());
        reason.ifPresent(text -> fields.put("reason", text));
        failingSince.ifPresent(since -> fields.put("failingSince", since.toString()));
        fields.put("lag", lag);
        fields.put("rowsStored", rowsStored);
        fields.put("unreadableDeadLettered", unreadableDeadLettered);
        fields.put("rowsRejectedByStore", rowsRejectedByStore);
        return fields;
    }
}
