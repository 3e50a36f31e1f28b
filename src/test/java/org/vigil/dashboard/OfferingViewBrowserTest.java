package org.vigil.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.support.ApiTest;
import org.vigil.support.Browser;
import org.vigil.support.StatusRows;
import org.vigil.web.Uuids;
import org.vigil.support.OneStore;

/**
 * The board's offering view in a real browser: one row per offering, one cell per agent
 * type, problems first, with the board's filters, the caller's visibility, paging, the
 * address fragment, and a cell that opens its status's history.
 */
@OneStore
class OfferingViewBrowserTest extends ApiTest {

	private Browser browser;

	private StatusRows statuses;

	private String acme;

	private String globex;

	private String hpc;

	private String cloud;

	private String storage;

	@BeforeEach
	void fleet() {
		this.statuses = new StatusRows(this.db);
		this.acme = this.fixtures.customer("Acme Research");
		this.globex = this.fixtures.customer("Globex");
		this.storage = this.fixtures.offering(this.globex, "Object Storage");
		this.cloud = this.fixtures.offering(this.acme, "Cloud VMs");
		this.hpc = this.fixtures.offering(this.acme, "HPC Cluster");
		this.browser = Browser.start(this.api.base());
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void oneRowPerOfferingWithACellPerAgentTypeProblemsFirst() {
		Instant now = Instant.now();
		this.statuses.insert(this.storage, AgentType.ORDER_PROCESSING, Status.ACTIVE, now.minusSeconds(30));
		this.statuses.insert(this.cloud, AgentType.GLAUTH_SYNC, Status.UNKNOWN, null);
		this.statuses.insert(this.hpc, AgentType.ORDER_PROCESSING, Status.ACTIVE, now.minusSeconds(30));
		String silent = this.statuses.insert(this.hpc, AgentType.USAGE_REPORTING, Status.DISCONNECTED,
				now.minusSeconds(7200));
		disconnectedAt(silent, now.minusSeconds(3600));

		this.browser.open("/#view=offerings").signIn(ADMIN);

		// Disconnected first, then never seen, then Active; the agent types in Waldur's
		// order.
		assertThat(awaitOfferingRows(3)).satisfiesExactly((row) -> assertThat(row).matches(
				"HPC Cluster\\|Acme Research\\|Active seen 3\\d s ago\\|Disconnected for 1 h seen 2 h ago(\\|—){3}"),
				(row) -> assertThat(row).isEqualTo("Cloud VMs|Acme Research|—|—|Unknown never seen|—|—"),
				(row) -> assertThat(row).matches("Object Storage\\|Globex\\|Active seen 3\\d s ago(\\|—){4}"));
		assertThat(this.browser.find(By.id("statuses")).isDisplayed()).isFalse();
		assertThat(this.browser.find(By.cssSelector("[data-view=offerings]")).getAttribute("aria-pressed"))
			.isEqualTo("true");
		assertThat(this.browser.find(By.id("table-summary")).getText()).isEqualTo("Showing 1–3 of 3 offerings");

		// The status filter keeps the offerings with such a status; it lives in the
		// address.
		this.browser.find(By.id("f-status-Disconnected")).click();
		assertThat(awaitOfferingRows(1)).singleElement().satisfies((row) -> assertThat(row).startsWith("HPC Cluster|"));
		assertThat(this.browser.driver().getCurrentUrl()).endsWith("#status=Disconnected&view=offerings");

		// A cell opens the history of its status.
		this.browser.find(By.cssSelector("#offerings td[data-label='Usage reporting'] button")).click();
		this.browser.until((d) -> this.browser.visible(By.id("history")));
		this.browser
			.until((d) -> d.findElement(By.id("history-title")).getText().equals("HPC Cluster · Usage reporting"));
		assertThat(this.browser.driver().getCurrentUrl()).contains("history=" + silent);
		this.browser.find(By.id("history-close")).click();
		this.browser.until((d) -> this.browser.visible(By.id("history")) == null);
		assertThat(this.browser.script("return document.activeElement.dataset.status")).as("focus back on the cell")
			.isEqualTo(silent);

		// Back to the status rows, with the filter kept.
		this.browser.find(By.cssSelector("[data-view=statuses]")).click();
		this.browser.until((d) -> this.browser.rows().size() == 1 ? true : null);
		assertThat(this.browser.find(By.id("offerings")).isDisplayed()).isFalse();
		assertThat(this.browser.driver().getCurrentUrl()).endsWith("#status=Disconnected");
	}

	@Test
	void anOperatorSeesOnlyTheirOfferingsAndTheCustomerFilterApplies() {
		Instant now = Instant.now();
		this.statuses.insert(this.storage, AgentType.ORDER_PROCESSING, Status.ACTIVE, now);
		this.statuses.insert(this.hpc, AgentType.ORDER_PROCESSING, Status.DISCONNECTED, now.minusSeconds(600));
		String alice = this.fixtures.user("alice");
		this.fixtures.grantOnCustomer(this.acme, alice, "CUSTOMER.OWNER");

		this.browser.open("/#view=offerings").signIn(this.fixtures.token(alice));

		assertThat(awaitOfferingRows(2)).extracting((row) -> row.split("\\|")[0])
			.containsExactly("HPC Cluster", "Cloud VMs");

		this.browser.open("/#view=offerings&customer=" + this.globex);
		this.browser.until((d) -> this.browser.find(By.id("table-state")).getText().contains("No offerings match"));
		assertThat(offeringRows()).isEmpty();
	}

	@Test
	void pagesOfOfferings() {
		for (int i = 0; i < 24; i++) {
			this.fixtures.offering(this.globex, "Offering " + i);
		}
		this.statuses.insert(this.storage, AgentType.RESOURCE_SYNC, Status.DISCONNECTED, Instant.now());

		this.browser.open("/#view=offerings").signIn(ADMIN);

		assertThat(awaitOfferingRows(25).get(0)).startsWith("Object Storage|Globex|—|—|—|Disconnected");
		assertThat(this.browser.find(By.id("table-summary")).getText()).isEqualTo("Showing 1–25 of 27 offerings");
		this.browser.find(By.id("page-next")).click();
		assertThat(awaitOfferingRows(2)).hasSize(2);
		assertThat(this.browser.driver().getCurrentUrl()).endsWith("#page=2&view=offerings");
	}

	/** The status took its present value at this time, as its latest event says. */
	private void disconnectedAt(String statusUuid, Instant at) {
		UUID uuid = Uuids.parse(statusUuid).orElseThrow();
		this.db.insertInto(STATUS_EVENT)
			.set(STATUS_EVENT.UUID, UUID.randomUUID())
			.set(STATUS_EVENT.INTEGRATION_STATUS_ID,
					this.db.select(INTEGRATION_STATUS.ID)
						.from(INTEGRATION_STATUS)
						.where(INTEGRATION_STATUS.UUID.eq(uuid)))
			.set(STATUS_EVENT.FROM_STATUS, Status.ACTIVE.code())
			.set(STATUS_EVENT.TO_STATUS, Status.DISCONNECTED.code())
			.set(STATUS_EVENT.REASON, "timeout")
			.set(STATUS_EVENT.CREATED, at.truncatedTo(ChronoUnit.MICROS))
			.execute();
	}

	private List<String> awaitOfferingRows(int expected) {
		return this.browser.<List<String>>until((d) -> {
			List<String> rows = offeringRows();
			return (rows.size() == expected
					&& "false".equals(this.browser.find(By.id("statuses")).getAttribute("aria-busy"))) ? rows : null;
		});
	}

	/** The offering table as text, cells joined by "|", whitespace collapsed. */
	@SuppressWarnings("unchecked")
	private List<String> offeringRows() {
		return (List<String>) this.browser.script("return [...document.querySelectorAll('#offerings tbody tr')]"
				+ ".map((r) => [...r.cells].map((c) => c.textContent.replace(/\\s+/g, ' ').trim()).join('|'));");
	}

}
