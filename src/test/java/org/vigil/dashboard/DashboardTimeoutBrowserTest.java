package org.vigil.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.vigil.support.ApiTest;
import org.vigil.support.Browser;
import org.vigil.support.OneStore;

import org.springframework.test.context.TestPropertySource;

/**
 * A silent agent seen from the dashboard: the row turns Disconnected by itself, and the
 * history shows the check-in and the timeout. LivenessTest's settings, so the two share
 * one server.
 */
@TestPropertySource(properties = { "vigil.liveness.default-timeout=PT3S",
		"vigil.liveness.timeouts.order-processing=PT2S", "vigil.liveness.timeouts.event-processing=PT1S",
		"vigil.liveness.sweep-interval=200ms", "vigil.liveness.startup-grace=PT1M" })
@OneStore
class DashboardTimeoutBrowserTest extends ApiTest {

	private Browser browser;

	@BeforeEach
	void openBrowser() {
		this.browser = Browser.start(this.api.base());
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void aTimeoutTurnsTheRowDisconnectedAndTheTimelineShowsTheCheckInAndTheTimeout() {
		String offering = this.fixtures.offering(this.fixtures.customer("Acme Research"), "HPC Cluster");
		this.browser.open("/").signIn(ADMIN);
		this.browser.until((d) -> d.findElement(By.id("table-state")).getText().contains("No integration statuses"));

		String status = this.api
			.post("/api/marketplace-integration-statuses/check_in/", ADMIN,
					Map.of("offering_uuid", offering, "agent_type", "Order processing"))
			.field("uuid");
		// The row appears by itself (Active, or already Disconnected: the timeout is
		// shorter than a poll).
		this.browser.until((d) -> this.browser.statusOf(status) != null);

		// Open the history from the keyboard.
		WebElement row = this.browser.find(By.cssSelector("#rows tr[data-uuid='" + status + "']"));
		this.browser.script("arguments[0].focus()", row);
		row.sendKeys(Keys.ENTER);
		this.browser.until((d) -> this.browser.visible(By.id("history")));
		assertThat(this.browser.find(By.id("history-title")).getText()).isEqualTo("HPC Cluster · Order processing");
		assertThat(this.browser.driver().getCurrentUrl()).endsWith("#history=" + status);

		// The sweeper times it out two seconds after the check-in: the open timeline and
		// the row follow.
		this.browser.until((d) -> timeline().size() == 2);
		assertThat(timeline()).containsExactly("Active →|Disconnected|timeout", "Unknown →|Active|check_in");
		assertThat(this.browser.find(By.cssSelector("#timeline li:first-child .event-reason")).getText())
			.startsWith("Timed out");
		this.browser.until((d) -> "Disconnected".equals(this.browser.statusOf(status)));

		// Escape closes it, focus goes back to the row, and the address forgets it.
		this.browser.find(By.id("history-close")).sendKeys(Keys.ESCAPE);
		this.browser.until((d) -> this.browser.visible(By.id("history")) == null);
		assertThat(this.browser.script("return document.activeElement.dataset.uuid")).isEqualTo(status);
		assertThat(this.browser.driver().getCurrentUrl()).doesNotContain("history=");

		// The row says for how long, counted from the timeout's event.
		this.browser.until((d) -> this.browser.find(By.cssSelector("#rows tr[data-uuid='" + status + "'] .col-status"))
			.getText()
			.matches("Disconnected\\s+for \\d+ s"));
	}

	@SuppressWarnings("unchecked")
	private List<String> timeline() {
		return (List<String>) this.browser.script("return [...document.querySelectorAll('#timeline li')].map((li) =>"
				+ " li.querySelector('.event-from').textContent + '|' + li.querySelector('.badge').textContent"
				+ " + '|' + li.dataset.reason);");
	}

}
