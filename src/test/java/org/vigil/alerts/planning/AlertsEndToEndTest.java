package org.vigil.alerts.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.Receiver;
import org.vigil.alerts.delivery.Dispatcher;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Alerts as a new operator meets them, through the API only: a Slack-format channel and
 * an email channel for their customer, an agent that falls silent (one message on each
 * within seconds, with group_wait at 1 s and order processing's timeout at 2 s), its
 * return (one recovery message on each), and a site that goes dark at once (one message
 * naming every agent).
 */
@TestPropertySource(properties = { "vigil.notify.dispatch=true", "vigil.notify.group-wait=PT1S",
		"vigil.notify.poll-interval=100ms", "vigil.notify.email-from=vigil@example.org",
		"vigil.liveness.default-timeout=PT3S", "vigil.liveness.timeouts.order-processing=PT2S",
		"vigil.liveness.sweep-interval=200ms", "vigil.liveness.startup-grace=PT1M" })
class AlertsEndToEndTest extends ApiTest {

	private static final String CHECK_IN = "/api/marketplace-integration-statuses/check_in/";

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

	static {
		MAIL.start();
	}

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
	}

	private static Dispatcher dispatcher;

	private static AlertPlanner planner;

	@Autowired
	void loops(Dispatcher runningDispatcher, AlertPlanner runningPlanner) {
		dispatcher = runningDispatcher;
		planner = runningPlanner;
	}

	/**
	 * This context stays cached for later tests; with its short group_wait it must
	 * neither plan nor deliver what they write.
	 */
	@AfterAll
	static void stopAlerting() {
		if (dispatcher != null) {
			dispatcher.stop();
		}
		if (planner != null) {
			planner.stop();
		}
		MAIL.stop();
	}

	private Receiver slack;

	private String owner;

	private String acme;

	private String hpc;

	@BeforeEach
	void anOperatorWithTwoChannels() throws Exception {
		MAIL.purgeEmailFromAllMailboxes();
		this.slack = new Receiver();
		this.acme = this.fixtures.customer("Acme Research");
		this.hpc = this.fixtures.offering(this.acme, "HPC Cluster");
		String alice = this.fixtures.user("alice");
		this.fixtures.grantOnCustomer(this.acme, alice, "CUSTOMER.OWNER");
		this.owner = this.fixtures.token(alice);
		// The owner's own channels must point at public addresses; the receivers here are
		// on loopback, which only staff may use, so staff adds them for the customer.
		Response chat = this.api.post("/api/notification-channels/", ADMIN,
				Map.of("name", "Acme chat", "kind", "slack", "url", this.slack.url(), "customer", this.acme));
		assertThat(chat.status()).as(chat.toString()).isEqualTo(201);
		Response mail = this.api.post("/api/notification-channels/", ADMIN, Map.of("name", "Acme on call", "kind",
				"email", "emails", List.of("oncall@acme.example"), "customer", this.acme));
		assertThat(mail.status()).as(mail.toString()).isEqualTo(201);
	}

	@AfterEach
	void closeReceiver() {
		this.slack.close();
	}

	@Test
	void aSilentAgentIsToldOnceOnEachChannelAndItsReturnOnceMore() throws Exception {
		checkIn(this.hpc, "Order processing");

		await(() -> this.slack.requests().size() == 1 && MAIL.getReceivedMessages().length == 1);
		assertThat(this.slack.requests().get(0).text()).contains("HPC Cluster")
			.contains("Order processing")
			.containsIgnoringCase("disconnected");
		MimeMessage down = MAIL.getReceivedMessages()[0];
		assertThat(down.getAllRecipients()).extracting(Object::toString).containsExactly("oncall@acme.example");
		assertThat(down.getSubject()).contains("Acme Research").containsIgnoringCase("disconnected");

		long back = System.nanoTime();
		checkIn(this.hpc, "Order processing");
		await(() -> this.slack.requests().size() == 2 && MAIL.getReceivedMessages().length == 2);
		assertThat(this.slack.requests().get(1).text()).contains("HPC Cluster").containsIgnoringCase("recovered");
		assertThat(MAIL.getReceivedMessages()[1].getSubject()).containsIgnoringCase("recovered");

		// The owner sees both deliveries of each channel, each sent at the first attempt.
		Response deliveries = this.api.get("/api/notifications/?customer_uuid=" + this.acme, this.owner);
		assertThat(deliveries.list()).hasSize(4).allSatisfy((delivery) -> {
			assertThat(delivery).containsEntry("state", "sent");
			assertThat((List<?>) delivery.get("attempts")).hasSize(1);
		});
		// Nothing more arrives: no reminders were asked for. Looked at until shortly
		// before
		// the status, silent again, times out (2 s) and its new disconnection could go
		// out
		// (1 s group_wait later, counted from the disconnection).
		Thread.sleep(Math.max(0, 2500 - (System.nanoTime() - back) / 1_000_000));
		assertThat(this.slack.requests()).hasSize(2);
		assertThat(MAIL.getReceivedMessages()).hasSize(2);
	}

	@Test
	void aSiteGoingDarkIsOneMessageNamingEveryAgent() throws Exception {
		String cloud = this.fixtures.offering(this.acme, "Cloud VMs");
		// Five agents with the same 3 s timeout, checking in together and then never
		// again.
		this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.hpc, "agent_type",
				List.of("Usage reporting", "Glauth sync", "Event processing")));
		this.api.post(CHECK_IN, ADMIN,
				Map.of("offering_uuid", cloud, "agent_type", List.of("Usage reporting", "Resource sync")));

		await(() -> !this.slack.requests().isEmpty() && MAIL.getReceivedMessages().length >= 1);
		Thread.sleep(2000);
		assertThat(this.slack.requests()).hasSize(1);
		assertThat(MAIL.getReceivedMessages()).hasSize(1);
		String message = this.slack.requests().get(0).text();
		assertThat(message).contains("5 agents of Acme Research disconnected")
			.contains("HPC Cluster")
			.contains("Cloud VMs");
	}

	private void checkIn(String offering, String agentType) {
		Response answer = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", offering, "agent_type", agentType));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
	}

	private static void await(Check check) throws Exception {
		long end = System.nanoTime() + WAIT.toNanos();
		while (!check.done()) {
			if (System.nanoTime() > end) {
				throw new AssertionError("not within " + WAIT);
			}
			Thread.sleep(50);
		}
	}

	@FunctionalInterface
	private interface Check {

		boolean done() throws Exception;

	}

}
