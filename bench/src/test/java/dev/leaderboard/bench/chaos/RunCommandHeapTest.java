package dev.leaderboard.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The soak measures the runner with the heap a reader is told to give it, so the README's run command, the
 * runner's own README, {@code bin/leaderboard}'s default and the harness's {@link ChildJvm#README_HEAP} name one heap.
 */
class RunCommandHeapTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern RUN_COMMAND = Pattern.compile("java -Xmx(\\w+) -jar embedded-runner/target/embedded-runner\\.jar");

    @Test
    void everyRunCommandInTheReadmesGivesTheHeapTheSoakMeasures() throws IOException {
        for (String readme : List.of("README.md", "embedded-runner/README.md")) {
            List<String> heaps = heaps(RUN_COMMAND, Files.readString(ROOT.resolve(readme)));

            assertThat(heaps).as(readme).isNotEmpty().containsOnly(ChildJvm.README_HEAP);
        }
    }

    @Test
    void theReadmesFirstCommandIsARunCommand() throws IOException {
        String firstBlock = Files.readString(ROOT.resolve("README.md")).split("```")[1];

        assertThat(heaps(RUN_COMMAND, firstBlock)).containsExactly(ChildJvm.README_HEAP);
    }

    @Test
    void binLeaderboardDefaultsToTheSameHeap() throws IOException {
        List<String> heaps = heaps(Pattern.compile("\\$\\{JAVA_OPTS:--Xmx(\\w+)}"),
                Files.readString(ROOT.resolve("bin/leaderboard")));

        assertThat(heaps).containsExactly(ChildJvm.README_HEAP);
    }

    private static List<String> heaps(Pattern pattern, String text) {
        return pattern.matcher(text).results().map(result -> result.group(1)).toList();
    }
}
