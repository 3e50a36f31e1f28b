package org.vigil.support;

import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Takes the README's screenshots from a running demo (not a test):
 * {@code java -cp <test classpath> org.vigil.support.DashboardScreenshots <printed URL with #token=...> docs}.
 * It waits until some agent has fallen silent, so the board shows every status.
 */
public final class DashboardScreenshots {

	private DashboardScreenshots() {
	}

	public static void main(String[] args) {
		String url = args[0];
		Path dir = Path.of(args.length > 1 ? args[1] : "docs");
		String base = url.substring(0, url.indexOf('/', "http://".length()));
		try (Browser browser = Browser.start(base, 1400, 900)) {
			// Longest silent first: the Disconnected rows lead, as an operator would look
			// at them.
			browser.driver().get(url + "&o=last_request_timestamp");
			browser.until((d) -> browser.rows().size() > 10);
			browser.until((d) -> !"0".equals(d.findElement(By.cssSelector("[data-count='Disconnected']")).getText()),
					Duration.ofSeconds(120));
			browser.until((d) -> d.findElement(By.id("live-text")).getText().startsWith("Live"));
			browser.screenshot(dir.resolve("dashboard.png"));

			WebElement row = browser.find(By.cssSelector("#rows tr[data-status='Disconnected']"));
			browser.script("arguments[0].focus()", row);
			row.sendKeys(Keys.ENTER);
			browser.until((d) -> browser.find(By.cssSelector("#timeline li")) != null);
			browser.screenshot(dir.resolve("dashboard-history.png"));
		}
		try (Browser phone = Browser.start(base, 400, 900)) {
			phone.phone();
			phone.driver().get(url);
			phone.until((d) -> phone.rows().size() > 10);
			phone.screenshot(dir.resolve("dashboard-phone.png"));
		}
	}

}
