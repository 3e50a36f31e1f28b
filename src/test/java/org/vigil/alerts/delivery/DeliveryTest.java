package org.vigil.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.NOTIFICATION;
import static org.vigil.db.Tables.NOTIFICATION_ATTEMPT;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.Receiver;
import org.vigil.alerts.delivery.AlertRows.NewItem;
import org.vigil.alerts.delivery.AlertRows.Notification;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.support.ApiTest;
import org.vigil.support.Await;
import org.vigil.web.Uuids;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The dispatcher against real receivers: a webhook receiver that checks the signature, a
 * Slack-style receiver, a real SMTP server (GreenMail), a receiver that fails in every
 * way and then recovers, and one that never recovers. Retries are fast here (100 ms
 * doubling to 400 ms); a delivery is given up a minute after it was created.
 */
@TestPropertySource(
		properties = { "vigil.notify.dispatch=true", "vigil.notify.poll-interval=50ms", "vigil.notify.retry-base=100ms",
				"vigil.notify.retry-max=400ms", "vigil.notify.connect-timeout=500ms", "vigil.notify.read-timeout=1s",
				"vigil.notify.give-up-after=PT1M", "vigil.notify.email-from=vigil@example.org" })
public class DeliveryTest extends ApiTest {

	private static final String SECRET = "webhook-secret-0123456789";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

