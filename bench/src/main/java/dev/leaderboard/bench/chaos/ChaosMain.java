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
 * {@code bench/chaos.sh [scenario ...|all] [--events N] [--seconds S] [--rate R] [--heap 384m|default]}: runs fault
 * scenarios and the soak (its runner's heap: the README's -Xmx320m unless --heap says otherwise; {@code default} is the
 * JVM's own), and writes bench/results/REPORT.md with one exact account per scenario, the HTTP corpus's
 * figures and the soak's figures and plots. Exits 1 if any promise did not hold.
 */
public final class ChaosMain {

    private static final Logger log = LoggerFactory.getLogger(ChaosMain.class);

    /** What the command line may set; a scenario uses its own default for what is not set. */
    record Sizes(Integer events, Integer seconds, Integer rate, String heap) {
        int events(int defaultEvents) {
            return events == null ? defaultEvents : events;
        }
    }

    @FunctionalInterface
    private interface Runner {
        List<Outcome> run(Sizes sizes, long seed) throws Exception;
    }

    /** A scenario and the events it uses unless --events says otherwise. */
    private record Scenario(int defaultEvents, Runner runner) {
    }

    @FunctionalInterface
    private interface AccountRunner {
        Account run(int events, long seed) throws Exception;
    }

    private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("ingestor-kills", accounted(1_000_000, Scenarios::ingestorKills));
        SCENARIOS.put("broker-restart", accounted(300_000, Scenarios::brokerRestart));
        SCENARIOS.put("bad-input", accounted(200_000, Scenarios::badInput));
        SCENARIOS.put("adx-faults", new Scenario(100_000, (sizes, seed) -> AdxFaults.run(sizes.events(100_000), seed)));
        SCENARIOS.put("adx-kills", new Scenario(1_000_000, (sizes, seed) -> AdxKills.run(sizes.events(1_000_000), seed)));
        SCENARIOS.put("rebalance", accounted(300_000, Scenarios::rebalance));
        SCENARIOS.put("http", new Scenario(0, (sizes, seed) -> HttpBadRequests.run()));
        SCENARIOS.put("soak", new Scenario(0, (sizes, seed) -> List.of(Soak.run(
                sizes.seconds() == null ? Soak.DEFAULT_SECONDS : sizes.seconds(),
                sizes.rate() == null ? Soak.DEFAULT_RATE : sizes.rate(), sizes.heap()))));
    }

    private static Scenario accounted(int defaultEvents, AccountRunner runner) {
        return new Scenario(defaultEvents, (sizes, seed) -> List.of(runner.run(sizes.events(defaultEvents), seed)));
    }

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> names = new ArrayList<>();
        Integer events = null;
        Integer seconds = null;
        Integer rate = null;
        String heap = ChildJvm.README_HEAP; // an uncapped JVM takes a quarter of the machine
        for (int i = 0; i < args.length; i++) {
            if ("--events".equals(args[i]) && i + 1 < args.length) {
                events = Integer.parseInt(args[++i]);
            } else if ("--seconds".equals(args[i]) && i + 1 < args.length) {
                seconds = Integer.parseInt(args[++i]);
            } else if ("--rate".equals(args[i]) && i + 1 < args.length) {
                rate = Integer.parseInt(args[++i]);
            } else if ("--heap".equals(args[i]) && i + 1 < args.length) {
                heap = "default".equals(args[i + 1]) ? null : args[i + 1];
                i++;
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
        Sizes sizes = new Sizes(events, seconds, rate, heap);
        List<Outcome> outcomes = new ArrayList<>();
        for (String name : names) {
            log.info("scenario {} starting", name);
            long started = System.nanoTime();
            for (Outcome outcome : SCENARIOS.get(name).runner().run(sizes, 42)) {
                outcomes.add(outcome);
                log.info("{} ({} s)", outcome.line(), (System.nanoTime() - started) / 1_000_000_000);
            }
        }
        Path report = Report.write(outcomes, String.join(" ", args), Instant.now());
        outcomes.forEach(outcome -> System.out.println(outcome.line()));
        System.out.println("report: " + report);
        System.exit(outcomes.stream().allMatch(Outcome::passed) ? 0 : 1);
    }
}
