package org.vigil.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.db.Tables.MIRROR_SOURCE_EVENT;
import static org.vigil.db.Tables.OFFERING;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.Browser;
import org.vigil.support.StatusRows;
import org.vigil.web.Uuids;
import org.vigil.support.OneStore;

/**
 * The mirror on the dashboard: a mirrored status carries its source, linked to its
 * offering upstream, beside a status of Vigil's own that carries none; staff see each
 * source's health, last successful poll, last error and counts, and its changes of
 * health; somebody else is told the page is for staff.
 */
@OneStore
class SourcesBrowserTest extends ApiTest {

	private static final String UPSTREAM = "https://waldur.example.org/api/";

	private Browser browser;

	private String mirrored;

	private String local;

	private long sourceId;

	@BeforeEach
	void aMirroredAndALocalOffering() {
		// Nothing polls in this context: the source's poll outcome is written here as the
		// poller would.
		Response created = this.api.post("/api/mirror-sources/", ADMIN,
				Map.of("name", "hpc-waldur", "url", UPSTREAM, "token", "read-only-token"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		this.sourceId = this.db.select(MIRROR_SOURCE.ID)
			.from(MIRROR_SOURCE)
			.where(MIRROR_SOURCE.UUID.eq(Uuids.parse(created.field("uuid")).orElseThrow()))
			.fetchOne(MIRROR_SOURCE.ID);
		String upstreamCustomer = this.fixtures.customer("Upstream University");
		this.mirrored = this.fixtures.offering(upstreamCustomer, "Upstream Cluster");
		this.db.update(OFFERING)
			.set(OFFERING.SOURCE_ID, this.sourceId)
			.where(OFFERING.UUID.eq(Uuids.parse(this.mirrored).orElseThrow()))
			.execute();
		this.db.update(CUSTOMER)
			.set(CUSTOMER.SOURCE_ID, this.sourceId)
			.where(CUSTOMER.UUID.eq(Uuids.parse(upstreamCustomer).orElseThrow()))
			.execute();
		this.local = this.fixtures.offering(this.fixtures.customer("Acme Research"), "Local Cluster");
		StatusRows rows = new StatusRows(this.db);
		rows.insert(this.mirrored, AgentType.ORDER_PROCESSING, Status.ACTIVE, Instant.now().minusSeconds(30));
		rows.insert(this.local, AgentType.ORDER_PROCESSING, Status.ACTIVE, Instant.now().minusSeconds(30));
		Instant healthy = Instant.now().minusSeconds(600);
		Instant down = Instant.now().minusSeconds(120);
		this.db.update(MIRROR_SOURCE)
			.set(MIRROR_SOURCE.STATE, "unauthorized")
			.set(MIRROR_SOURCE.LAST_SUCCESS, down.minusSeconds(60))
			.set(MIRROR_SOURCE.LAST_POLL, down)
			.set(MIRROR_SOURCE.LAST_ERROR, "HTTP 401 from /api/marketplace-integration-statuses/: Invalid token.")
			.set(MIRROR_SOURCE.LAST_ERROR_AT, down)
			.where(MIRROR_SOURCE.ID.eq(this.sourceId))
			.execute();
		event("new", "healthy", null, healthy);
		event("healthy", "unauthorized", "HTTP 401 from /api/marketplace-integration-statuses/: Invalid token.", down);
		this.browser = Browser.start(this.api.base());
	}

	private void event(String from, String to, String error, Instant at) {
		this.db.insertInto(MIRROR_SOURCE_EVENT)
			.set(MIRROR_SOURCE_EVENT.UUID, UUID.randomUUID())
			.set(MIRROR_SOURCE_EVENT.SOURCE_ID, this.sourceId)
			.set(MIRROR_SOURCE_EVENT.FROM_STATE, from)
			.set(MIRROR_SOURCE_EVENT.TO_STATE, to)
			.set(MIRROR_SOURCE_EVENT.ERROR, error)
			.set(MIRROR_SOURCE_EVENT.CREATED, at)
			.execute();
	}

	@AfterEach
	void close() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void theBoardNamesTheSourceAndStaffSeeItsHealth() {
		this.browser.open("/").signIn(ADMIN);
		this.browser.until((d) -> d.findElements(By.cssSelector("#rows tr")).size() == 2);
		WebElement mark = this.browser.until((d) -> this.browser.visible(By.cssSelector("#rows .source-mark")));
		assertThat(this.browser.find(By.cssSelector("#rows .source-mark")).getText()).isEqualTo("via hpc-waldur");
		assertThat(mark.getAttribute("href"))
			.isEqualTo(UPSTREAM + "marketplace-provider-offerings/" + this.mirrored + "/");
		assertThat(this.browser.rows())
			.anySatisfy((row) -> assertThat(row).startsWith("Upstream Cluster|").contains("via hpc-waldur"))
			.anySatisfy((row) -> assertThat(row).startsWith("Local Cluster|").doesNotContain("via"));

		this.browser.find(By.linkText("Sources")).click();
		WebElement row = this.browser
			.until((d) -> d.findElements(By.cssSelector("#source-rows tr")).stream().findFirst().orElse(null));
		assertThat(row.getText()).contains("hpc-waldur")
			.contains(UPSTREAM)
			.contains("unauthorized")
			.contains("Invalid token.")
			.contains("3 min ago")
			.contains("1 offerings, 1 statuses");
		this.browser.until((d) -> d.findElements(By.cssSelector("#change-rows tr")).size() == 2);
		assertThat(this.browser.find(By.id("change-rows")).getText()).containsSubsequence("healthy", "unauthorized",
				"Invalid token.", "new", "healthy");
	}

	@Test
	void somebodyElseIsToldTheSourcesAreForStaff() {
		String alice = this.fixtures.user("alice");
		this.browser.open("/").signIn(this.fixtures.token(alice));
		this.browser.open("/sources.html");
		this.browser.until((d) -> this.browser.find(By.id("sources-state")).getText().contains("Only staff"));
		assertThat(this.browser.find(By.id("source-rows")).getText()).isEmpty();
	}

}