	static {
		MAIL.start();
	}

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
	}

	/**
	 * This test's instance stays in Spring's context cache for the tests that follow, but
	 * stops delivering: what later tests write is not its business. (Closing the context
	 * instead would close the H2 session that may have created the schema, and H2 2.4
	 * then fails every check constraint that compares text.)
	 */
	@AfterAll
	static void stopDispatching() {
		if (dispatcher != null) {
			dispatcher.stop();
		}
		MAIL.stop();
	}

	private static Dispatcher dispatcher;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	void dispatcher(Dispatcher running) {
		dispatcher = running;
	}

	private AlertRows rows;

	private long customer;

	private String customerUuid;

	private String offering;

	@BeforeEach
	void acme() {
		this.rows = new AlertRows(this.db);
		this.customerUuid = this.fixtures.customer("Acme Research");
		this.customer = this.rows.customerId(this.customerUuid);
		this.offering = this.fixtures.offering(this.customerUuid, "HPC Cluster");
	}

	@Test
	void aWebhookIsSignedAndCarriesItsEventsAsSpecified() throws Exception {
		try (Receiver receiver = new Receiver()) {
			Instant at = AlertRows.now().minusSeconds(5);
			List<NewItem> items = List.of(disconnected(AgentType.ORDER_PROCESSING, at),
					disconnected(AgentType.USAGE_REPORTING, at));
			Recipient channel = this.rows.webhook("Ops hook", receiver.url(), SECRET, this.customer, true);
			double sentBefore = count("vigil.notifications.sent", "webhook");
			Notification notification = this.rows.notification(channel, this.customer, AlertRows.now(), items);

			awaitState(notification, "sent");

			assertThat(receiver.requests()).hasSize(1);
			Receiver.Request request = receiver.requests().get(0);
			assertThat(request.header("X-Vigil-Delivery")).isEqualTo(notification.hex());
			assertThat(request.header("User-Agent")).isEqualTo("Vigil");
			assertThat(request.header("Content-Type")).startsWith("application/json");
			String timestamp = request.header("X-Vigil-Timestamp");
			assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(),
					org.assertj.core.data.Offset.offset(30L));
			assertThat(request.header("X-Vigil-Signature"))
				.isEqualTo("sha256=" + hmac(SECRET, timestamp + "." + request.text()));

			Map<String, Object> body = JSON.readValue(request.body(), Map.class);
			assertThat(body).containsOnlyKeys("delivery", "customer", "events", "text");
			assertThat(body.get("delivery")).isEqualTo(notification.hex());
			assertThat(body.get("customer")).isEqualTo(Map.of("uuid", this.customerUuid, "name", "Acme Research"));
			assertThat(body.get("text")).isEqualTo("2 agents of Acme Research disconnected");
			List<Map<String, Object>> events = (List<Map<String, Object>>) body.get("events");
			assertThat(events).hasSize(2);
			assertThat(events.get(0)).containsOnlyKeys("uuid", "offering_uuid", "offering_name", "agent_type",
					"from_status", "to_status", "reason", "created");
			assertThat(events.get(0)).containsEntry("uuid", Uuids.hex(items.get(0).event()))
				.containsEntry("offering_uuid", this.offering)
				.containsEntry("offering_name", "HPC Cluster")
				.containsEntry("agent_type", "Order processing")
				.containsEntry("from_status", "Active")
				.containsEntry("to_status", "Disconnected")
				.containsEntry("reason", "timeout")
				.containsEntry("created", org.vigil.web.JsonFormats.timestamp(at));
			assertThat(events.get(1)).containsEntry("agent_type", "Usage reporting");

			var delivery = this.api.get("/api/notifications/" + notification.hex() + "/", ADMIN);
			assertThat(delivery.status()).isEqualTo(200);
			assertThat(delivery.body()).doesNotContain(SECRET);
			Map<String, Object> shown = delivery.json();
			assertThat(shown).containsEntry("state", "sent").containsEntry("attempt_count", 1);
			assertThat(shown.get("finished")).isNotNull();
			List<Map<String, Object>> attempts = (List<Map<String, Object>>) shown.get("attempts");
			assertThat(attempts).hasSize(1);
			assertThat(attempts.get(0)).containsEntry("succeeded", true)
				.containsEntry("outcome", "HTTP 200")
				.containsEntry("http_status", 200)
				.containsEntry("error", null);
			assertThat(count("vigil.notifications.sent", "webhook")).isEqualTo(sentBefore + 1);
		}
	}

	@Test
	void slackAndMattermostGetTheirIncomingWebhookJson() throws Exception {
		try (Receiver receiver = new Receiver()) {
			Instant at = AlertRows.now().minusSeconds(5);
			List<NewItem> items = List.of(recovered(AgentType.ORDER_PROCESSING, at),
					recovered(AgentType.GLAUTH_SYNC, at), recovered(AgentType.RESOURCE_SYNC, at));
			Recipient channel = this.rows.channel("Team chat", ChannelKind.SLACK, receiver.url(), null, null,
					this.customer, true);
			Notification notification = this.rows.notification(channel, this.customer, AlertRows.now(), items);

			awaitState(notification, "sent");

			assertThat(receiver.requests()).hasSize(1);
			Map<String, Object> body = JSON.readValue(receiver.requests().get(0).body(), Map.class);
			assertThat(body).containsOnlyKeys("text");
			String text = (String) body.get("text");
			assertThat(text.split("\n")).containsExactly("*3 agents of Acme Research recovered*",
					"- HPC Cluster, Order processing: recovered at " + org.vigil.web.JsonFormats.timestamp(at)
							+ " (checked in)",
					"- HPC Cluster, Glauth sync: recovered at " + org.vigil.web.JsonFormats.timestamp(at)
							+ " (checked in)",
					"- HPC Cluster, Resource sync: recovered at " + org.vigil.web.JsonFormats.timestamp(at)
							+ " (checked in)");
		}
	}

	@Test
	void anEmailGoesToEveryRecipientThroughSmtp() throws Exception {
		MAIL.purgeEmailFromAllMailboxes();
		Instant at = AlertRows.now().minusSeconds(5);
		Recipient channel = this.rows.channel("On call", ChannelKind.EMAIL, null, "ops@example.org, oncall@example.org",
				null, this.customer, false);
		Notification notification = this.rows.notification(channel, this.customer, AlertRows.now(),
				List.of(disconnected(AgentType.EVENT_PROCESSING, at)));

		awaitState(notification, "sent");

		MimeMessage[] received = MAIL.getReceivedMessages();
		assertThat(received).hasSize(2);
		MimeMessage mail = received[0];
		assertThat(mail.getSubject())
			.isEqualTo("[Vigil] Event processing agent of HPC Cluster (Acme Research) disconnected");
		assertThat(mail.getFrom()[0].toString()).isEqualTo("vigil@example.org");
		assertThat(List.of(mail.getRecipients(RecipientType.TO)).stream().map(Object::toString))
			.containsExactlyInAnyOrder("ops@example.org", "oncall@example.org");
		String text = GreenMailUtil.getBody(mail).replace("\r\n", "\n");
		assertThat(text).contains("Event processing agent of HPC Cluster (Acme Research) disconnected.")
			.contains("- HPC Cluster, Event processing: disconnected at " + org.vigil.web.JsonFormats.timestamp(at)
					+ " (no check-in before its deadline)")
			.contains("Delivery " + notification.uuid());
		List<Map<String, Object>> attempts = attempts(notification);
		assertThat(attempts).hasSize(1);
		assertThat(attempts.get(0)).containsEntry("succeeded", true).containsEntry("http_status", null);
		assertThat((String) attempts.get(0).get("outcome")).startsWith("250");
	}

	/**
	 * 500, then an answer that never comes, then refused connections: every failure is an
	 * attempt, each wait longer than the last, and once the receiver is back each
	 * notification is delivered exactly once.
	 */
	@Test
	void aFailingReceiverIsRetriedWithGrowingWaitsAndGetsEachNotificationOnce() throws Exception {
		try (Receiver receiver = new Receiver()) {
			receiver.answer(Receiver.Mode.FAIL);
			receiver.hangFor(2_500);
			Recipient channel = this.rows.webhook("Flaky", receiver.url(), SECRET, this.customer, true);
			Instant at = AlertRows.now().minusSeconds(5);
			List<Notification> notifications = List.of(
					this.rows.notification(channel, this.customer, AlertRows.now(),
							List.of(disconnected(AgentType.ORDER_PROCESSING, at))),
					this.rows.notification(channel, this.customer, AlertRows.now(),
							List.of(disconnected(AgentType.USAGE_REPORTING, at))),
					this.rows.notification(channel, this.customer, AlertRows.now(),
							List.of(disconnected(AgentType.GLAUTH_SYNC, at))));

			awaitOutcome(notifications, "HTTP 500");
			receiver.answer(Receiver.Mode.HANG);
			awaitOutcome(notifications, "timeout");
			receiver.stop();
			awaitOutcome(notifications, "refused");
			receiver.answer(Receiver.Mode.OK);
			receiver.start();
			for (Notification notification : notifications) {
				awaitState(notification, "sent");
			}

			List<String> excerpts = new java.util.ArrayList<>();
			for (Notification notification : notifications) {
				assertThat(receiver.accepted()).as("2xx answers to " + notification.hex())
					.containsEntry(notification.hex(), 1);
				List<Map<String, Object>> attempts = attempts(notification);
				List<String> outcomes = attempts.stream().map((a) -> (String) a.get("outcome")).toList();
				assertThat(outcomes).as(outcomes.toString())
					.contains("HTTP 500", "timeout", "refused")
					.endsWith("HTTP 200")
					.containsOnlyOnce("HTTP 200");
				Map<String, Object> failed = attempts.get(outcomes.indexOf("HTTP 500"));
				assertThat(failed).containsEntry("succeeded", false).containsEntry("http_status", 500);
				excerpts.add((String) failed.get("error"));
				for (int i = 0; i + 1 < attempts.size(); i++) {
					// After failure n the wait is 100 ms x 2^(n-1), at most 400 ms; at
					// least half of it is fixed.
					long wait = Math.min(100L << i, 400L) / 2;
					Instant began = Instant.parse((String) attempts.get(i).get("attempted"));
					Instant next = Instant.parse((String) attempts.get(i + 1).get("attempted"));
					long latency = ((Number) attempts.get(i).get("latency_ms")).longValue();
					assertThat(Duration.between(began, next).toMillis() - latency)
						.as("wait after failure %d of %s", i + 1, outcomes)
						.isGreaterThanOrEqualTo(wait - 1);
				}
			}
			// The body of a 500 is kept as a short excerpt (a body that could not be read
			// in
			// time on a busy machine leaves none).
			assertThat(excerpts).anySatisfy(
					(error) -> assertThat(error).startsWith("Internal trouble: xxx").hasSizeLessThanOrEqualTo(500));
		}
	}

	@Test
	void aDeliveryIsGivenUpOnceGiveUpAfterHasPassed() throws Exception {
		try (Receiver receiver = new Receiver()) {
			receiver.answer(Receiver.Mode.FAIL);
			Recipient channel = this.rows.webhook("Down for good", receiver.url(), null, this.customer, true);
			Instant created = AlertRows.now().minusSeconds(59);
			double failedBefore = count("vigil.notifications.failed", "webhook");
			Notification notification = this.rows.notification(channel, this.customer, created,
					List.of(disconnected(AgentType.ORDER_PROCESSING, created)));

			awaitState(notification, "failed");

			Map<String, Object> shown = this.api.get("/api/notifications/" + notification.hex() + "/", ADMIN).json();
			assertThat(shown.get("next_attempt_at")).isNull();
			assertThat(Instant.parse((String) shown.get("finished"))).isAfterOrEqualTo(created.plusSeconds(60));
			List<Map<String, Object>> attempts = (List<Map<String, Object>>) shown.get("attempts");
			assertThat(attempts).isNotEmpty().allSatisfy((a) -> assertThat(a).containsEntry("succeeded", false));
			assertThat(shown.get("attempt_count")).isEqualTo(attempts.size());
			assertThat(count("vigil.notifications.failed", "webhook")).isEqualTo(failedBefore + 1);
			int requests = receiver.requests().size();
			assertThat(requests).as("every request is a recorded attempt").isEqualTo(attempts.size());
			// A later notification to another receiver goes out: the dispatcher has
			// polled
			// since it gave up, and sent nothing more here.
			try (Receiver other = new Receiver()) {
				Recipient up = this.rows.webhook("Up", other.url(), null, this.customer, true);
				Notification later = this.rows.notification(up, this.customer, AlertRows.now(),
						List.of(disconnected(AgentType.USAGE_REPORTING, AlertRows.now())));
				awaitState(later, "sent");
			}
			assertThat(receiver.requests()).as("nothing is sent after giving up").hasSize(requests);
		}
	}

	@Test
	void aDisabledChannelSendsNothingAndItsNotificationFailsAtOnce() throws Exception {
		try (Receiver receiver = new Receiver()) {
			Recipient channel = this.rows.webhook("Paused", receiver.url(), null, this.customer, true);
			this.db.update(NOTIFICATION_CHANNEL)
				.set(NOTIFICATION_CHANNEL.ENABLED, false)
				.where(NOTIFICATION_CHANNEL.ID.eq(channel.id()))
				.execute();
			Notification notification = this.rows.notification(channel, this.customer, AlertRows.now(),
					List.of(disconnected(AgentType.ORDER_PROCESSING, AlertRows.now())));

			awaitState(notification, "failed");

			assertThat(attempts(notification)).singleElement()
				.satisfies((attempt) -> assertThat(attempt).containsEntry("outcome", "channel disabled"));
			assertThat(receiver.requests()).isEmpty();
		}
	}

	@Test
	void theBacklogGaugesComeFromTheDatabase() throws Exception {
		Recipient channel = this.rows.webhook("Later", "http://127.0.0.1:9/", null, this.customer, true);
		Instant created = AlertRows.now().minusSeconds(120);
		// Not due from the start: a dispatcher that saw it due would try it once, past
		// give-up-after, and fail it.
		this.db.transaction((tx) -> {
			AlertRows rows = new AlertRows(tx.dsl());
			Notification notification = rows.notification(channel, this.customer, created,
					List.of(disconnected(rows, AgentType.ORDER_PROCESSING, created)));
			tx.dsl()
				.update(NOTIFICATION)
				.set(NOTIFICATION.NEXT_ATTEMPT_AT, created.plusSeconds(3600))
				.where(NOTIFICATION.ID.eq(notification.id()))
				.execute();
		});

		await(() -> this.meters.get("vigil.notifications.pending").gauge().value() >= 1
				&& this.meters.get("vigil.notifications.oldest.pending.age").gauge().value() >= 119);
		assertThat(this.meters.get("vigil.notifications.oldest.pending.age").gauge().value()).isLessThan(180);
	}

	private NewItem disconnected(AgentType type, Instant at) {
		return disconnected(this.rows, type, at);
	}

	private NewItem disconnected(AlertRows rows, AgentType type, Instant at) {
		long status = rows.status(this.offering, type, Status.DISCONNECTED);
		return new NewItem("disconnected", rows.event(status, Status.ACTIVE, Status.DISCONNECTED, "timeout", at),
				status);
	}

	private NewItem recovered(AgentType type, Instant at) {
		long status = this.rows.status(this.offering, type, Status.ACTIVE);
		return new NewItem("recovered", this.rows.event(status, Status.DISCONNECTED, Status.ACTIVE, "check_in", at),
				status);
	}

	private List<Map<String, Object>> attempts(Notification notification) {
		return (List<Map<String, Object>>) this.api.get("/api/notifications/" + notification.hex() + "/", ADMIN)
			.json()
			.get("attempts");
	}

	private double count(String name, String kind) {
		var counter = this.meters.find(name).tag("kind", kind).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private void awaitState(Notification notification, String state) throws InterruptedException {
		await(() -> "notification in state " + state + "; attempts: " + attempts(notification),
				() -> state.equals(this.db.select(NOTIFICATION.STATE)
					.from(NOTIFICATION)
					.where(NOTIFICATION.ID.eq(notification.id()))
					.fetchOne(NOTIFICATION.STATE)));
	}

	private void awaitOutcome(List<Notification> notifications, String outcome) throws InterruptedException {
		for (Notification notification : notifications) {
			await(() -> "an attempt with outcome " + outcome + "; attempts: " + attempts(notification),
					() -> this.db.fetchExists(NOTIFICATION_ATTEMPT,
							NOTIFICATION_ATTEMPT.NOTIFICATION_ID.eq(notification.id())
								.and(NOTIFICATION_ATTEMPT.OUTCOME.eq(outcome))));
		}
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		await(() -> "the condition", condition);
	}

	private static void await(Supplier<String> what, BooleanSupplier condition) {
		Await.atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(condition.getAsBoolean()).as(() -> "waited 10 s for " + what.get()).isTrue());
	}

	public static String hmac(String secret, String text) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
	}

}
