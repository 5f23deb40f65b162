package dev.leaderboard.web.page;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.openqa.selenium.JavascriptExecutor;

/**
 * Deque's axe-core (npm, installed under src/test/axe by {@code npm ci}) run inside the page: the violations a
 * screen reader or keyboard user would hit, as one line each.
 */
final class Axe {

    private static final Path SCRIPT = Path.of("src", "test", "axe", "node_modules", "axe-core", "axe.min.js");
    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ["violations"] }).then(
              (result) => done(result.violations
                .filter((v) => v.impact === "serious" || v.impact === "critical")
                .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)),
              (error) => done([`axe failed: ${error}`]));
            """;

    private Axe() {
    }

    /** The serious and critical violations on the page as it is now; empty when there are none. */
    @SuppressWarnings("unchecked")
    static List<String> seriousViolations(JavascriptExecutor page) throws IOException {
        if (!Files.isRegularFile(SCRIPT)) {
            throw new IllegalStateException("No " + SCRIPT.toAbsolutePath() + ": the page test's accessibility scan "
                    + "needs axe-core. Run: cd leaderboard-web/src/test/axe && npm ci");
        }
        page.executeScript(Files.readString(SCRIPT));
        return (List<String>) page.executeAsyncScript(RUN);
    }
}
