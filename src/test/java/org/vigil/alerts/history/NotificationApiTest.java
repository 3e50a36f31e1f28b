package org.vigil.alerts.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.NOTIFICATION;
import static org.vigil.db.Tables.NOTIFICATION_ATTEMPT;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.Receiver;
import org.vigil.alerts.delivery.AlertRows.NewItem;
import org.vigil.alerts.delivery.AlertRows.Notification;
import org.vigil.alerts.delivery.AlertRows;
import org.vigil.alerts.delivery.ChannelKind;
import org.vigil.alerts.delivery.DeliveryTest;
import org.vigil.alerts.delivery.Recipient;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.support.Api;
import org.vigil.support.ApiTest;
import org.vigil.web.JsonFormats;
import org.vigil.web.Uuids;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/notifications/} and the channel test action, as each kind of caller sees
 * them: staff and support see every delivery, a customer's owners and service managers
 * those of its channels, nobody a secret; only those who manage a channel may test it,
 * and the answer is what the receiver said.
 */
class NotificationApiTest extends ApiTest {

	private static final String SECRET_A = "secret-of-acme-0123456789";

	private static final String SECRET_G = "secret-of-global-0123456789";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private AlertRows rows;

	private String acme;

	private String beta;

	private String acmeOffering;

	private Recipient acmeChannel;

	private Recipient betaChannel;

	private Recipient globalChannel;

	private Notification acmeSent;

	private Notification acmePending;

	private Notification betaSent;

	private Notification globalPending;

	private Instant at;

	@BeforeEach
	void deliveries() {
		this.rows = new AlertRows(this.db);
		this.acme = this.fixtures.customer("Acme Research");
		this.beta = this.fixtures.customer("Beta Labs");
		long acmeId = this.rows.customerId(this.acme);
		long betaId = this.rows.customerId(this.beta);
		this.acmeOffering = this.fixtures.offering(this.acme, "HPC Cluster");
		String betaOffering = this.fixtures.offering(this.beta, "Cloud");
		this.acmeChannel = this.rows.webhook("Acme ops", "https://hooks.example.org/acme", SECRET_A, acmeId, false);
		this.betaChannel = this.rows.webhook("Beta ops", "https://hooks.example.org/beta", null, betaId, false);
		this.globalChannel = this.rows.webhook("Fleet", "https://hooks.example.org/fleet", SECRET_G, null, true);
		this.at = AlertRows.now().minusSeconds(60);
		long status = this.rows.status(this.acmeOffering, AgentType.ORDER_PROCESSING, Status.DISCONNECTED);
		NewItem item = new NewItem("disconnected",
				this.rows.event(status, Status.ACTIVE, Status.DISCONNECTED, "timeout", this.at), status);
		long betaStatus = this.rows.status(betaOffering, AgentType.USAGE_REPORTING, Status.DISCONNECTED);
		NewItem betaItem = new NewItem("disconnected",
				this.rows.event(betaStatus, Status.ACTIVE, Status.DISCONNECTED, "timeout", this.at), betaStatus);
		this.acmeSent = sent(this.rows.notification(this.acmeChannel, acmeId, this.at, List.of(item)));
		this.acmePending = later(this.rows.notification(this.acmeChannel, acmeId, this.at,
				List.of(new NewItem("reminder", item.event(), status))));
		this.betaSent = sent(this.rows.notification(this.betaChannel, betaId, this.at, List.of(betaItem)));
		this.globalPending = later(this.rows.notification(this.globalChannel, acmeId, this.at, List.of(item)));
	}

