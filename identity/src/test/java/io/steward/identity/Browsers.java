package io.steward.identity;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's chromium, driven by Debian's chromedriver (never a downloaded browser), on Steward's
 * web UI: signing in on Keycloak's form, opening pages and waiting until the UI has drawn them.
 */
final class Browsers {

    static final Duration WAIT = Duration.ofSeconds(30);

    private Browsers() {
    }

    static WebDriver chromium(Path downloads) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        options.setBinary("/usr/bin/chromium");
        // Debian's chromium as root in a closed network: no sandbox, and none of its background traffic.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,1000",
                "--user-data-dir=" + Files.createTempDirectory("steward-chromium"));
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(driver, options);
    }

    /** Opens the UI (at its base URL) at a page, signs in on Keycloak's form, and waits until the page is drawn. */
    static void signIn(WebDriver browser, String ui, String user, String password, String page) {
        browser.get(ui + "/" + page);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
        rendered(browser);
        assertThat(browser.getCurrentUrl()).startsWith(ui).endsWith(page);
    }

    /** Loads the page afresh (from a blank page: the same address again would not reload it) and waits until drawn. */
    static void open(WebDriver browser, String ui, String page) {
        browser.get("about:blank");
        browser.get(ui + "/" + page);
        rendered(browser);
    }

    /** Waits until the page is drawn (the UI marks it with its render time) and no error is shown. */
    static void rendered(WebDriver browser) {
        new WebDriverWait(browser, WAIT).withMessage(() -> browser.getCurrentUrl() + " shows: "
                        + browser.findElement(By.tagName("body")).getText())
                .until(b -> !b.findElements(By.cssSelector("#page[data-rendered]")).isEmpty());
        assertThat(browser.findElement(By.id("page")).getAttribute("data-rendered")).as(text(browser, "main"))
                .isNotEqualTo("error");
    }

    /** The lineage graph's nodes matching a Cytoscape selector, once the graph is drawn. */
    static int nodes(WebDriver browser, String selector) {
        new WebDriverWait(browser, WAIT).until(b -> ((JavascriptExecutor) b).executeScript(
                "return !!document.getElementById('graph').cy"));
        return ((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('graph').cy.nodes(arguments[0]).length", selector)).intValue();
    }

    static String text(WebDriver browser, String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }
}
