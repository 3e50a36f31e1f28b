package org.vigil.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.NOTIFICATION_ATTEMPT;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.Receiver;
import org.vigil.alerts.delivery.AlertRows.NewItem;
import org.vigil.alerts.delivery.AlertRows.Notification;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.web.Uuids;
import org.vigil.support.Await;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * Where alerts may go, tried as an attacker would: a name that resolves to a public
 * address when the channel is saved and to loopback when Vigil connects (DNS rebinding),
 * for a customer's channel and a staff one; the default that gives staff no private
 * address either; and {@code VIGIL_NOTIFY_ALLOW_HOSTS}, which lets a staff channel reach
 * a named internal receiver, connected to at the address checked, with the name in
 * {@code Host}. Names are answered by {@link ScriptedNames}; the receivers listen on
 * loopback.
 */
@TestPropertySource(properties = { "vigil.notify.allow-hosts=alertmanager.test", "vigil.notify.dispatch=true",
		"vigil.notify.poll-interval=50ms", "vigil.notify.retry-base=100ms", "vigil.notify.retry-max=400ms",
		"vigil.notify.connect-timeout=500ms", "vigil.notify.read-timeout=1s" })
class OutboundAddressTest extends ApiTest {

	private static final String CHANNELS = "/api/notification-channels/";

	private static final ScriptedNames NAMES = new ScriptedNames();

	private static Dispatcher dispatcher;

	@TestConfiguration
	static class Names {

		@Bean
		@Primary
		NameLookup scriptedNames() {
			return NAMES;
		}

	}

	@Autowired
	void dispatcher(Dispatcher running) {
		dispatcher = running;
	}

	/** This context stays cached: it must not deliver what later tests write. */
	@AfterAll
	static void stopDispatching() {
		if (dispatcher != null) {
			dispatcher.stop();
		}
	}

	private AlertRows rows;

	private String acme;

	private String owner;

	private String staff;

	@BeforeEach
	void acmeWithAnOwnerAndAStaffUser() {
		this.rows = new AlertRows(this.db);
		this.acme = this.fixtures.customer("Acme Research");
		String alice = this.fixtures.user("alice");
		this.fixtures.grantOnCustomer(this.acme, alice, "CUSTOMER.OWNER");
		this.owner = this.fixtures.token(alice);
		this.staff = this.fixtures.token(this.fixtures.user(Map.of("username", "sam", "is_staff", true)));
	}

	@Test
	void aNameReboundToLoopbackAfterItWasCheckedReachesNothing() throws Exception {
		try (Receiver receiver = new Receiver()) {
			for (String[] who : new String[][] { { "owner", this.owner, "rebind.test" },
					{ "staff", this.staff, "rebind-staff.test" } }) {
				String host = who[2];
				NAMES.answer(host, "93.184.216.34", "127.0.0.1");
				Response created = this.api.post(CHANNELS, who[1], Map.of("name", "Rebound " + who[0], "kind",
						"webhook", "url", on(receiver, host), "customer", this.acme));
				assertThat(created.status()).as(created.toString()).isEqualTo(201);
				assertThat(NAMES.lookups(host)).as("looked up once to save the channel").isEqualTo(1);

				Response tested = this.api.post(CHANNELS + created.field("uuid") + "/test/", who[1], Map.of());
				assertThat(tested.status()).isEqualTo(200);
				assertThat(tested.json()).as(who[0])
					.containsEntry("succeeded", false)
					.containsEntry("outcome", "blocked");
				assertThat(tested.body()).doesNotContain("127.0.0.1").doesNotContain("93.184.216.34");
				if (who[0].equals("staff")) {
					assertThat(tested.json()).containsEntry("error",
							Destinations.BLOCKED + ";"
									+ " VIGIL_NOTIFY_ALLOW_HOSTS allows named destinations for channels saved by staff,"
									+ " VIGIL_NOTIFY_ALLOW_PRIVATE=true every private address for every channel");
				}
				else {
					assertThat(tested.json()).containsEntry("error", null);
				}
			}

			// The dispatcher, the same way: the attempt is recorded as blocked.
			String offering = this.fixtures.offering(this.acme, "HPC Cluster");
			long customer = this.rows.customerId(this.acme);
			NAMES.answer("rebind-later.test", "127.0.0.1");
			Recipient channel = this.rows.webhook("Rebound later", on(receiver, "rebind-later.test"), null, customer,
					true);
			long status = this.rows.status(offering, AgentType.ORDER_PROCESSING, Status.DISCONNECTED);
			Instant at = AlertRows.now();
			Notification notification = this.rows.notification(channel, customer, at,
					List.of(new NewItem("disconnected",
							this.rows.event(status, Status.ACTIVE, Status.DISCONNECTED, "timeout", at), status)));
			await(() -> this.db.fetchExists(NOTIFICATION_ATTEMPT,
					NOTIFICATION_ATTEMPT.NOTIFICATION_ID.eq(notification.id())));
			Map<String, Object> attempt = ((List<Map<String, Object>>) this.api
				.get("/api/notifications/" + notification.hex() + "/", ADMIN)
				.json()
				.get("attempts")).get(0);
			assertThat(attempt).containsEntry("outcome", "blocked").containsEntry("http_status", null);
			assertThat((String) attempt.get("error")).startsWith(Destinations.BLOCKED).doesNotContain("127.0.0.1");

			assertThat(receiver.requests()).as("requests that reached loopback").isEmpty();
		}
	}