	@Test
	void staffSeeEveryDeliveryNewestFirstWithItsEventsAndAttempts() {
		Api.Response response = this.api.get("/api/notifications/", ADMIN);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("X-Result-Count")).isEqualTo("4");
		assertThat(uuids(response)).containsExactly(this.globalPending.hex(), this.betaSent.hex(),
				this.acmePending.hex(), this.acmeSent.hex());
		Map<String, Object> sent = response.list().get(3);
		assertThat(sent).containsOnlyKeys("uuid", "channel_uuid", "channel_name", "customer_uuid", "customer_name",
				"state", "created", "finished", "next_attempt_at", "attempt_count", "events", "attempts");
		assertThat(sent).containsEntry("channel_uuid", Uuids.hex(this.acmeChannel.uuid()))
			.containsEntry("channel_name", "Acme ops")
			.containsEntry("customer_uuid", this.acme)
			.containsEntry("customer_name", "Acme Research")
			.containsEntry("state", "sent")
			.containsEntry("attempt_count", 1)
			.containsEntry("next_attempt_at", null);
		Map<String, Object> event = ((List<Map<String, Object>>) sent.get("events")).get(0);
		assertThat(event).containsOnlyKeys("what", "uuid", "integration_status_uuid", "offering_uuid", "offering_name",
				"agent_type", "from_status", "to_status", "reason", "created");
		assertThat(event).containsEntry("what", "disconnected")
			.containsEntry("offering_uuid", this.acmeOffering)
			.containsEntry("offering_name", "HPC Cluster")
			.containsEntry("agent_type", "Order processing")
			.containsEntry("from_status", "Active")
			.containsEntry("to_status", "Disconnected")
			.containsEntry("reason", "timeout")
			.containsEntry("created", JsonFormats.timestamp(this.at));
		Map<String, Object> attempt = new java.util.LinkedHashMap<>();
		attempt.put("attempted", JsonFormats.timestamp(this.at.plusSeconds(1)));
		attempt.put("succeeded", true);
		attempt.put("outcome", "HTTP 200");
		attempt.put("http_status", 200);
		attempt.put("latency_ms", 42);
		attempt.put("error", null);
		assertThat(((List<Map<String, Object>>) sent.get("attempts"))).containsExactly(attempt);
		assertThat(response.body()).doesNotContain(SECRET_A).doesNotContain(SECRET_G);

