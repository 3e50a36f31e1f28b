package org.vigil.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver: a real browser on the real
 * dashboard. Nothing is downloaded (Selenium Manager is never asked: both paths are
 * given). Without Chromium the test is skipped, unless
 * {@code VIGIL_BROWSER_TESTS=required} (as in CI), and then it fails.
 * <p>
 * One Chromium serves every browser test of the JVM (starting one took a second or two a
 * test): each {@link #start} opens a new tab, alone in the window, at the size asked,
 * with no cookies and nothing stored for the dashboard's address, as a fresh profile
 * would have; {@link #close} leaves the page and forgets what it stored. A Chromium that
 * no longer answers is replaced; the last one is quit when the JVM ends.
 */
public final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("VIGIL_CHROMIUM", "/usr/bin/chromium"));

	static final Path DRIVER = Path.of(System.getenv().getOrDefault("VIGIL_CHROMEDRIVER", "/usr/bin/chromedriver"));

	/** Long enough for a poll (3 s) or a sweep after a deadline, on a busy CI machine. */
	public static final Duration WAIT = Duration.ofSeconds(20);

	/** The Chromium of this JVM, started by the first browser test. */
	private static Shared shared;

	private final ChromeDriver driver;

	private final String base;

	private Browser(ChromeDriver driver, String base) {
		this.driver = driver;
		this.base = base;
	}

	public static Browser start(String base, int width, int height) {
		requireChromium();
		ChromeDriver driver;
		try {
			driver = shared().driver;
			freshTab(driver, base, width, height);
		}
		catch (WebDriverException ex) {
			// A Chromium left broken by an earlier test: a new one.
			quitShared();
			driver = shared().driver;
			freshTab(driver, base, width, height);
		}
		return new Browser(driver, base);
	}

	private static synchronized Shared shared() {
		if (shared == null) {
			shared = new Shared();
		}
		return shared;
	}

	private static synchronized void quitShared() {
		if (shared != null) {
			shared.quit();
			shared = null;
		}
	}

	private static void freshTab(ChromeDriver driver, String base, int width, int height) {
		driver.switchTo().newWindow(WindowType.TAB);
		String fresh = driver.getWindowHandle();
		for (String handle : driver.getWindowHandles()) {
			if (!handle.equals(fresh)) {
				driver.switchTo().window(handle).close();
			}
		}
		driver.switchTo().window(fresh);
		driver.manage().deleteAllCookies();
		forget(driver, base);
		driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
		driver.manage().window().setSize(new Dimension(width, height));
	}

	/** Drops everything the page at {@code base} stored: storage, cookies, cache. */
	private static void forget(ChromeDriver driver, String base) {
		URI uri = URI.create(base);
		String origin = uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() < 0) ? "" : ":" + uri.getPort());
		driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
	}

	public static Browser start(String base) {
		return start(base, 1280, 900);
	}

	private static void requireChromium() {
		boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
		String missing = "Chromium (" + CHROMIUM + ") and chromedriver (" + DRIVER
				+ ") are needed: apt-get install chromium chromium-driver";
		if (!present && "required".equals(System.getenv("VIGIL_BROWSER_TESTS"))) {
			fail(missing);
		}
		Assumptions.assumeTrue(present, missing);
	}

	public WebDriver driver() {
		return this.driver;
	}

	/**
	 * Opens the dashboard at {@code path} (e.g. {@code "/"} or
	 * {@code "/#status=Active"}).
	 */
	public Browser open(String path) {
		this.driver.get(this.base + path);
		return this;
	}

	/** Signs in through the form and waits for the board. */
	public Browser signIn(String token) {
		WebElement input = until((d) -> visible(By.id("token-input")));
		input.clear();
		input.sendKeys(token, Keys.ENTER);
		until((d) -> visible(By.id("board")));
		return this;
	}

	/**
	 * Submits a token on the sign-in form without waiting for the board (for tokens that
	 * fail).
	 */
	public Browser submitToken(String token) {
		WebElement input = until((d) -> visible(By.id("token-input")));
		input.clear();
		input.sendKeys(token, Keys.ENTER);
		return this;
	}

	/**
	 * Emulates a phone's viewport (375 by 812 CSS pixels), whatever the window's size.
	 */
	public Browser phone() {
		this.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", 375, "height", 812, "deviceScaleFactor", 2, "mobile", true));
		return this;
	}

	public <T> T until(Function<WebDriver, T> condition) {
		return until(condition, WAIT);
	}

	public <T> T until(Function<WebDriver, T> condition, Duration timeout) {
		return new WebDriverWait(this.driver, timeout, Duration.ofMillis(100)).until(condition);
	}

	/** The element when it is displayed, else null (for {@link #until}). */
	public WebElement visible(By by) {
		List<WebElement> found = this.driver.findElements(by);
		return (!found.isEmpty() && found.get(0).isDisplayed()) ? found.get(0) : null;
	}

	public WebElement find(By by) {
		return this.driver.findElement(by);
	}

	public Object script(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	/**
	 * The table as text, one "offering|customer|agent type|status|last
	 * seen|deadline|service" per row.
	 */
	@SuppressWarnings("unchecked")
	public List<String> rows() {
		return (List<String>) script("return [...document.querySelectorAll('#rows tr')]"
				+ ".map((r) => [...r.cells].map((c) => c.textContent.trim()).join('|'));");
	}

	/**
	 * The status shown on the row of the status with this UUID (32 hex digits), or null.
	 */
	public String statusOf(String statusUuid) {
		return (String) script("const row = document.querySelector(`#rows tr[data-uuid='${arguments[0]}']`);"
				+ "return row ? row.querySelector('.badge').textContent : null;", statusUuid);
	}

	public void screenshot(Path file) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Leaves the dashboard (its polls and live stream end with the page) and forgets what
	 * it stored; the Chromium stays for the next test.
	 */
	@Override
	public void close() {
		try {
			this.driver.get("about:blank");
			forget(this.driver, this.base);
		}
		catch (WebDriverException ex) {
			quitShared();
		}
	}

	/** A Chromium on a profile of its own, quit with the JVM. */
	private static final class Shared {

		private final Path profile;

		private final ChromeDriver driver;

		Shared() {
			System.setProperty("webdriver.chrome.driver", DRIVER.toString());
			try {
				this.profile = Files.createTempDirectory("vigil-chromium-");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			ChromeOptions options = new ChromeOptions();
			options.setBinary(CHROMIUM.toFile());
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
					"--disable-extensions", "--user-data-dir=" + this.profile);
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
				.usingAnyFreePort()
				.build();
			this.driver = new ChromeDriver(service, options);
			Runtime.getRuntime().addShutdownHook(new Thread(this::quit, "vigil-chromium-quit"));
		}

		synchronized void quit() {
			try {
				this.driver.quit();
			}
			catch (WebDriverException ex) {
				// already gone
			}
			finally {
				deleteQuietly(this.profile);
			}
		}

		private static void deleteQuietly(Path dir) {
			try (var paths = Files.walk(dir)) {
				paths.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
			}
			catch (IOException ex) {
				// a temporary directory: the OS cleans it eventually
			}
		}

	}

}
