package org.vigil.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.db.Tables.OFFERING;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.vigil.status.AgentType;
import org.vigil.status.MirrorTimeouts;
import org.vigil.status.Status;
import org.vigil.status.StatusChanges;
import org.vigil.status.StatusChanges.Observation;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.support.ApiTest;
import org.vigil.support.Browser;
import org.vigil.support.StatusRows;
import org.vigil.support.OneStore;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dashboard in a real browser, against a real server: what staff and operators see
 * and do.
 */
@OneStore
class DashboardBrowserTest extends ApiTest {

	private static final String CHECK_IN = "/api/marketplace-integration-statuses/check_in/";

	@Autowired
	private StatusChanges changes;

	@Autowired
	private PhiAccrual phi;

	private Browser browser;

	private StatusRows statuses;

	private String acme;

	private String hpc;

	private String cloud;

	private String globex;

	private String storage;

	@BeforeEach
	void fleet() {
		this.statuses = new StatusRows(this.db);
		this.acme = this.fixtures.customer("Acme Research");
		this.globex = this.fixtures.customer("Globex");
		this.hpc = this.fixtures.offering(this.acme, "HPC Cluster");
		this.cloud = this.fixtures.offering(this.acme, "Cloud VMs");
		this.storage = this.fixtures.offering(this.globex, "Object Storage");
		this.browser = Browser.start(this.api.base());
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void staffSignInAndSeeEveryStatusWithCountsPerStatus() {
		Instant now = Instant.now();
		this.statuses.insert(this.hpc, AgentType.ORDER_PROCESSING, Status.ACTIVE, now.minusSeconds(20),
				"site-agent/1.0");
		this.statuses.insert(this.cloud, AgentType.USAGE_REPORTING, Status.DISCONNECTED, now.minusSeconds(7200), "");
		this.statuses.insert(this.storage, AgentType.GLAUTH_SYNC, Status.UNKNOWN, null, "");

		this.browser.open("/").signIn(ADMIN);

		assertThat(this.browser.find(By.id("who-name")).getText()).isEqualTo("admin");
		// Problems first: Disconnected, then never seen, then Active.
		assertThat(awaitRows(3)).satisfiesExactly(
				(row) -> assertThat(row).isEqualTo("Cloud VMs|Acme Research|Usage reporting|Disconnected|2 h ago|—|—"),
				(row) -> assertThat(row).isEqualTo("Object Storage|Globex|Glauth sync|Unknown|Never|—|—"),
				(row) -> assertThat(row).matches(
						"HPC Cluster\\|Acme Research\\|Order processing\\|Active\\|2\\d s ago\\|—\\|site-agent/1.0"));
		assertThat(counts()).isEqualTo(Map.of("all", "3", "Active", "1", "Disconnected", "1", "Unknown", "1"));
		String exact = this.browser.find(By.cssSelector("#rows tr:first-child .col-seen time")).getAttribute("title");
		assertThat(exact).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
		assertThat(this.browser.script("return sessionStorage.getItem('vigil.token')")).isEqualTo(ADMIN);
	}

	@Test
	void aCustomerOwnerSeesOnlyTheirCustomersStatusesAndCustomers() {
		this.statuses.insert(this.hpc, AgentType.ORDER_PROCESSING, Status.ACTIVE, Instant.now());
		this.statuses.insert(this.storage, AgentType.ORDER_PROCESSING, Status.ACTIVE, Instant.now());
		String alice = this.fixtures.user("alice");
		this.fixtures.grantOnCustomer(this.acme, alice, "CUSTOMER.OWNER");

		this.browser.open("/").signIn(this.fixtures.token(alice));

		assertThat(awaitRows(1)).singleElement()
			.satisfies((row) -> assertThat(row).startsWith("HPC Cluster|Acme Research|"));
		assertThat(this.browser.find(By.id("who-scope")).getText()).contains("your offerings");
		assertThat(counts()).containsEntry("all", "1");
		this.browser.until((d) -> new Select(d.findElement(By.id("f-customer"))).getOptions().size() == 2);
		assertThat(new Select(this.browser.find(By.id("f-customer"))).getOptions()).extracting((o) -> o.getText())
			.containsExactly("All customers", "Acme Research");
	}

	@Test
	void aUserWithoutRolesIsToldTheirViewIsEmpty() {
		this.statuses.insert(this.hpc, AgentType.ORDER_PROCESSING, Status.ACTIVE, Instant.now());

		this.browser.open("/").signIn(this.fixtures.userWithToken("bob"));

		this.browser.until((d) -> this.browser.find(By.id("table-state"))
			.getText()
			.contains("No integration statuses in your view"));
		assertThat(this.browser.rows()).isEmpty();
		assertThat(counts()).containsEntry("all", "0");
	}

	@Test
	void filtersByStatusAndAgentTypeAndKeepsThemInTheAddressAcrossPolls() {
		Instant now = Instant.now();
		this.statuses.insert(this.hpc, AgentType.ORDER_PROCESSING, Status.ACTIVE, now);
		this.statuses.insert(this.hpc, AgentType.USAGE_REPORTING, Status.DISCONNECTED, now.minusSeconds(600));
		this.statuses.insert(this.cloud, AgentType.ORDER_PROCESSING, Status.DISCONNECTED, now.minusSeconds(900));
		this.statuses.insert(this.storage, AgentType.ORDER_PROCESSING, Status.UNKNOWN, null);
		this.browser.open("/").signIn(ADMIN);
		awaitRows(4);

		this.browser.find(By.id("f-status-Disconnected")).click();
		assertThat(awaitRows(2)).extracting((r) -> r.split("\\|")[3]).containsOnly("Disconnected");

		new Select(this.browser.find(By.id("f-agent-type"))).selectByVisibleText("Order processing");
		assertThat(awaitRows(1)).singleElement()
			.satisfies((row) -> assertThat(row).startsWith("Cloud VMs|Acme Research|Order processing|Disconnected|"));
		assertThat(this.browser.driver().getCurrentUrl()).endsWith("#status=Disconnected&agent_type=1");
		// Counts per status follow the other filters (agent type here), not the status
		// filter.
		assertThat(counts()).isEqualTo(Map.of("all", "3", "Active", "1", "Disconnected", "1", "Unknown", "1"));

		refreshAsAPollDoes();
		assertThat(this.browser.rows()).hasSize(1);
		assertThat(this.browser.find(By.id("f-status-Disconnected")).isSelected()).isTrue();

		this.browser.driver().navigate().refresh();
		assertThat(awaitRows(1)).singleElement().satisfies((row) -> assertThat(row).startsWith("Cloud VMs|"));
	}

	@Test
	void aCheckInWhileThePageIsOpenTurnsTheRowActiveWithoutAReload() {
		String status = this.statuses.insert(this.hpc, AgentType.ORDER_PROCESSING, Status.UNKNOWN, null);
		this.browser.open("/").signIn(ADMIN);
		this.browser.until((d) -> "Unknown".equals(this.browser.statusOf(status)));
		this.browser.script("window.notReloaded = true;");

		this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.hpc, "agent_type", "Order processing",
				"service_name", "waldur-site-agent/0.9"));

