package dev.leaderboard.web.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.leaderboard.web.LeaderboardApp;
import dev.leaderboard.web.PageFixture;
import dev.leaderboard.web.ServingConfig;
import dev.leaderboard.web.board.duckdb.DuckDbBoard;
import io.javalin.Javalin;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The live page in a real browser (Debian's headless Chromium under Selenium) on {@code BoardFixture}'s data: pushed
 * updates and their rank arrows, the tabs and selectors, around-me, a phone's width, and an axe-core accessibility
 * scan. Screenshots go to target/page/.
 */
@Tag("browser")
class LivePageBrowserTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final Path SCREENSHOTS = Path.of("target", "page");
    private static final String ROW_NAMES =
            "[...document.querySelectorAll('#board tbody tr[data-player]')].map(r => r.cells[2].textContent).join(',')";
    private static final String AROUND_NAMES =
            "[...document.querySelectorAll('#around-board tr')].map(r => r.cells[2].textContent).join(',')";

    private DuckDBConnection db;
    private Javalin app;
    private HeadlessChromium browser;

    @BeforeEach
    void start() throws Exception {
        db = PageFixture.database();
        app = LeaderboardApp.create(new DuckDbBoard(db, Clock.fixed(NOW, ZoneOffset.UTC)),
                new ServingConfig(Duration.ofMillis(100), Duration.ofMillis(100))).start(0);
        browser = HeadlessChromium.launch();
        browser.viewport(1000, 1100, false);
        browser.open("http://localhost:" + app.port() + "/");
        awaitPage("document.readyState === 'complete'");
    }

    @AfterEach
    void stop() throws Exception {
        browser.close();
        app.stop();
        db.close();
    }

    @Test
    void pushesRankChangesWithoutReloadShowingArrowsThatAScreenReaderCanRead() throws Exception {
        browser.run("window.loadedOnce = 'yes'");
        // All time by best ratio (see BoardFixture).
        awaitText(ROW_NAMES, "Linus,Ada,104,Grace");
        assertThat(browser.text("document.querySelector('#board tbody tr').cells[3].textContent")).isEqualTo("6.00");
        assertThat(browser.text("document.querySelector('#board-news').textContent")).isEqualTo("Linus leads with 6.00");

        PageFixture.spin(db, "(105, 1, 5000, 100, '2026-11-25 07:59:00')");
        awaitText(ROW_NAMES, "105,Linus,Ada,104,Grace");
        assertThat(browser.text("window.loadedOnce")).as("the page was not reloaded").isEqualTo("yes");
        assertThat(moveCell(105)).isEqualTo("move new|new|");
        assertThat(moveCell(103)).isEqualTo("move down|▼1|down 1");
        assertThat(browser.text("document.querySelector('#board-news').textContent")).isEqualTo("105 leads with 50.00");

        // Grace jumps from 4th (tied with 104) to 1st.
        PageFixture.spin(db, "(102, 3, 10000, 100, '2026-11-25 07:59:30')");
        awaitText(ROW_NAMES, "Grace,105,Linus,Ada,104");
        assertThat(moveCell(102)).isEqualTo("move up|▲3|up 3");
        assertThat(moveCell(105)).isEqualTo("move down|▼1|down 1");
        assertThat(browser.text("document.querySelector('#board-news').textContent")).isEqualTo("Grace leads with 100.00");
        assertThat(browser.isTrue("document.querySelector('#board').hasAttribute('aria-live')"))
                .as("only the leader line is live, not the whole table").isFalse();
    }

    @Test
    void followsTheCampaignTabTheWindowTabAndTheMetricAndGameSelectors() {
        awaitText(ROW_NAMES, "Linus,Ada,104,Grace");

        browser.run("document.querySelector('#campaign-tabs button[data-campaign=\"slots\"]').click()");
        awaitText("document.querySelector('#board').dataset.campaign", "slots");
        awaitText(ROW_NAMES, "Ada,104,Grace,Linus");
        assertThat(pressed("#campaign-tabs", "campaign")).isEqualTo("slots");

        select("#metric", "net");
        awaitText("document.querySelector('#board').dataset.metric", "net");
        awaitText(ROW_NAMES, "Grace,Ada,104,Linus,105");
        assertThat(browser.text("document.querySelector('#board tbody tr').cells[3].textContent")).isEqualTo("250");

        browser.run("document.querySelector('#window-tabs button[data-window=\"15m\"]').click()");
        awaitText(ROW_NAMES, "Grace,105");
        assertThat(pressed("#window-tabs", "window")).isEqualTo("15m");

        browser.run("document.querySelector('#window-tabs button[data-window=\"\"]').click()");
        select("#game", "1");
        awaitText(ROW_NAMES, "Ada,104,Linus");
        assertThat(browser.text("[...document.querySelectorAll('#game option')].map(o => o.value).join(',')"))
                .as("the slots campaign's games").isEqualTo(",1,2");
    }

    @Test
    void findsAPlayerWithTheirNeighboursAndSaysWhenThePlayerIsNotOnTheBoard() {
        awaitText(ROW_NAMES, "Linus,Ada,104,Grace");

        search("104");
        awaitText(AROUND_NAMES, "Linus,Ada,104,Grace");
        assertThat(browser.text("document.querySelector('#around-board tr.me').dataset.player")).isEqualTo("104");
        assertThat(browser.text("document.querySelector('#around .info').textContent")).isEqualTo("104 is number 3");

        search("999");
        awaitText("document.querySelector('#around .status.error')?.textContent ?? ''", "player 999 has no score on this board");
        assertThat(browser.isTrue("document.querySelector('#around-board')")).isFalse();
    }

    @Test
    void fitsAPhoneAndHasNoSeriousAccessibilityViolationOnDesktopOrPhone() throws Exception {
        awaitText(ROW_NAMES, "Linus,Ada,104,Grace");
        PageFixture.spin(db, "(105, 1, 5000, 100, '2026-11-25 07:59:00')");
        awaitText(ROW_NAMES, "105,Linus,Ada,104,Grace");
        search("104");
        awaitText(AROUND_NAMES, "105,Linus,Ada,104,Grace");
        awaitPage("document.querySelector('#activity-text').textContent.includes('spins/s')");

        assertThat(Axe.seriousViolations(browser.driver())).as("desktop, with arrows and around-me shown").isEmpty();
        assertThat(browser.text("['role', 'aria-label', 'aria-describedby'].map(a => document.querySelector('#activity')"
                + ".getAttribute(a)).join('|')")).as("the chart is an image with a name and its figures as description")
                .isEqualTo("img|Chart: spins per second over the last minute (bars) and ingest latency (line)|activity-text");
        browser.screenshot(SCREENSHOTS.resolve("leaderboard-desktop.png"));

        browser.viewport(390, 844, true);
        awaitPage("window.innerWidth === 390");
        assertThat(browser.text("document.documentElement.scrollWidth")).as("no sideways scrolling").isEqualTo("390");
        assertThat(Axe.seriousViolations(browser.driver())).as("phone").isEmpty();
        browser.screenshot(SCREENSHOTS.resolve("leaderboard-phone.png"));
    }

    @Test
    void stopsTheRowFlashForAUserWhoAskedForReducedMotion() throws Exception {
        awaitText(ROW_NAMES, "Linus,Ada,104,Grace");
        PageFixture.spin(db, "(105, 1, 5000, 100, '2026-11-25 07:59:00')");
        awaitText(ROW_NAMES, "105,Linus,Ada,104,Grace");
        String flashing = "getComputedStyle(document.querySelector('#board tr.flash td')).animationName";
        assertThat(browser.text(flashing)).isEqualTo("flash");

        browser.preferReducedMotion();

        awaitText(flashing, "none");
    }

    @Test
    void theAccessibilityScanReportsAViolationWhenThePageHasOne() throws Exception {
        awaitText(ROW_NAMES, "Linus,Ada,104,Grace");
        browser.run("const image = document.createElement('img'); image.src = '/missing.png'; document.querySelector('main').append(image)");

        assertThat(Axe.seriousViolations(browser.driver()))
                .singleElement().asString().startsWith("image-alt (critical): Images must have alternative text at img");
    }

    /** The change cell of a player's row: its classes, what is shown, and what is read out in place of the arrow. */
    private String moveCell(int player) {
        String cell = "document.querySelector('#board tr[data-player=\"" + player + "\"]').cells[1]";
        return browser.text(cell + ".className + '|' + (" + cell + ".querySelector('[aria-hidden]') ?? " + cell
                + ").textContent + '|' + (" + cell + ".querySelector('.visually-hidden')?.textContent ?? '')");
    }

    /** The {@code data-*} value of the tabs marked pressed, comma-separated. */
    private String pressed(String tabs, String data) {
        return browser.text("[...document.querySelectorAll('" + tabs + " button[aria-pressed=\"true\"]')]"
                + ".map(b => b.dataset." + data + ").join(',')");
    }

    private void select(String selector, String value) {
        browser.run("const s = document.querySelector('" + selector + "'); s.value = '" + value + "';"
                + "s.dispatchEvent(new Event('change'))");
    }

    private void search(String player) {
        browser.run("document.querySelector('#player-id').value = '" + player + "';"
                + "document.querySelector('#player-search').requestSubmit()");
    }

    private void awaitText(String expression, String expected) {
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.text(expression), expected::equals);
    }

    private void awaitPage(String condition) {
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.isTrue(condition));
    }
}
