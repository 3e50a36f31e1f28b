package org.vigil.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.support.ApiTest;
import org.vigil.support.Browser;
import org.vigil.support.StatusRows;
import org.vigil.support.OneStore;

/**
 * The alerts page in a real browser: an operator adds a Slack-format channel, sends it a
 * test that a real receiver gets, declares a maintenance window that the board then
 * marks, and removes the channel; an owner is offered only their own customer.
 */
@OneStore
class AlertsBrowserTest extends ApiTest {

	private Browser browser;

	private HttpServer chat;

	private final List<String> received = new CopyOnWriteArrayList<>();

	private String acme;

	private String hpc;

	@BeforeEach
	void acmeAndAChatRoom() throws IOException {
		this.acme = this.fixtures.customer("Acme Research");
		this.fixtures.customer("Globex");
		this.hpc = this.fixtures.offering(this.acme, "HPC Cluster");
		this.chat = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
		this.chat.createContext("/", (exchange) -> {
			try (exchange; InputStream body = exchange.getRequestBody()) {
				this.received.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
				exchange.sendResponseHeaders(200, -1);
			}
		});
		this.chat.start();
		this.browser = Browser.start(this.api.base());
	}

	@AfterEach
	void close() {
		if (this.browser != null) {
			this.browser.close();
		}
		this.chat.stop(0);
	}

	@Test
	void staffAddTestAndRemoveAChannelAndDeclareAWindowTheBoardMarks() {
		new StatusRows(this.db).insert(this.hpc, AgentType.ORDER_PROCESSING, Status.DISCONNECTED,
				Instant.now().minusSeconds(600));
		// Another customer's row, which Acme's window does not cover.
		new StatusRows(this.db).insert(this.fixtures.offering(this.fixtures.customer("Initech"), "Lab"),
				AgentType.ORDER_PROCESSING, Status.DISCONNECTED, Instant.now().minusSeconds(600));
		this.browser.open("/").signIn(ADMIN);
		this.browser.find(By.linkText("Alerts")).click();
		this.browser.until((d) -> this.browser.visible(By.id("channel-form")));
		this.browser.until((d) -> this.browser.find(By.id("channels-state")).getText().contains("No channels yet"));

		this.browser.find(By.id("c-name")).sendKeys("Acme chat");
		new Select(this.browser.find(By.id("c-kind"))).selectByValue("slack");
		this.browser.find(By.id("c-url"))
			.sendKeys("http://127.0.0.1:" + this.chat.getAddress().getPort() + "/hooks/acme");
		new Select(this.browser.find(By.id("c-customer"))).selectByVisibleText("Acme Research");
		new Select(this.browser.find(By.id("c-alert-after"))).selectByValue("PT5M");
		this.browser.find(By.id("channel-submit")).click();

		WebElement row = this.browser
			.until((d) -> d.findElements(By.cssSelector("#channel-rows tr")).stream().findFirst().orElse(null));
		assertThat(row.getText()).contains("Acme chat")
			.contains("slack")
			.contains("Acme Research")
			.contains("alert after 5 min");

		row.findElement(By.xpath(".//button[text()='Send test']")).click();
		this.browser.until((d) -> this.browser.find(By.id("test-result")).getText().contains("delivered"));
		assertThat(this.browser.find(By.id("test-result")).getText()).contains("HTTP 200");
		assertThat(this.received).singleElement().satisfies((body) -> assertThat(body).contains("Acme chat"));

		// A window for the whole customer, from now for an hour (the form's defaults).
		new Select(this.browser.find(By.id("w-customer"))).selectByVisibleText("Acme Research");
		this.browser.find(By.id("w-reason")).sendKeys("Kernel upgrade");
		this.browser.find(By.id("window-submit")).click();
		this.browser.until((d) -> d.findElement(By.id("window-rows")).getText().contains("Kernel upgrade"));
		assertThat(this.browser.find(By.id("window-rows")).getText()).contains("Acme Research").contains("in progress");

		this.browser.find(By.linkText("Statuses")).click();
		this.browser.until((d) -> d.findElements(By.cssSelector("#rows .maintenance")).size() == 1);
		assertThat(this.browser.find(By.cssSelector("#rows .maintenance")).getAttribute("title"))
			.contains("Kernel upgrade");
		assertThat(this.browser.find(By.xpath("//*[@id='rows']/tr[.//*[contains(@class, 'maintenance')]]")).getText())
			.contains("HPC Cluster")
			.doesNotContain("Lab");

		this.browser.find(By.linkText("Alerts")).click();
		WebElement again = this.browser
			.until((d) -> d.findElements(By.cssSelector("#channel-rows tr")).stream().findFirst().orElse(null));
		again.findElement(By.xpath(".//button[text()='Remove']")).click();
		this.browser.driver().switchTo().alert().accept();
		this.browser.until((d) -> this.browser.find(By.id("channels-state")).getText().contains("No channels yet"));
	}

	@Test
	void anOwnerIsOfferedOnlyTheirCustomerAndCannotPointAtAPrivateAddress() {
		String alice = this.fixtures.user("alice");
		this.fixtures.grantOnCustomer(this.acme, alice, "CUSTOMER.OWNER");
		this.browser.open("/").signIn(this.fixtures.token(alice));
		this.browser.open("/alerts.html");
		this.browser.until((d) -> new Select(d.findElement(By.id("c-customer"))).getOptions().size() == 1);
		assertThat(new Select(this.browser.find(By.id("c-customer"))).getOptions()).extracting(WebElement::getText)
			.containsExactly("Acme Research");

		this.browser.find(By.id("c-name")).sendKeys("Mine");
		this.browser.find(By.id("c-url")).sendKeys("http://127.0.0.1:9/hook");
		this.browser.find(By.id("channel-submit")).click();
		this.browser.until((d) -> this.browser.visible(By.id("channel-message")));
		assertThat(this.browser.find(By.id("channel-message")).getText()).contains("The channel was not added")
			.contains("private address");
	}

}
