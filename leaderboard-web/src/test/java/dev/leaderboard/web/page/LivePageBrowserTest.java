package dev.leaderboard.web.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;

import dev.leaderboard.web.LeaderboardApp;
import dev.leaderboard.web.ServingConfig;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import io.javalin.Javalin;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The live page in a real browser (Debian's headless Chromium): rows appear, a pushed update arrives
 * without a reload, the selectors change the board, around-me answers. Screenshots go to target/page/.
 */
@Tag("browser")
class LivePageBrowserTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final Path SCREENSHOTS = Path.of("target", "page");
    private static final String ROW_NAMES =
            "[...document.querySelectorAll('#board tbody tr[data-player]')].map(r => r.cells[2].textContent).join(',')";

    private DuckDBConnection db;
    private Javalin app;
    private Chromium browser;

    @BeforeEach
    void start() throws Exception {
        db = dev.leaderboard.web.PageFixture.database();
        app = LeaderboardApp.create(new DuckDbBoard(db, Clock.fixed(NOW, ZoneOffset.UTC)),
                new ServingConfig(Duration.ofMillis(100), Duration.ofMillis(100))).start(0);
        browser = Chromium.launch();
    }

    @AfterEach
    void stop() throws Exception {
        browser.close();
        app.stop();
        db.close();
    }

    @Test
    void showsTheLiveBoardUpdatesItWithoutReloadAndFollowsTheSelectors() throws Exception {
        browser.viewport(1000, 1100, false);
        browser.navigate("http://localhost:" + app.port() + "/");
        awaitPage("document.readyState === 'complete'");
        browser.evaluate("window.loadedOnce = 'yes'");

        // All time by best ratio (see BoardFixture).
        awaitText(ROW_NAMES, "Linus,Ada,104,Grace");
        assertThat(browser.evaluate("document.querySelector('#board tbody tr').cells[3].textContent").asText())
                .isEqualTo("6.00");

        dev.leaderboard.web.PageFixture.spin(db, "(105, 1, 5000, 100, '2026-11-25 07:59:00')");
        awaitText(ROW_NAMES, "105,Linus,Ada,104,Grace");
        assertThat(browser.evaluate("window.loadedOnce").asText()).as("the page was not reloaded").isEqualTo("yes");
        assertThat(browser.evaluate("document.querySelector('#board tr[data-player=\"103\"]').cells[1].textContent").asText())
                .isEqualTo("▼1");
        assertThat(browser.evaluate("document.querySelector('#board tr[data-player=\"105\"]').cells[1].textContent").asText())
                .isEqualTo("new");

        browser.evaluate("document.querySelector('#campaign-tabs button[data-campaign=\"slots\"]').click()");
        awaitText("document.querySelector('#board').dataset.campaign", "slots");
        awaitText(ROW_NAMES, "105,Ada,104,Grace,Linus");

        browser.evaluate("const m = document.querySelector('#metric'); m.value = 'net'; m.dispatchEvent(new Event('change'))");
        awaitText("document.querySelector('#board').dataset.metric", "net");
        awaitText(ROW_NAMES, "105,Grace,Ada,104,Linus");
        assertThat(browser.evaluate("document.querySelector('#board tbody tr').cells[3].textContent").asText())
                .isEqualTo("4,700");

        browser.evaluate("document.querySelector('#player-id').value = '104';"
                + "document.querySelector('#player-search').requestSubmit()");
        awaitText("[...document.querySelectorAll('#around-board tr')].map(r => r.cells[2].textContent).join(',')",
                "105,Grace,Ada,104,Linus");
        assertThat(browser.evaluate("document.querySelector('#around-board tr.me').dataset.player").asText()).isEqualTo("104");

        awaitPage("document.querySelector('#activity-text').textContent.includes('spins/s')");
        browser.screenshot(SCREENSHOTS.resolve("leaderboard-desktop.png"));
        browser.viewport(390, 844, true);
        awaitPage("document.documentElement.scrollWidth <= 390");
        browser.screenshot(SCREENSHOTS.resolve("leaderboard-phone.png"));
    }

    private void awaitText(String expression, String expected) {
        Callable<String> value = () -> browser.evaluate(expression).asText();
        await().atMost(Duration.ofSeconds(15)).until(value, expected::equals);
    }

    private void awaitPage(String condition) {
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.evaluate(condition).asBoolean());
    }
}
