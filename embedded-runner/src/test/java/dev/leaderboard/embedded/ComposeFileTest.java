package dev.leaderboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.leaderboard.gameplay.GamePlayTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be run here (no Docker engine); CI validates its syntax with docker-compose
 * 1.29, and this test keeps it consistent with the code and with what a first {@code up} on a clean host
 * needs: every app service runs a real main class and sets only variables that app reads, the topics job
 * creates the blog's topics, ports listen on loopback only, restarts are bounded, healthchecks run
 * commands the image has, images are pinned, and the demo's memory limits fit an 8 GB Docker VM.
 */
class ComposeFileTest {

    private static final String APP_IMAGE = "leaderboard-app:";
    /** The module whose main code each app's main class belongs to; all apps share these two. */
    private static final Map<String, String> MODULE_OF_PACKAGE = Map.of(
            "dev.leaderboard.ingest", "ingestor",
            "dev.leaderboard.web", "leaderboard-web",
            "dev.leaderboard.producer", "producer",
            "dev.leaderboard.adx", "adx-client",
            "dev.leaderboard.embedded", "embedded-runner");

    @Test
    void everyAppServiceRunsAMainClassAndSetsOnlyVariablesItReads() throws Exception {
        Map<String, Map<String, Object>> services = services();
        Set<String> appServices = new TreeSet<>();
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Object image = service.getValue().get("image");
            if (image == null || !image.toString().startsWith(APP_IMAGE)) {
                continue;
            }
            appServices.add(service.getKey());
            String mainClass = mainClassOf(service.getValue());
            Method main = Class.forName(mainClass).getMethod("main", String[].class);
            assertThat(Modifier.isStatic(main.getModifiers())).as(mainClass).isTrue();

            Set<String> read = SettingNames.readBy(moduleOf(mainClass), "gameplay-model", "adx-client");
            assertThat(environment(service.getValue()).keySet())
                    .as("variables of service %s that %s does not read", service.getKey(), mainClass)
                    .isSubsetOf(read);
        }
        assertThat(appServices).contains("kql-apply", "producer", "ingestor", "web", "ingestor-azure", "web-azure");
    }

    @Test
    void theTopicsJobCreatesTheBlogsTopics() throws Exception {
        Object command = services().get("kafka-topics").get("command");
        String script = String.join("\n", ((List<?>) command).stream().map(Object::toString).toList());

        assertThat(script).contains("--topic " + GamePlayTopics.GAMEPLAY + " --partitions "
                + GamePlayTopics.GAMEPLAY_PARTITIONS + " --config retention.ms=" + GamePlayTopics.GAMEPLAY_RETENTION.toMillis());
        assertThat(script).contains("--topic " + GamePlayTopics.GAMEPLAY_DLQ + " ");
        assertThat(script).contains("--topic players ").contains("cleanup.policy=compact");
    }

    @Test
    void everyPublishedPortListensOnLoopbackOnly() throws Exception {
        Set<String> published = new TreeSet<>();
        for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
            for (String port : list(service.getValue().get("ports"))) {
                assertThat(port).as("a port of %s", service.getKey()).matches("127\\.0\\.0\\.1:\\d+:\\d+");
                published.add(service.getKey());
            }
        }
        assertThat(published).containsExactlyInAnyOrder(
                "kafka", "kusto-emulator", "web", "kafka-ui", "web-azure", "kafka-connect");
    }

    @Test
    void everyServiceRestartsABoundedNumberOfTimesOrNever() throws Exception {
        for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
            Object restart = service.getValue().get("restart");
            assertThat(restart).as("restart policy of %s", service.getKey()).isNotNull();
            assertThat(restart.toString()).as("restart policy of %s", service.getKey()).matches("no|on-failure:[1-5]");
        }
        assertThat(services().get("kusto-emulator").get("restart")).isNotEqualTo("no");
    }

    @Test
    void appHealthchecksRunTheHealthCheckClassTheImageCompilesAgainstTheServicesOwnPort() throws Exception {
        String dockerfile = Files.readString(SettingNames.REPOSITORY.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains("javac --release 17 -d dist/healthcheck infra/docker/HealthCheck.java")
                .contains("COPY --from=build /src/dist/healthcheck /app/healthcheck");
        assertThat(SettingNames.REPOSITORY.resolve("infra/docker/HealthCheck.java")).exists();

        Map<String, String> portVariable = Map.of("web", "WEB_PORT", "web-azure", "WEB_PORT",
                "ingestor", "INGEST_METRICS_PORT", "ingestor-azure", "INGEST_METRICS_PORT");
        for (Map.Entry<String, String> service : portVariable.entrySet()) {
            Map<String, Object> definition = services().get(service.getKey());
            List<String> test = list(((Map<?, ?>) definition.get("healthcheck")).get("test"));
            String port = environment(definition).get(service.getValue()).toString();

            assertThat(test.subList(0, 2)).as(service.getKey()).containsExactly("CMD", "java");
            assertThat(test.subList(test.size() - 4, test.size())).as(service.getKey())
                    .containsExactly("-cp", "/app/healthcheck", "HealthCheck", "http://localhost:" + port + "/health");
        }
    }

    /** Commands a healthcheck in this project's image may run: its JRE's java, and coreutils' test. */
    @Test
    void everyHealthcheckOfTheAppImageRunsACommandTheImageHas() throws Exception {
        Set<String> checked = new TreeSet<>();
        for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
            Object healthcheck = service.getValue().get("healthcheck");
            if (healthcheck == null || !String.valueOf(service.getValue().get("image")).startsWith(APP_IMAGE)) {
                continue;
            }
            List<String> test = list(((Map<?, ?>) healthcheck).get("test"));
            assertThat(test.get(0)).as("%s runs its check without a shell", service.getKey()).isEqualTo("CMD");
            assertThat(test.get(1)).as(service.getKey()).isIn("java", "test");
            checked.add(service.getKey());
        }
        assertThat(checked).containsExactlyInAnyOrder("kql-apply", "ingestor", "web", "ingestor-azure", "web-azure");
    }

    @Test
    void everyHealthyConditionWaitsForAServiceWithAHealthcheck() throws Exception {
        Map<String, Map<String, Object>> services = services();
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Object dependsOn = service.getValue().get("depends_on");
            if (dependsOn == null) {
                continue;
            }
            for (Map.Entry<?, ?> dependency : ((Map<?, ?>) dependsOn).entrySet()) {
                if ("service_healthy".equals(((Map<?, ?>) dependency.getValue()).get("condition"))) {
                    assertThat(services.get(dependency.getKey().toString()))
                            .as("%s waits for %s to be healthy", service.getKey(), dependency.getKey())
                            .containsKey("healthcheck");
                }
            }
        }
        // Nothing documented is inside the emulator's image to run a check with: KqlApply waits for it instead.
        assertThat(services.get("kusto-emulator")).doesNotContainKey("healthcheck");
        assertThat(environment(services.get("kql-apply"))).containsEntry("ADX_WAIT_SECONDS", "300");
    }

    /**
     * kql-apply's loop, run by a real shell with stand-ins for java, touch, rm and sleep that log their
     * calls: applied, then the engine restarting (exit 1), then bad configuration (exit 2).
     */
    @Test
    void kqlApplyReappliesAfterAFailureMarksItselfUnhealthyMeanwhileAndStopsOnBadConfiguration(@TempDir Path bin)
            throws Exception {
        Path log = bin.resolve("calls.log");
        Path runs = bin.resolve("runs");
        Files.writeString(runs, "0");
        String record = "#!/bin/sh\necho \"${0##*/} $*\" >> " + log + "\n";
        for (String command : List.of("touch", "rm", "sleep")) {
            Files.writeString(bin.resolve(command), record);
        }
        Files.writeString(bin.resolve("java"), record + "read n < " + runs + "\nn=$((n + 1))\necho $n > " + runs
                + "\ncase $n in 1) exit 0 ;; 2) exit 1 ;; *) exit 2 ;; esac\n");
        for (String command : List.of("touch", "rm", "sleep", "java")) {
            assertThat(bin.resolve(command).toFile().setExecutable(true)).isTrue();
        }
        String script = list(services().get("kql-apply").get("command")).get(0).replace("$$", "$");

        ProcessBuilder shell = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true);
        shell.environment().put("PATH", bin.toString());
        Process process = shell.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        String kqlApply = "java -XX:MaxRAMPercentage=60 -cp /app/lib/* dev.leaderboard.adx.schema.KqlApply";
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(Files.readAllLines(log)).containsExactly(
                "rm -f /tmp/schema-applied",
                kqlApply, "touch /tmp/schema-applied", "sleep 60",
                kqlApply, "rm -f /tmp/schema-applied", "sleep 60",
                kqlApply);
        assertThat(list(((Map<?, ?>) services().get("kql-apply").get("healthcheck")).get("test")))
                .containsExactly("CMD", "test", "-f", "/tmp/schema-applied");
    }

    @Test
    void theDemosMemoryLimitsFitADockerDesktopVmOf8Gb() throws Exception {
        long total = 0;
        for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
            boolean oneShot = "no".equals(service.getValue().get("restart"));
            if (oneShot || service.getValue().containsKey("profiles")) {
                continue;
            }
            Object limit = service.getValue().get("mem_limit");
            assertThat(limit).as("memory limit of %s", service.getKey()).isNotNull();
            total += mebibytes(limit.toString());
        }
        // The emulator's 4 GB included; the rest of the VM is left to Docker itself and the one-shot jobs.
        assertThat(total).isEqualTo(4096 + 768 + 256 + 256 + 512 + 512 + 384).isLessThanOrEqualTo(7 * 1024);
    }

    @Test
    void thirdPartyImagesArePinnedToMaintainedReleases() throws Exception {
        Map<String, Map<String, Object>> services = services();
        assertThat(services.get("kafka-ui").get("image").toString()).matches("kafbat/kafka-ui:v\\d+\\.\\d+\\.\\d+");
        assertThat(services.get("kusto-emulator").get("image").toString()).contains("@sha256:");
        for (String dockerfile : List.of("Dockerfile", "infra/connect/Dockerfile")) {
            for (String line : Files.readAllLines(SettingNames.REPOSITORY.resolve(dockerfile))) {
                if (line.startsWith("FROM ")) {
                    assertThat(line).as(dockerfile).matches("FROM [\\w./-]+:\\d[\\w.-]*( AS \\w+)?");
                }
            }
        }
        String connect = Files.readString(SettingNames.REPOSITORY.resolve("infra/connect/Dockerfile"));
        assertThat(connect).containsPattern("ARG KUSTO_SINK_VERSION=5\\.3\\.\\d+")
                .containsPattern("ARG KUSTO_SINK_COMMIT=[0-9a-f]{40}\\n")
                .contains("test \"$(git rev-parse HEAD)\" = \"$KUSTO_SINK_COMMIT\"")
                .contains("--strict-checksums")
                .doesNotContain("confluent-hub install");
    }

    @Test
    void noImageFloatsOnLatest() throws Exception {
        for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
            String image = String.valueOf(service.getValue().get("image"));
            assertThat(image).as(service.getKey()).doesNotEndWith(":latest").matches(".+[:@].+");
        }
    }

    /** The command's first word, or for a service whose entrypoint is a shell, the main class its script runs. */
    private static String mainClassOf(Map<String, Object> service) {
        List<String> command = list(service.get("command"));
        if (service.get("entrypoint") == null) {
            return command.get(0);
        }
        Matcher mainClass = Pattern.compile("dev\\.leaderboard\\.[\\w.]+").matcher(String.join("\n", command));
        assertThat(mainClass.find()).as("a main class in %s", command).isTrue();
        return mainClass.group();
    }

    private static long mebibytes(String limit) {
        String unit = limit.substring(limit.length() - 1).toLowerCase(Locale.ROOT);
        long amount = Long.parseLong(limit.substring(0, limit.length() - 1));
        return switch (unit) {
            case "g" -> amount * 1024;
            case "m" -> amount;
            default -> throw new AssertionError("memory limit in m or g: " + limit);
        };
    }

    /** A YAML list's items as text (ports, commands, healthcheck tests). */
    private static List<String> list(Object value) {
        return value == null ? List.of() : ((List<?>) value).stream().map(Object::toString).toList();
    }

    private static String moduleOf(String mainClass) {
        return MODULE_OF_PACKAGE.entrySet().stream()
                .filter(entry -> mainClass.startsWith(entry.getKey() + "."))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no module known for " + mainClass));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        Object environment = service.get("environment");
        return environment == null ? Map.of() : (Map<String, Object>) environment;
    }

    /** SnakeYAML resolves the file's merge keys ({@code <<: *app}) as compose does. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws Exception {
        try (Reader reader = Files.newBufferedReader(SettingNames.REPOSITORY.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            return (Map<String, Map<String, Object>>) compose.get("services");
        }
    }
}
