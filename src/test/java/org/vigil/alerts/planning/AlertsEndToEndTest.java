package org.vigil.alerts.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.ALERT_OUTBOX;
import static org.vigil.db.Tables.ALERT_PENDING;
import static org.vigil.db.Tables.ALERT_STATE;
import static org.vigil.db.Tables.NOTIFICATION;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

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
import org.vigil.support.Await;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Alerts as a new operator meets them, through the API only: a Slack-format channel and
 * an email channel for their customer, an agent that falls silent (one message on each,
 * with group_wait at 1 s and order processing's timeout at 2 s), its return (one recovery
 * message on each), and a site that goes dark at once (one message naming every agent).
 * The test clock stands still and is moved past each timeout and group_wait; the sweeper,
 * the planner and the dispatcher run on their own loops.
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
		this.clock.freeze();
		checkIn(this.hpc, "Order processing");
		// Past order processing's timeout (2 s) and the settle margin; then group_wait.
		this.clock.advance(Duration.ofMillis(2500));
		awaitTimeouts(1);
		this.clock.advance(Duration.ofSeconds(1));

		await("a message on each channel",
				() -> this.slack.requests().size() == 1 && MAIL.getReceivedMessages().length == 1);
		assertThat(this.slack.requests().get(0).text()).contains("HPC Cluster")
			.contains("Order processing")
			.containsIgnoringCase("disconnected");
		MimeMessage down = MAIL.getReceivedMessages()[0];
		assertThat(down.getAllRecipients()).extracting(Object::toString).containsExactly("oncall@acme.example");
		assertThat(down.getSubject()).contains("Acme Research").containsIgnoringCase("disconnected");

		checkIn(this.hpc, "Order processing");
		this.clock.advance(Duration.ofSeconds(1));
		await("a recovery message on each channel",
				() -> this.slack.requests().size() == 2 && MAIL.getReceivedMessages().length == 2);
		assertThat(this.slack.requests().get(1).text()).contains("HPC Cluster").containsIgnoringCase("recovered");
		assertThat(MAIL.getReceivedMessages()[1].getSubject()).containsIgnoringCase("recovered");

		// The owner sees both deliveries of each channel, each sent at the first attempt.
		Response deliveries = this.api.get("/api/notifications/?customer_uuid=" + this.acme, this.owner);
		assertThat(deliveries.list()).hasSize(4).allSatisfy((delivery) -> {
			assertThat(delivery).containsEntry("state", "sent");
			assertThat((List<?>) delivery.get("attempts")).hasSize(1);
		});
		// Nothing more is coming: no reminders were asked for, the planner has nothing
		// left to plan and the dispatcher nothing left to send.
		awaitNothingLeft();
		assertThat(this.db.fetchCount(ALERT_STATE, ALERT_STATE.REMIND_AT.isNotNull())).isZero();
		assertThat(this.db.fetchCount(NOTIFICATION)).isEqualTo(4);
		assertThat(this.slack.requests()).hasSize(2);
		assertThat(MAIL.getReceivedMessages()).hasSize(2);
	}

	@Test
	void aSiteGoingDarkIsOneMessageNamingEveryAgent() {
		this.clock.freeze();
		String cloud = this.fixtures.offering(this.acme, "Cloud VMs");
		// Five agents with the same 3 s timeout, checking in together and then never
		// again.
		this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.hpc, "agent_type",
				List.of("Usage reporting", "Glauth sync", "Event processing")));
		this.api.post(CHECK_IN, ADMIN,
				Map.of("offering_uuid", cloud, "agent_type", List.of("Usage reporting", "Resource sync")));
		this.clock.advance(Duration.ofMillis(3500));
		awaitTimeouts(5);
		this.clock.advance(Duration.ofSeconds(1));

		await("a message on each channel",
				() -> !this.slack.requests().isEmpty() && MAIL.getReceivedMessages().length >= 1);
		awaitNothingLeft();
		assertThat(this.db.fetchCount(NOTIFICATION)).as("one notification per channel").isEqualTo(2);
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

	/** The sweeper, on its own loop, has timed out this many statuses. */
	private void awaitTimeouts(int count) {
		await(count + " timeouts", () -> this.db.fetchCount(STATUS_EVENT, STATUS_EVENT.REASON.eq("timeout")) == count);
	}

	/**
	 * Every event planned (the outbox and the queue empty) and every notification
	 * finished: at this clock time, nothing more can go out.
	 */
	private void awaitNothingLeft() {
		await("nothing left to plan or send",
				() -> this.db.fetchCount(ALERT_OUTBOX) == 0 && this.db.fetchCount(ALERT_PENDING) == 0
						&& this.db.fetchCount(NOTIFICATION, NOTIFICATION.STATE.eq("pending")) == 0);
	}

	private static void await(String what, Callable<Boolean> done) {
		Await.atMost(WAIT).alias(what).until(done);
	}

}