	@Test
	void staffChannelsGetNoPrivateAddressUnlessAllowed() throws Exception {
		try (Receiver receiver = new Receiver()) {
			for (String url : List.of(receiver.url(), "http://[::1]/", "http://[::ffff:127.0.0.1]/",
					"http://100.64.0.1/", "http://198.18.0.1/", "http://240.0.0.1/", "http://[64:ff9b::a00:1]/",
					"http://[2002:a00:1::]/", "http://[fd00::1]/")) {
				Response refused = this.api.post(CHANNELS, ADMIN,
						Map.of("name", "x", "kind", "webhook", "url", url, "customer", this.acme));
				assertThat(refused.status()).as(url).isEqualTo(400);
				assertThat(refused.json().get("url").toString()).contains("not a public address")
					.contains("VIGIL_NOTIFY_ALLOW_HOSTS");
			}
			// Saved before the rule (or written to the table): the send is refused all
			// the
			// same.
			Recipient old = this.rows.webhook("Old", receiver.url(), null, this.rows.customerId(this.acme), true);
			Response tested = this.api.post(CHANNELS + Uuids.hex(old.uuid()) + "/test/", this.staff, Map.of());
			assertThat(tested.json()).containsEntry("outcome", "blocked");
			assertThat(receiver.requests()).isEmpty();
		}
	}

	@Test
	void anAllowedNameIsReachedByStaffChannelsAtTheCheckedAddressWithItsOwnName() throws Exception {
		try (Receiver receiver = new Receiver()) {
			NAMES.answer("alertmanager.test", "127.0.0.1");
			String url = on(receiver, "alertmanager.test");
			Response created = this.api.post(CHANNELS, ADMIN,
					Map.of("name", "Alertmanager", "kind", "webhook", "url", url, "customer", this.acme));
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			String path = CHANNELS + created.field("uuid") + "/";

			Response tested = this.api.post(path + "test/", this.owner, Map.of());
			assertThat(tested.json()).as(tested.toString()).containsEntry("outcome", "HTTP 200");
			assertThat(receiver.requests()).singleElement()
				.satisfies((request) -> assertThat(request.header("Host"))
					.isEqualTo("alertmanager.test:" + url.split(":")[2].split("/")[0]));

			// Renamed by the owner, it stays staff's; pointed elsewhere by the owner, it
			// is
			// checked as the owner's.
			assertThat(this.api.patch(path, this.owner, Map.of("name", "Internal")).status()).isEqualTo(200);
			assertThat(this.api.post(path + "test/", this.owner, Map.of()).json()).containsEntry("outcome", "HTTP 200");
			Response moved = this.api.patch(path, this.owner, Map.of("url", url + "/other"));
			assertThat(moved.status()).as(moved.toString()).isEqualTo(400);
			assertThat(moved.json().get("url").toString()).contains("not a public address")
				.doesNotContain("VIGIL_NOTIFY");
			Response own = this.api.post(CHANNELS, this.owner,
					Map.of("name", "Mine", "kind", "webhook", "url", url, "customer", this.acme));
			assertThat(own.status()).isEqualTo(400);
			Recipient ownersAnyway = this.rows.webhook("Owner's", url, null, this.rows.customerId(this.acme), false);
			assertThat(this.api.post(CHANNELS + Uuids.hex(ownersAnyway.uuid()) + "/test/", this.owner, Map.of()).json())
				.containsEntry("outcome", "blocked");
			assertThat(receiver.requests()).hasSize(2);
		}
	}

	@Test
	void aNameThatDoesNotResolveIsSavedAndReportedUnresolvable() {
		Response created = this.api.post(CHANNELS, this.owner,
				Map.of("name", "Later", "kind", "slack", "url", "https://nowhere.test/hook", "customer", this.acme));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		Response tested = this.api.post(CHANNELS + created.field("uuid") + "/test/", this.owner, Map.of());
		assertThat(tested.json()).containsEntry("outcome", "unresolvable").containsEntry("error", null);
	}

	@Test
	void theTestActionIsLimitedPerChannelAndPerUser() {
		NAMES.answer("internal.test", "10.0.0.1");
		long customer = this.rows.customerId(this.acme);
		String first = CHANNELS
				+ Uuids.hex(this.rows.webhook("First", "http://internal.test/", null, customer, false).uuid())
				+ "/test/";
		String second = CHANNELS
				+ Uuids.hex(this.rows.webhook("Second", "http://internal.test/", null, customer, false).uuid())
				+ "/test/";
		String bob = this.fixtures.user("bob");
		this.fixtures.grantOnCustomer(this.acme, bob, "CUSTOMER.OWNER");
		String otherOwner = this.fixtures.token(bob);

		for (int i = 0; i < 5; i++) {
			Response tested = this.api.post(first, this.owner, Map.of());
			assertThat(tested.status()).as("test %d", i + 1).isEqualTo(200);
		}
		Response tooMany = this.api.post(first, this.owner, Map.of());
		assertThat(tooMany.status()).isEqualTo(429);
		assertThat(Integer.parseInt(tooMany.header("Retry-After"))).isBetween(1, 60);
		assertThat(tooMany.json().get("detail").toString()).contains("at most 5 in any 60 seconds");
		assertThat(this.api.post(second, this.owner, Map.of()).status()).as("the same user, another channel")
			.isEqualTo(429);
		assertThat(this.api.post(first, otherOwner, Map.of()).status()).as("another user, the same channel")
			.isEqualTo(429);
		assertThat(this.api.post(second, otherOwner, Map.of()).status()).as("another user, another channel")
			.isEqualTo(200);
	}

	/** The receiver's URL with {@code host} in place of its address. */
	private static String on(Receiver receiver, String host) {
		return receiver.url().replace("127.0.0.1", host);
	}

	private static void await(BooleanSupplier condition) {
		Await.atMost(Duration.ofSeconds(10)).alias("waited 10 s").until(condition::getAsBoolean);
	}

}
