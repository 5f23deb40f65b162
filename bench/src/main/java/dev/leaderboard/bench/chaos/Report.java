package dev.leaderboard.bench.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** bench/results/REPORT.md: the accounts as a table, then the HTTP corpus and the soak with their plots. */
final class Report {

    private Report() {
    }

    static Path write(List<Outcome> outcomes, String args, Instant when) throws Exception {
        Path folder = Files.createDirectories(Path.of("bench", "results"));
        StringBuilder md = new StringBuilder();
        md.append("# Faults and load: exact accounts and figures\n\n")
                .append("Run ").append(when).append(" with `bench/chaos.sh ").append(args).append("` on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores.\n\n");
        List<Account> accounts = outcomes.stream().filter(Account.class::isInstance).map(Account.class::cast).toList();
        if (!accounts.isEmpty()) {
            md.append("| scenario | produced | stored | distinct keys | lost | duplicated | malformed | dead-lettered (bytes equal) | result | notes |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
            for (Account a : accounts) {
                md.append(String.format("| %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %s | %s |%n", a.scenario(),
                        a.produced(), a.stored(), a.distinctKeys(), a.lost(), a.duplicated(), a.badProduced(),
                        a.deadLettered(), a.exact() ? "exact" : "**MISMATCH**", a.notes()));
            }
        }
        for (Outcome outcome : outcomes) {
            if (outcome instanceof HttpBadRequests.Result http) {
                http(md, http);
            } else if (outcome instanceof Soak.Result soak) {
                soak(md, soak);
            }
        }
        Path report = folder.resolve("REPORT.md");
        Files.writeString(report, md);
        return report;
    }

    private static void http(StringBuilder md, HttpBadRequests.Result r) {
        md.append("\n## http: bad parameters, odd targets\n\n")
                .append(String.format("%,d requests against the embedded system (simulator running): every parameter "
                        + "with %d bad values alone, repeated both ways and all at once, odd targets and methods, a 64 KiB "
                        + "header. Answers by status: %s. **%d broken promises** (5xx, or an error that is not JSON).%n%n",
                        r.requests(), HttpBadRequests.BAD_VALUES.size(), r.byStatus(), r.violations().size()))
                .append(String.format("Board (`/api/leaderboard?campaign=launch-week`, 400 sequential requests) before: "
                        + "p50 %.1f ms, p99 %.1f ms; after: p50 %.1f ms, p99 %.1f ms. Result: %s.%n", r.p50Before(),
                        r.p99Before(), r.p50After(), r.p99After(), r.passed() ? "held" : "**BROKEN**"));
        r.violations().forEach(v -> md.append("- `").append(v.replace("`", "'")).append("`\n"));
    }

    private static void soak(StringBuilder md, Soak.Result r) {
        md.append(String.format("%n## soak: the embedded default under load%n%n"
                        + "`EmbeddedRunner` as its own JVM (%s), simulator at %,d spins/s over 10,000 players, "
                        + "64 closed-loop board readers on 4 boards, %d s. Result: %s (goal: RSS ≤ 1 GiB, no board errors, and "
                        + "RSS flat in the second half apart from the Java heap filling up to its -Xmx cap and DuckDB's buffer manager "
                        + "filling up to DUCKDB_MEMORY_LIMIT_MB, and produced → visible p99 ≤ 1.5 s in every stretch of the table below).%n%n", r.heap(), r.rate(), r.seconds(), r.passed() ? "held" : "**BROKEN**"))
                .append("| figure | value |\n|---|---:|\n")
                .append(String.format("| ingested (last minute, event time) | %,.0f spins/s |%n", r.ingestedPerSecond()))
                .append(String.format("| board requests | %,d (%,.0f/s), %d errors |%n", r.boardRequests(),
                        r.boardRequests() / (double) r.seconds(), r.boardErrors()))
                .append(String.format("| board latency p50 / p99 | %.1f ms / %.1f ms |%n", r.boardP50(), r.boardP99()))
                .append(String.format("| produced → visible in /api/players p50 / p99 | %.0f ms / %.0f ms (%d probes) |%n",
                        r.visibleP50(), r.visibleP99(), r.probes()))
                .append(String.format("| ingest lag, max | %,d records |%n", r.maxLagRecords()))
                .append(String.format("| resident memory, max | %.0f MiB |%n", r.maxRssMiB()))
                .append(String.format("| resident memory, growth over the second half | %+.0f MiB (from %.0f MiB) |%n",
                        r.secondHalfGrowthMiB(), r.firstHalfRssMiB()))
                .append(String.format("| of which Java heap committed / DuckDB's buffer manager / everything else | "
                                + "%+.0f MiB / %+.0f MiB / %+.0f MiB |%n",
                        r.secondHalfHeapGrowthMiB(), r.secondHalfDuckDbGrowthMiB(), r.secondHalfGrowthOfTheRestMiB()))
                .append(String.format("| DuckDB's buffer manager at the end (`duckdb_memory()`, bounded by DUCKDB_MEMORY_LIMIT_MB) "
                        + "| %.0f MiB |%n%n", r.samples().get(r.samples().size() - 1).duckDbMiB()))
                .append("Over time (produced → visible and board latency within each stretch, the most resident memory in it; "
                        + "the first minute is the warm-up, a cold JVM under the readers, not held to the freshness goal):\n\n")
                .append("| seconds | probes | produced → visible p50 / p99 | event → stored p99 (runner, max of its samples) "
                        + "| board p99 | RSS max |\n|---|---:|---:|---:|---:|---:|\n");
        for (Soak.Window w : r.windows()) {
            md.append(String.format("| %d-%d%s | %d | %.0f / %.0f ms | %.0f ms | %.1f ms | %.0f MiB |%n", w.fromSecond(),
                    w.toSecond(), w.warmUp() ? " (warm-up)" : "", w.probes(), w.visibleP50(), w.visibleP99(), w.storedP99Ms(),
                    w.boardP99(), w.maxRssMiB()));
        }
        md.append('\n');
        for (Path plot : r.plots()) {
            md.append("![").append(plot.getFileName()).append("](").append(plot.getFileName()).append(")\n\n");
        }
    }
}
