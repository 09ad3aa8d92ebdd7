package dev.mailroom.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * Debian's headless Chromium ({@code /usr/bin/chromium}) driven by Playwright for Java. Playwright never downloads a
 * browser here ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}): it launches the system one with the flags a root user on
 * a machine without network needs (docs: shared notes "Browsers"). One browser per test class; each test opens its own
 * context ({@link Browser#newContext}), so cookies never leak between tests.
 */
final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of(System.getProperty("mailroom.chromium", "/usr/bin/chromium"));

    /** Chromium's flags: no sandbox as root, no GPU, and none of its background traffic to unreachable addresses. */
    private static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage");

    final Playwright playwright;
    final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /**
     * Skips the calling test when Debian's chromium is missing ({@code apt-get install chromium}); fails it instead
     * when {@code MAILROOM_E2E_REQUIRED=1} (set by {@code .ci/run}).
     */
    static void assumeInstalled() {
        if (!Files.isExecutable(BINARY)) {
            String why = BINARY + " missing: apt-get install chromium";
            if ("1".equals(System.getenv("MAILROOM_E2E_REQUIRED"))) {
                org.junit.jupiter.api.Assertions.fail(why);
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, why);
        }
    }

    /** Starts Playwright's driver and the system chromium (headless). */
    static Chromium launch() {
        assumeInstalled();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(env));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(BINARY).setHeadless(true).setArgs(FLAGS));
            return new Chromium(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** Where screenshots go ({@code e2e/target/screenshots}, kept by CI as artifacts). */
    static Path screenshots() throws IOException {
        Path dir = Path.of(System.getProperty("mailroom.screenshots",
                Stack.root().resolve("e2e/target/screenshots").toString()));
        return Files.createDirectories(dir);
    }

    /** A screenshot of {@code page}'s viewport as {@code <name>.png} under {@link #screenshots()}. */
    static Path screenshot(Page page, String name) throws IOException {
        Path file = screenshots().resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file));
        return file;
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