		Api.Response one = this.api.get("/api/notifications/" + this.acmeSent.hex(), ADMIN);
		assertThat(one.status()).isEqualTo(200);
		assertThat(one.json()).isEqualTo(sent);
	}

	@Test
	void filtersNarrowTheListAndNonsenseIsRefused() {
		assertThat(uuids(this.api.get("/api/notifications/?channel_uuid=" + this.acmeChannel.uuid(), ADMIN)))
			.containsExactly(this.acmePending.hex(), this.acmeSent.hex());
		assertThat(uuids(this.api.get("/api/notifications/?state=sent", ADMIN))).containsExactly(this.betaSent.hex(),
				this.acmeSent.hex());
		assertThat(uuids(this.api.get("/api/notifications/?state=pending&state=failed", ADMIN)))
			.containsExactly(this.globalPending.hex(), this.acmePending.hex());
		assertThat(uuids(this.api.get("/api/notifications/?customer_uuid=" + this.beta, ADMIN)))
			.containsExactly(this.betaSent.hex());

		Api.Response page = this.api.get("/api/notifications/?page_size=3&page=2", ADMIN);
		assertThat(page.header("X-Result-Count")).isEqualTo("4");
		assertThat(uuids(page)).containsExactly(this.acmeSent.hex());
		assertThat(page.header("Link")).contains("rel=\"prev\"");
		Api.Response head = this.api.head("/api/notifications/?state=sent", ADMIN);
		assertThat(head.status()).isEqualTo(200);
		assertThat(head.header("X-Result-Count")).isEqualTo("2");

		Api.Response state = this.api.get("/api/notifications/?state=delivered", ADMIN);
		assertThat(state.status()).isEqualTo(400);
		assertThat(state.json()).isEqualTo(
				Map.of("state", List.of("Select a valid choice. delivered is not one of the available choices.")));
		Api.Response channel = this.api.get("/api/notifications/?channel_uuid=nope&customer_uuid=x", ADMIN);
		assertThat(channel.status()).isEqualTo(400);
		assertThat(channel.json()).containsOnlyKeys("channel_uuid", "customer_uuid");
		assertThat(this.api.get("/api/notifications/not-a-uuid/", ADMIN).status()).isEqualTo(404);
	}

	@Test
	void ownersAndManagersSeeTheirCustomersDeliveriesOnly() {
		String owner = userWithRole(this.acme, "alice", "CUSTOMER.OWNER");
		String manager = userWithRole(this.acme, "maria", "CUSTOMER.MANAGER");
		String betaOwner = userWithRole(this.beta, "bob", "CUSTOMER.OWNER");
		String support = this.fixtures.token(this.fixtures.user(Map.of("username", "sue", "is_support", true)));
		String olga = this.fixtures.user("olga");
		this.fixtures.grantOnOffering(this.acmeOffering, olga, "OFFERING.MANAGER");
		String offeringManager = this.fixtures.token(olga);

		for (String acmeRole : List.of(owner, manager)) {
			assertThat(uuids(this.api.get("/api/notifications/", acmeRole))).containsExactly(this.acmePending.hex(),
					this.acmeSent.hex());
			assertThat(this.api.get("/api/notifications/" + this.betaSent.hex() + "/", acmeRole).status())
				.isEqualTo(404);
			assertThat(this.api.get("/api/notifications/" + this.globalPending.hex() + "/", acmeRole).status())
				.as("a global channel's delivery, though about Acme")
				.isEqualTo(404);
			assertThat(this.api.get("/api/notifications/?channel_uuid=" + this.betaChannel.uuid(), acmeRole).list())
				.isEmpty();
		}
		assertThat(uuids(this.api.get("/api/notifications/", betaOwner))).containsExactly(this.betaSent.hex());
		assertThat(this.api.get("/api/notifications/", support).header("X-Result-Count")).isEqualTo("4");
		assertThat(this.api.get("/api/notifications/", offeringManager).list()).isEmpty();
		assertThat(this.api.get("/api/notifications/" + this.acmeSent.hex() + "/", offeringManager).status())
			.isEqualTo(404);
		for (String key : List.of(owner, manager, betaOwner, support, ADMIN)) {
			assertThat(this.api.get("/api/notifications/", key).body()).doesNotContain(SECRET_A)
				.doesNotContain(SECRET_G);
		}
	}

	@Test
	void theTestActionAnswersTheOutcomeAndOnlyStaffTheReceiversAnswer() throws Exception {
		String owner = userWithRole(this.acme, "alice", "CUSTOMER.OWNER");
		String staff = this.fixtures.token(this.fixtures.user(Map.of("username", "sam", "is_staff", true)));
		try (Receiver receiver = new Receiver()) {
			Recipient staffSaved = this.rows.webhook("Acme internal", receiver.url(), SECRET_A,
					this.rows.customerId(this.acme), true);
			String path = "/api/notification-channels/" + Uuids.hex(staffSaved.uuid()) + "/test/";

			Api.Response ok = this.api.post(path, owner, Map.of());
			assertThat(ok.status()).isEqualTo(200);
			assertThat(ok.json()).containsOnlyKeys("succeeded", "outcome", "http_status", "latency_ms", "error")
				.containsEntry("succeeded", true)
				.containsEntry("outcome", "HTTP 200")
				.containsEntry("http_status", 200)
				.containsEntry("error", null);
			assertThat(ok.body()).doesNotContain(SECRET_A);
			Receiver.Request request = receiver.requests().get(0);
			assertThat(request.header("X-Vigil-Signature")).isEqualTo("sha256="
					+ DeliveryTest.hmac(SECRET_A, request.header("X-Vigil-Timestamp") + "." + request.text()));
			Map<String, Object> body = JSON.readValue(request.body(), Map.class);
			assertThat(body).containsEntry("customer", Map.of("uuid", this.acme, "name", "Acme Research"))
				.containsEntry("events", List.of())
				.containsEntry("text", "Test message from Vigil for the channel \u201cAcme internal\u201d");

			receiver.answer(Receiver.Mode.FAIL);
			Api.Response failed = this.api.post(path, owner, Map.of());
			assertThat(failed.status()).isEqualTo(200);
			assertThat(failed.json()).containsEntry("succeeded", false)
				.containsEntry("outcome", "HTTP 500")
				.containsEntry("http_status", 500)
				.containsEntry("error", null);
			assertThat(failed.body()).as("the receiver's answer is for staff").doesNotContain("Internal trouble");
			Api.Response failedForStaff = this.api.post(path, staff, Map.of());
			assertThat(failedForStaff.json()).containsEntry("outcome", "HTTP 500");
			assertThat((String) failedForStaff.json().get("error")).startsWith("Internal trouble: xxx").hasSize(500);

			Recipient ownersOwn = this.rows.webhook("Acme private", receiver.url(), null,
					this.rows.customerId(this.acme), false);
			String ownersPath = "/api/notification-channels/" + Uuids.hex(ownersOwn.uuid()) + "/test/";
			Api.Response refused = this.api.post(ownersPath, owner, Map.of());
			assertThat(refused.status()).isEqualTo(200);
			assertThat(refused.json()).containsEntry("succeeded", false)
				.containsEntry("outcome", "blocked")
				.containsEntry("http_status", null)
				.containsEntry("error", null);
			Api.Response refusedForStaff = this.api.post(ownersPath, staff, Map.of());
			assertThat(refusedForStaff.json()).containsEntry("outcome", "blocked");
			assertThat((String) refusedForStaff.json().get("error")).startsWith("blocked: the address is not allowed")
				.contains("VIGIL_NOTIFY_ALLOW_HOSTS")
				.doesNotContain("127.0.0.1");
			assertThat(receiver.requests()).as("nothing reached the address the owner's channel names").hasSize(3);
		}
	}

	@Test
	void recordedAttemptsShowNonStaffTheOutcomeOnly() {
		String owner = userWithRole(this.acme, "alice", "CUSTOMER.OWNER");
		String support = this.fixtures.token(this.fixtures.user(Map.of("username", "sue", "is_support", true)));
		Instant when = this.at.plusSeconds(2);
		for (String[] attempt : new String[][] {
				{ "550 5.1.1 <bob@relay.internal>: rejected by 10.0.0.5", "Relay relay.internal at 10.0.0.5 said no" },
				{ "HTTP 502", "<html>Bad gateway: upstream 10.0.0.7:8080 is down</html>" },
				{ "connection refused", "connection refused (10.0.0.9:25)" }, { "blocked", "blocked: the address" },
				{ "a receiver's own words", "whatever" } }) {
			this.db
				.insertInto(NOTIFICATION_ATTEMPT, NOTIFICATION_ATTEMPT.NOTIFICATION_ID, NOTIFICATION_ATTEMPT.ATTEMPTED,
						NOTIFICATION_ATTEMPT.SUCCEEDED, NOTIFICATION_ATTEMPT.OUTCOME, NOTIFICATION_ATTEMPT.HTTP_STATUS,
						NOTIFICATION_ATTEMPT.LATENCY_MS, NOTIFICATION_ATTEMPT.ERROR)
				.values(this.acmePending.id(), when, false, attempt[0], attempt[0].equals("HTTP 502") ? 502 : null, 7,
						attempt[1])
				.execute();
		}
		String path = "/api/notifications/" + this.acmePending.hex() + "/";
		for (String nonStaff : List.of(owner, support)) {
			for (Api.Response shown : List.of(this.api.get(path, nonStaff),
					this.api.get("/api/notifications/?channel_uuid=" + this.acmeChannel.uuid(), nonStaff))) {
				assertThat(shown.status()).isEqualTo(200);
				assertThat(shown.body()).doesNotContain("10.0.0").doesNotContain("internal").doesNotContain("upstream");
			}
			List<Map<String, Object>> attempts = (List<Map<String, Object>>) this.api.get(path, nonStaff)
				.json()
				.get("attempts");
			assertThat(attempts).extracting((a) -> a.get("outcome"))
				.containsExactly("SMTP 550", "HTTP 502", "refused", "blocked", "error");
			assertThat(attempts).allSatisfy((a) -> assertThat(a).containsEntry("error", null)
				.containsEntry("latency_ms", 7)
				.containsEntry("succeeded", false));
			assertThat(attempts.get(1)).containsEntry("http_status", 502);
		}
		List<Map<String, Object>> forStaff = (List<Map<String, Object>>) this.api.get(path, ADMIN)
			.json()
			.get("attempts");
		assertThat(forStaff).extracting((a) -> a.get("error"))
			.contains("<html>Bad gateway: upstream 10.0.0.7:8080 is down</html>");
		assertThat(forStaff.get(0).get("outcome")).isEqualTo("550 5.1.1 <bob@relay.internal>: rejected by 10.0.0.5");
	}

	@Test
	void onlyThoseWhoManageAChannelMayTestIt() {
		String owner = userWithRole(this.acme, "alice", "CUSTOMER.OWNER");
		String manager = userWithRole(this.acme, "maria", "CUSTOMER.MANAGER");
		String betaOwner = userWithRole(this.beta, "bob", "CUSTOMER.OWNER");
		String support = this.fixtures.token(this.fixtures.user(Map.of("username", "sue", "is_support", true)));
		String acmeTest = "/api/notification-channels/" + Uuids.hex(this.acmeChannel.uuid()) + "/test/";
		String globalTest = "/api/notification-channels/" + Uuids.hex(this.globalChannel.uuid()) + "/test";

		assertThat(this.api.post(acmeTest, betaOwner, Map.of()).status()).isEqualTo(404);
		assertThat(this.api.post(globalTest, owner, Map.of()).status()).isEqualTo(404);
		assertThat(this.api.post(acmeTest, manager, Map.of()).status()).isEqualTo(403);
		assertThat(this.api.post(globalTest, support, Map.of()).status()).isEqualTo(403);
		assertThat(this.api.post("/api/notification-channels/0123/test/", ADMIN, Map.of()).status()).isEqualTo(404);
		assertThat(this.api
			.post("/api/notification-channels/" + Uuids.hex(java.util.UUID.randomUUID()) + "/test/", ADMIN, Map.of())
			.status()).isEqualTo(404);

		Recipient email = this.rows.channel("Acme mail", ChannelKind.EMAIL, null, "ops@example.org", null,
				this.rows.customerId(this.acme), false);
		Api.Response unconfigured = this.api.post("/api/notification-channels/" + Uuids.hex(email.uuid()) + "/test/",
				owner, Map.of());
		assertThat(unconfigured.status()).isEqualTo(200);
		assertThat(unconfigured.json()).containsEntry("succeeded", false)
			.containsEntry("outcome", "email is not configured");
	}

	private Notification sent(Notification notification) {
		this.db.update(NOTIFICATION)
			.set(NOTIFICATION.STATE, "sent")
			.set(NOTIFICATION.ATTEMPT_COUNT, 1)
			.set(NOTIFICATION.FINISHED, this.at.plusSeconds(1))
			.setNull(NOTIFICATION.NEXT_ATTEMPT_AT)
			.where(NOTIFICATION.ID.eq(notification.id()))
			.execute();
		this.db
			.insertInto(NOTIFICATION_ATTEMPT, NOTIFICATION_ATTEMPT.NOTIFICATION_ID, NOTIFICATION_ATTEMPT.ATTEMPTED,
					NOTIFICATION_ATTEMPT.SUCCEEDED, NOTIFICATION_ATTEMPT.OUTCOME, NOTIFICATION_ATTEMPT.HTTP_STATUS,
					NOTIFICATION_ATTEMPT.LATENCY_MS)
			.values(notification.id(), this.at.plusSeconds(1), true, "HTTP 200", 200, 42)
			.execute();
		return notification;
	}

	/** Not due for an hour: nothing here sends, but a pending row stays pending. */
	private Notification later(Notification notification) {
		this.db.update(NOTIFICATION)
			.set(NOTIFICATION.NEXT_ATTEMPT_AT, Instant.now().plusSeconds(3600))
			.where(NOTIFICATION.ID.eq(notification.id()))
			.execute();
		return notification;
	}

	private String userWithRole(String customer, String username, String role) {
		String user = this.fixtures.user(username);
		this.fixtures.grantOnCustomer(customer, user, role);
		return this.fixtures.token(user);
	}

	private static List<String> uuids(Api.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.list().stream().map((item) -> (String) item.get("uuid")).toList();
	}

}
