package dev.leaderboard.web.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * {@code GET /health}: 200 {@code {"status":"UP", "store":{...}, "ingestor"?:{...}}} while the store answered
 * its last scheduled check and the ingestor in this process (if any) still ingests; 503 with the same body
 * and a {@code reason} otherwise. Reads only what was recorded: no store call per request.
 */
public final class HealthEndpoint {

    private final StoreCheck storeCheck;
    private final Supplier<Optional<IngestHealth>> ingest;

    public HealthEndpoint(StoreCheck store, Supplier<Optional<IngestHealth>> ingest) {
        this.storeCheck = store;
        this.ingest = ingest;
    }

    public void answer(Context ctx) {
        StoreCheck.Result storeNow = storeCheck.last();
        Optional<IngestHealth> ingestNow = ingest.get();
        List<String> reasons = new ArrayList<>();
        if (!storeNow.reachable()) {
            reasons.add("the store did not answer its last check");
        }
        ingestNow.filter(health -> !health.ingesting())
                .ifPresent(health -> reasons.add("the ingestor stopped: the board no longer changes"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", reasons.isEmpty() ? "UP" : "DOWN");
        if (!reasons.isEmpty()) {
            body.put("reason", String.join("; ", reasons));
        }
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("reachable", storeNow.reachable());
        store.put("checkedAt", storeNow.checkedAt().toString());
        body.put("store", store);
        ingestNow.ifPresent(health -> body.put("ingestor", new LinkedHashMap<>(health.fields())));
        ctx.status(reasons.isEmpty() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
    }
}
