package dev.leaderboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.leaderboard.gameplay.GamePlayTopics;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be run here (no Docker engine); CI validates its syntax with docker-compose
 * 1.29, and this test keeps it consistent with the code: every app service runs a real main class and
 * sets only variables that app reads, and the topics job creates the blog's topics.
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
            String mainClass = ((List<?>) service.getValue().get("command")).get(0).toString();
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
    void noImageFloatsOnLatest() throws Exception {
        for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
            String image = String.valueOf(service.getValue().get("image"));
            assertThat(image).as(service.getKey()).doesNotEndWith(":latest").matches(".+[:@].+");
        }
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