		this.browser.until((d) -> "Active".equals(this.browser.statusOf(status)));
		assertThat(this.browser.script("return window.notReloaded === true")).isEqualTo(true);
		assertThat(this.browser.rows()).singleElement()
			.satisfies((row) -> assertThat(row)
				.matches(".*\\|Active\\|just now\\|in (59 min|1 h)\\|waldur-site-agent/0.9"));
		assertThat(counts()).containsEntry("Active", "1").containsEntry("Unknown", "0");
		assertThat(this.browser.find(By.id("announcer")).getText())
			.contains("HPC Cluster, Order processing is now Active");
	}

	/**
	 * With the stream open the board polls only every 15 s: a row that changes within two
	 * seconds changed because of the stream's event.
	 */
	@Test
	void aCheckInReachesTheBoardThroughTheLiveStream() {
		String status = this.statuses.insert(this.hpc, AgentType.ORDER_PROCESSING, Status.UNKNOWN, null);
		this.browser.open("/").signIn(ADMIN);
		this.browser.until((d) -> this.browser.find(By.id("live-text")).getText().contains("streaming"));
		this.browser.until((d) -> "Unknown".equals(this.browser.statusOf(status)));

		this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.hpc, "agent_type", "Order processing"));

		this.browser.until((d) -> "Active".equals(this.browser.statusOf(status)), java.time.Duration.ofSeconds(2));
	}

	/** When the stream cannot be opened, the board polls as before. */
	@Test
	void withoutTheStreamTheBoardFallsBackToPolling() {
		String status = this.statuses.insert(this.hpc, AgentType.ORDER_PROCESSING, Status.UNKNOWN, null);
		this.browser.open("/");
		this.browser
			.script("const real = window.fetch; window.fetch = (url, options) => String(url).includes('/stream/')"
					+ " ? Promise.reject(new TypeError('blocked by the test')) : real(url, options);");
		this.browser.signIn(ADMIN);
		this.browser.until((d) -> "Unknown".equals(this.browser.statusOf(status)));

		this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.hpc, "agent_type", "Order processing"));

		this.browser.until((d) -> "Active".equals(this.browser.statusOf(status)), java.time.Duration.ofSeconds(8));
		assertThat(this.browser.find(By.id("live-text")).getText()).startsWith("Live ·");
	}

	@Test
	void aBadTokenIsRefusedWithAClearMessage() {
		this.browser.open("/").submitToken("not-a-real-token");

		this.browser.until((d) -> this.browser.visible(By.id("signin-message")));
		assertThat(this.browser.find(By.id("signin-message")).getText()).contains("This token was not accepted")
			.contains("Invalid token.");
		assertThat(this.browser.visible(By.id("board"))).isNull();
		assertThat(this.browser.script("return sessionStorage.getItem('vigil.token')")).isNull();
	}

	@Test
	void anAgentTokenIsToldItMayOnlyCheckIn() {
		String agent = this.fixtures.agentToken(this.fixtures.user("hpc-agent"), this.hpc);

		this.browser.open("/").submitToken(agent);

		this.browser.until((d) -> this.browser.visible(By.id("signin-message")));
		assertThat(this.browser.find(By.id("signin-message")).getText()).contains("agent token");
	}

	@Test
	void aTokenThatStopsWorkingMidSessionAsksToSignInAgainAndKeepsTheFilters() {
		this.statuses.insert(this.hpc, AgentType.ORDER_PROCESSING, Status.ACTIVE, Instant.now());
		String alice = this.fixtures.user("alice");
		this.fixtures.grantOnOffering(this.hpc, alice, "OFFERING.MANAGER");
		this.browser.open("/#status=Active").signIn(this.fixtures.token(alice));
		awaitRows(1);

		this.api.patch("/api/users/" + alice + "/", ADMIN, Map.of("is_active", false));

		this.browser.until((d) -> this.browser.visible(By.id("signin-message")));
		assertThat(this.browser.find(By.id("signin-message")).getText()).contains("no longer valid")
			.contains("Sign in again");
		assertThat(this.browser.script("return sessionStorage.getItem('vigil.token')")).isNull();
		this.browser.signIn(ADMIN);
		assertThat(awaitRows(1)).singleElement().satisfies((row) -> assertThat(row).contains("|Active|"));
		assertThat(this.browser.driver().getCurrentUrl()).endsWith("#status=Active");
	}

	@Test
	void signingOutForgetsTheToken() {
		this.browser.open("/").signIn(ADMIN);

		this.browser.find(By.id("sign-out")).click();

		this.browser.until((d) -> this.browser.visible(By.id("token-input")));
		assertThat(this.browser.find(By.id("signin-message")).getText()).contains("Signed out");
		assertThat(this.browser.script("return sessionStorage.getItem('vigil.token')")).isNull();
		this.browser.driver().navigate().refresh();
		this.browser.until((d) -> this.browser.visible(By.id("token-input")));
		assertThat(this.browser.visible(By.id("board"))).isNull();
	}

	@Test
	void pagesThroughManyStatusesAndStaysOnItsPageWhileRefreshing() {
		for (int i = 1; i <= 6; i++) {
			String offering = this.fixtures.offering(this.globex, "Offering " + i);
			for (AgentType type : AgentType.values()) {
				this.statuses.insert(offering, type, Status.ACTIVE, Instant.now());
			}
		}
		this.browser.open("/").signIn(ADMIN);
		awaitRows(25);
		assertThat(this.browser.find(By.id("table-summary")).getText()).isEqualTo("Showing 1–25 of 30 statuses");
		assertThat(this.browser.find(By.id("page-prev")).isEnabled()).isFalse();

		this.browser.find(By.id("page-next")).click();
		assertThat(awaitRows(5)).allSatisfy((row) -> assertThat(row).startsWith("Offering 6|"));
		assertThat(this.browser.find(By.id("page-info")).getText()).isEqualTo("Page 2 of 2");
		assertThat(this.browser.find(By.id("page-next")).isEnabled()).isFalse();
		assertThat(this.browser.driver().getCurrentUrl()).endsWith("#page=2");
		refreshAsAPollDoes();
		assertThat(this.browser.rows()).hasSize(5);

		this.browser.find(By.id("f-offering")).sendKeys("offering 3");
		this.browser.until((d) -> offerings()
			.equals(List.of("Offering 3", "Offering 3", "Offering 3", "Offering 3", "Offering 3")));
		assertThat(this.browser.find(By.id("page-info")).getText()).isEqualTo("Page 1 of 1");
	}

	@Test
	void anActiveRowShowsItsDeadlineAndTheClockIsUtc() {
		this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.hpc, "agent_type", "Order processing"));
		this.browser.open("/").signIn(ADMIN);
		assertThat(awaitRows(1)).singleElement()
			.satisfies((row) -> assertThat(row).matches("HPC Cluster\\|Acme Research\\|Order processing\\|Active\\|"
					+ "(just now|\\d s ago)\\|in (59 min|1 h)\\|Java-http-client/.*"));
		assertThat(this.browser.find(By.cssSelector("#rows .col-deadline time")).getAttribute("title"))
			.matches("At \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
		this.browser.until((d) -> this.browser.find(By.id("live-text"))
			.getText()
			.matches("Live( \\(streaming\\))? · updated \\d\\d:\\d\\d:\\d\\d UTC"));
	}

	@Test
	void sortsByLastSeenFromTheColumnHeader() {
		Instant now = Instant.now();
		this.statuses.insert(this.hpc, AgentType.ORDER_PROCESSING, Status.ACTIVE, now.minusSeconds(60));
		this.statuses.insert(this.cloud, AgentType.ORDER_PROCESSING, Status.ACTIVE, now.minusSeconds(5));
		this.statuses.insert(this.storage, AgentType.ORDER_PROCESSING, Status.DISCONNECTED, now.minusSeconds(3600));
		this.browser.open("/").signIn(ADMIN);
		// Problems first, by default.
		this.browser.until((d) -> offerings().equals(List.of("Object Storage", "HPC Cluster", "Cloud VMs")));
		assertThat(this.browser.find(By.id("f-sort")).getAttribute("value")).isEqualTo("problems");

		this.browser.find(By.id("sort-last-seen")).click();
		this.browser.until((d) -> offerings().equals(List.of("Cloud VMs", "HPC Cluster", "Object Storage")));
		assertThat(this.browser.find(By.id("th-last-seen")).getAttribute("aria-sort")).isEqualTo("descending");

		this.browser.find(By.id("sort-last-seen")).click();
		this.browser.until((d) -> offerings().equals(List.of("Object Storage", "HPC Cluster", "Cloud VMs")));
		assertThat(this.browser.find(By.id("th-last-seen")).getAttribute("aria-sort")).isEqualTo("ascending");

		this.browser.find(By.id("sort-last-seen")).click();
		this.browser.until((d) -> this.browser.find(By.id("f-sort")).getAttribute("value").equals("problems"));
		assertThat(this.browser.find(By.id("th-last-seen")).getAttribute("aria-sort")).isEqualTo("none");
	}

	@Test
	void worksAtPhoneWidthWithoutSidewaysScrolling() {
		this.statuses.insert(this.hpc, AgentType.ORDER_PROCESSING, Status.ACTIVE, Instant.now(),
				"waldur-site-agent/0.9 (linux; python 3.12)");
		this.browser.phone().open("/").signIn(ADMIN);
		awaitRows(1);

		assertThat(this.browser.script("return window.innerWidth")).isEqualTo(375L);
		assertThat((Long) this.browser.script("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(375L);
		assertThat(
				this.browser.script("return getComputedStyle(document.querySelector('#rows td'), '::before').content"))
			.isEqualTo("\"Offering\"");
	}

	private List<String> offerings() {
		return this.browser.rows().stream().map((row) -> row.split("\\|")[0]).toList();
	}

	/**
	 * Waits until the table has finished loading and shows this many rows; returns them.
	 */
	@Test
	void aLateStatusIsShownApartAndItsDetailShowsTheLearnedRhythmAndTheConfiguredTimeout() {
		Instant now = this.clock.freeze();
		long source = this.db.insertInto(MIRROR_SOURCE)
			.set(MIRROR_SOURCE.UUID, UUID.randomUUID())
			.set(MIRROR_SOURCE.NAME, "upstream")
			.set(MIRROR_SOURCE.URL, "https://waldur.example.org/api/")
			.set(MIRROR_SOURCE.TOKEN, "t")
			.set(MIRROR_SOURCE.POLL_INTERVAL_MS, 60_000L)
			.set(MIRROR_SOURCE.TIMEOUTS, "")
			.set(MIRROR_SOURCE.STATE, "healthy")
			.set(MIRROR_SOURCE.POLLS_SINCE_RECONCILE, 0)
			.set(MIRROR_SOURCE.CREATED, now)
			.returningResult(MIRROR_SOURCE.ID)
			.fetchSingle()
			.value1();
		long offering = this.db.update(OFFERING)
			.set(OFFERING.SOURCE_ID, source)
			.where(OFFERING.UUID.eq(Uuids.parse(this.hpc).orElseThrow()))
			.returningResult(OFFERING.ID)
			.fetchSingle()
			.value1();
		// A mirrored agent seen every 5 minutes (its rhythm learned), silent for 7 now:
		// late, not yet past its learned deadline.
		UUID late = UUID.randomUUID();
		MirrorTimeouts rules = new MirrorTimeouts(Map.of(AgentType.ORDER_PROCESSING, Duration.ofMinutes(45)), Set.of(),
				Duration.ofMinutes(1), this.phi);
		Instant last = now.minus(Duration.ofMinutes(7));
		for (int i = 5; i >= 0; i--) {
			Instant at = last.minus(Duration.ofMinutes(5L * i));
			this.changes.observe(List.of(new Observation(late, offering, AgentType.ORDER_PROCESSING, at)), rules, at,
					true);
		}
		this.statuses.insert(this.cloud, AgentType.USAGE_REPORTING, Status.ACTIVE, now.minusSeconds(20), "");
		assertThat(this.api.get("/api/marketplace-integration-statuses/?late=true", ADMIN).list())
			.extracting((item) -> item.get("uuid"))
			.containsExactly(Uuids.hex(late));

		this.browser.open("/").signIn(ADMIN);
		awaitRows(2);
		String shown = (String) this.browser
			.script("const row = document.querySelector(`#rows tr[data-uuid='${arguments[0]}']`);"
					+ "return row.classList.contains('row-late') + '|' + row.querySelector('.badge.late').textContent;",
					Uuids.hex(late));
		assertThat(shown).isEqualTo("true|late: expected every ~5 min, silent 7 min");
		assertThat(this.browser.find(By.cssSelector("#rows")).findElements(By.cssSelector(".badge.late"))).hasSize(1);

		this.browser.find(By.cssSelector("#rows tr[data-uuid='" + Uuids.hex(late) + "']")).click();
		this.browser.until((d) -> this.browser.visible(By.id("history")));
		String detail = this.browser.until((d) -> {
			String text = d.findElement(By.id("history-meta")).getText();
			return text.contains("Rhythm") ? text : null;
		});
		assertThat(detail).containsPattern("Rhythm\\s+every ~5 min ± 0 s \\(suspicion \\d\\.\\d\\)")
			.containsPattern("Deadline\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(learned\\)")
			.containsPattern("With the configured timeout\\s+45 min: Disconnected at \\d{4}-");
	}

	private List<String> awaitRows(int expected) {
		return this.browser.<List<String>>until((d) -> rowsOnceLoaded(expected));
	}

	private List<String> rowsOnceLoaded(int expected) {
		List<String> rows = this.browser.rows();
		return (rows.size() == expected
				&& "false".equals(this.browser.find(By.id("statuses")).getAttribute("aria-busy"))) ? rows : null;
	}

	private Map<String, String> counts() {
		return Map.of("all", count("all"), "Active", count("Active"), "Disconnected", count("Disconnected"), "Unknown",
				count("Unknown"));
	}

	private String count(String key) {
		return this.browser.find(By.cssSelector("[data-count='" + key + "']")).getText();
	}

	/**
	 * The board reloads its data as its poll does (every 15 s with the stream open), when
	 * the page comes back to the foreground: the same refresh, without waiting 15 s for
	 * the timer. Until the "updated" time, in whole seconds, has changed.
	 */
	private void refreshAsAPollDoes() {
		String updated = this.browser.find(By.id("live-text")).getText();
		this.browser.until((d) -> {
			this.browser.script("document.dispatchEvent(new Event('visibilitychange'));");
			return !d.findElement(By.id("live-text")).getText().equals(updated);
		});
	}

}
