package org.vigil.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.Browser;
import org.vigil.support.OneStore;

/**
 * The audit log page in a real browser: staff read who did what, newest first, and narrow
 * it by object type (kept in the address across a reload) and by one object; an owner
 * sees only its customer's changes; somebody else is told there is nothing to see.
 */
@OneStore
class AuditBrowserTest extends ApiTest {

	private Browser browser;

	private String acme;

	private String channel;

	private String ownerKey;

	@BeforeEach
	void changesByStaffAndAnOwner() {
		this.acme = this.fixtures.customer("Acme Research");
		this.fixtures.customer("Globex");
		String owner = this.fixtures.user("olivia");
		this.fixtures.grantOnCustomer(this.acme, owner, "CUSTOMER.OWNER");
		this.ownerKey = this.fixtures.token(owner);
		Response created = this.api.post("/api/notification-channels/", this.ownerKey, Map.of("name", "Acme chat",
				"kind", "slack", "url", "https://93.184.216.34/services/T1/B2/never-shown", "customer", this.acme));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		this.channel = created.field("uuid");
		assertThat(this.api
			.patch("/api/notification-channels/" + this.channel + "/", ADMIN, Map.of("name", "Acme on-call"))
			.status()).isEqualTo(200);
		this.browser = Browser.start(this.api.base());
	}

	@AfterEach
	void close() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void staffReadWhoDidWhatNewestFirstAndFilterIt() {
		this.browser.open("/").signIn(ADMIN);
		this.browser.find(By.linkText("Audit")).click();
		this.browser.until((d) -> d.findElements(By.cssSelector("#audit-rows tr")).size() == 7);
		List<WebElement> rows = this.browser.driver().findElements(By.cssSelector("#audit-rows tr"));
		assertThat(rows.get(0).getText()).contains("admin")
			.contains("update")
			.contains("channel")
			.contains("name: Acme chat \u2192 Acme on-call");
		assertThat(rows.get(1).getText()).contains("olivia")
			.contains("create")
			.contains("https://93.184.216.34/\u2026")
			.doesNotContain("never-shown");
		assertThat(rows.get(6).getText()).contains("create").contains("customer").contains("Acme Research");
		assertThat(this.browser.find(By.id("audit-summary")).getText()).contains("7 changes");

		new Select(this.browser.find(By.id("a-type"))).selectByValue("channel");
		this.browser.until((d) -> d.findElements(By.cssSelector("#audit-rows tr")).size() == 2);
		assertThat(this.browser.driver().getCurrentUrl()).contains("object_type=channel");
		this.browser.driver().navigate().refresh();
		this.browser.until((d) -> d.findElements(By.cssSelector("#audit-rows tr")).size() == 2);
		assertThat(new Select(this.browser.find(By.id("a-type"))).getFirstSelectedOption().getAttribute("value"))
			.isEqualTo("channel");

		this.browser.find(By.id("a-clear")).click();
		this.browser.until((d) -> d.findElements(By.cssSelector("#audit-rows tr")).size() == 7);
		WebElement customer = this.browser
			.find(By.cssSelector("#audit-rows tr:last-child .uuid-link[title^='Object']"));
		customer.click();
		// The customer's creation and the owner's role on it.
		this.browser.until((d) -> d.findElements(By.cssSelector("#audit-rows tr")).size() == 2);
		assertThat(this.browser.find(By.id("a-object")).getAttribute("value")).isEqualTo(this.acme);
		assertThat(this.browser.find(By.id("audit-rows")).getText()).contains("add_role").contains("CUSTOMER.OWNER");
	}

	@Test
	void anOwnerSeesItsCustomersChangesAndSomebodyElseNothing() {
		this.browser.open("/").signIn(this.ownerKey);
		this.browser.open("/audit.html");
		this.browser.until((d) -> d.findElements(By.cssSelector("#audit-rows tr")).size() == 4);
		String text = this.browser.find(By.id("audit-rows")).getText();
		assertThat(text).contains("Acme on-call").doesNotContain("Globex").doesNotContain("token");

		this.browser.close();
		this.browser = Browser.start(this.api.base());
		this.browser.open("/").signIn(this.fixtures.userWithToken("bob"));
		this.browser.open("/audit.html");
		this.browser.until((d) -> this.browser.find(By.id("audit-state")).getText().contains("No change you may see"));
		assertThat(this.browser.find(By.id("audit-rows")).getText()).isEmpty();
	}

}
