package dev.leaderboard.bench.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bench/chaos.sh [scenario ...|all] [--events N]}: runs fault scenarios and writes
 * bench/results/REPORT.md with one exact account per scenario. Exits 1 if any account is not exact.
 */
public final class ChaosMain {

    private static final Logger log = LoggerFactory.getLogger(ChaosMain.class);

    /** A scenario and the events it uses unless --events says otherwise. */
    private record Scenario(int defaultEvents, Runner runner) {
    }

    @FunctionalInterface
    private interface Runner {
        Account run(int events, long seed) throws Exception;
    }

    private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("ingestor-kills", new Scenario(1_000_000, Scenarios::ingestorKills));
        SCENARIOS.put("broker-restart", new Scenario(300_000, Scenarios::brokerRestart));
        SCENARIOS.put("bad-input", new Scenario(200_000, Scenarios::badInput));
        SCENARIOS.put("rebalance", new Scenario(300_000, Scenarios::rebalance));
    }

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> names = new ArrayList<>();
        Integer events = null;
        for (int i = 0; i < args.length; i++) {
            if ("--events".equals(args[i]) && i + 1 < args.length) {
                events = Integer.parseInt(args[++i]);
            } else if ("all".equals(args[i])) {
                names.addAll(SCENARIOS.keySet());
            } else if (SCENARIOS.containsKey(args[i])) {
                names.add(args[i]);
            } else {
                System.err.println("unknown scenario " + args[i] + "; known: " + SCENARIOS.keySet() + " or all");
                System.exit(2);
            }
        }
        if (names.isEmpty()) {
            names.addAll(SCENARIOS.keySet());
        }
        List<Account> accounts = new ArrayList<>();
        for (String name : names) {
            Scenario scenario = SCENARIOS.get(name);
            log.info("scenario {} starting", name);
            long started = System.nanoTime();
            Account account = scenario.runner().run(events == null ? scenario.defaultEvents() : events, 42);
            accounts.add(account);
            log.info("{} ({} s)", account.line(), (System.nanoTime() - started) / 1_000_000_000);
        }
        Path report = writeReport(accounts, String.join(" ", args));
        accounts.forEach(account -> System.out.println(account.line()));
        System.out.println("report: " + report);
        System.exit(accounts.stream().allMatch(Account::exact) ? 0 : 1);
    }

    private static Path writeReport(List<Account> accounts, String args) throws Exception {
        Path folder = Files.createDirectories(Path.of("bench", "results"));
        StringBuilder md = new StringBuilder();
        md.append("# Faults: exact accounts\n\n")
                .append("Run ").append(Instant.now()).append(" with `bench/chaos.sh ").append(args).append("` on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores.\n\n")
                .append("| scenario | produced | stored | distinct keys | lost | duplicated | malformed | dead-lettered (bytes equal) | result | notes |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Account a : accounts) {
            md.append(String.format("| %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %s | %s |%n", a.scenario(),
                    a.produced(), a.stored(), a.distinctKeys(), a.lost(), a.duplicated(), a.badProduced(),
                    a.deadLettered(), a.exact() ? "exact" : "**MISMATCH**", a.notes()));
        }
        Path report = folder.resolve("REPORT.md");
        Files.writeString(report, md);
        return report;
    }
}
