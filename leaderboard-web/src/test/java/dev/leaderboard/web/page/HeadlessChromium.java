package dev.leaderboard.web.page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless {@code chromium} under Selenium, through Debian's {@code chromedriver}. Both paths are given, so
 * Selenium Manager never looks for, or downloads, a driver or a browser; {@code CHROMIUM_PATH} and
 * {@code CHROMEDRIVER_PATH} override them, and a missing one fails the test saying what to install. Each browser
 * gets a fresh profile, removed on close.
 */
final class HeadlessChromium implements AutoCloseable {

    /** What Chromium needs to run headless as root in a container, quietly: no sandbox, GPU, QUIC or phoning home. */
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static HeadlessChromium launch() throws IOException {
        Path browser = installed("CHROMIUM_PATH", "/usr/bin/chromium", "chromium");
        Path chromedriver = installed("CHROMEDRIVER_PATH", "/usr/bin/chromedriver", "chromium-driver");
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions().setBinary(browser.toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        return new HeadlessChromium(new ChromeDriver(service, options), profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /** The value of a JavaScript expression in the page, as text. */
    String text(String expression) {
        return String.valueOf(driver.executeScript("return " + expression));
    }

    boolean isTrue(String expression) {
        return Boolean.TRUE.equals(driver.executeScript("return Boolean(" + expression + ")"));
    }

    void run(String statements) {
        driver.executeScript(statements);
    }

    /** The page's size in CSS pixels, as a phone ({@code mobile}: touch, mobile viewport rules) or a desktop. */
    void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** As a user who asked the system for less motion ({@code prefers-reduced-motion: reduce}). */
    void preferReducedMotion() {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-reduced-motion", "value", "reduce"))));
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            deleteProfile();
        }
    }

    private void deleteProfile() throws IOException {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (NoSuchFileException vanished) {
                    // a file the browser's helpers were still renaming as they exited
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static Path installed(String variable, String debianPath, String debianPackage) {
        Path path = Path.of(System.getenv().getOrDefault(variable, debianPath));
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("No " + path + ": the page test needs a real browser and its driver. "
                    + "Install Debian's (apt-get install -y chromium chromium-driver) or set " + variable + ".");
        }
        return path;
    }
}
