package org.vigil.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.StatusRows;

import org.springframework.beans.factory.annotation.Autowired;

class CheckInTest extends ApiTest {

	static final String CHECK_IN = "/api/marketplace-integration-statuses/check_in/";

	@Autowired
	private DataSource dataSource;

	@Autowired
	private CheckInProperties checkIns;

	private String customer;

	private String offering;

	@BeforeEach
	void offering() {
		this.customer = this.fixtures.customer("Acme");
		this.offering = this.fixtures.offering(this.customer, "HPC");
	}

	@Test
	void firstCheckInCreatesAnActiveStatusAndOneEvent() {
		Instant before = Instant.now().minusMillis(5);
		Response response = checkIn(ADMIN, Map.of("offering_uuid", this.offering, "agent_type", "Order processing"));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		Map<String, Object> status = response.json();
		assertThat(status).containsEntry("agent_type", "Order processing")
			.containsEntry("status", "Active")
			.containsEntry("offering", this.api.base() + "/api/marketplace-provider-offerings/" + this.offering + "/")
			.containsEntry("offering_uuid", this.offering)
			.containsEntry("service_name", "Java-http-client/" + System.getProperty("java.version"));
		assertThat(Instant.parse((String) status.get("last_request_timestamp"))).isAfter(before);

		Response listed = this.api.get(status.get("url").toString(), ADMIN);
		assertThat(listed.json()).isEqualTo(status);
		assertThat(events()).containsExactly("Unknown->Active:check_in");
	}

	@Test
	void theOfferingDetailEmbedsItsStatuses() {
		checkIn(ADMIN, Map.of("offering_uuid", this.offering, "agent_type", List.of(2, 1), "service_name", "agent"));
		Response offering = this.api.get("/api/marketplace-provider-offerings/" + this.offering + "/", ADMIN);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> statuses = (List<Map<String, Object>>) offering.json().get("integration_status");
		assertThat(statuses)
			.extracting((s) -> s.get("agent_type") + "/" + s.get("status") + "/" + s.get("service_name"))
			.containsExactly("Order processing/Active/agent", "Usage reporting/Active/agent");
		assertThat(statuses).allSatisfy((s) -> assertThat(s.get("last_request_timestamp")).isNotNull());
	}

	@Test
	void checkingInAgainMovesTheTimestampButWritesNoEvent() {
		String first = checkIn(ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1))
			.field("last_request_timestamp");
		Response second = checkIn(ADMIN,
				Map.of("offering_uuid", this.offering, "agent_type", "order processing", "service_name", "agent-2"));
		assertThat(second.field("last_request_timestamp")).isGreaterThan(first);
		assertThat(second.json()).containsEntry("service_name", "agent-2");
		assertThat(this.db.fetchCount(INTEGRATION_STATUS)).isEqualTo(1);
		assertThat(events()).containsExactly("Unknown->Active:check_in");
	}

	@Test
	void theDeadlineIsTheCheckInPlusTheTimeoutAndStatusSinceTheTimeItBecameActive() {
		Response first = checkIn(ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1));
		Instant connected = Instant.parse(first.field("last_request_timestamp"));
		assertThat(first.json()).containsEntry("status_since", first.field("last_request_timestamp"));
		assertThat(Instant.parse(first.field("deadline"))).isEqualTo(connected.plus(Duration.ofHours(1)));

		Response second = checkIn(ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1));
		Instant renewed = Instant.parse(second.field("last_request_timestamp"));
		assertThat(Instant.parse(second.field("deadline"))).isEqualTo(renewed.plus(Duration.ofHours(1)));
		// It was Active already: the answer does not claim to know since when.
		assertThat(second.json()).doesNotContainKey("status_since");
		Map<String, Object> listed = this.api.get(second.field("url"), ADMIN).json();
		assertThat(listed).containsEntry("status_since", first.field("last_request_timestamp"))
			.containsEntry("deadline", second.field("deadline"));
	}

	@Test
	void disconnectedAndUnknownStatusesBecomeActive() {
		StatusRows rows = new StatusRows(this.db);
		rows.insert(this.offering, AgentType.USAGE_REPORTING, Status.DISCONNECTED, Instant.now().minusSeconds(7200));
		rows.insert(this.offering, AgentType.GLAUTH_SYNC, Status.UNKNOWN, null);
		Response response = checkIn(ADMIN,
				Map.of("offering_uuid", this.offering, "agent_type", List.of("Usage reporting", 3)));
		assertThat(response.list()).extracting((s) -> s.get("status")).containsExactly("Active", "Active");
		assertThat(response.list()).extracting((s) -> s.get("agent_type"))
			.containsExactly("Usage reporting", "Glauth sync");
		assertThat(events()).containsExactlyInAnyOrder("Disconnected->Active:check_in", "Unknown->Active:check_in");
	}

	@Test
	void aListOfAgentTypesAnswersAList() {
		Response response = checkIn(ADMIN, Map.of("offering_uuid", this.offering, "agent_type",
				List.of("Order processing", "2", 4, "event processing", "Order processing")));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.list()).extracting((s) -> s.get("agent_type"))
			.containsExactly("Order processing", "Usage reporting", "Resource sync", "Event processing");
		assertThat(this.db.fetchCount(INTEGRATION_STATUS)).isEqualTo(4);
	}

	@Test
	void serviceNameDefaultsToTheUserAgentCutTo150() {
		String agent = "waldur-site-agent/1.2 " + "x".repeat(200);
		Response response = this.api.send("POST", CHECK_IN, ADMIN,
				"{\"offering_uuid\": \"" + this.offering + "\", \"agent_type\": \"Resource sync\"}",
				Map.of("User-Agent", agent));
		assertThat(response.field("service_name")).isEqualTo(agent.substring(0, 150));
	}

	/**
	 * Tomcat refuses a header with a NUL or another ASCII control character; a C1 control
	 * (ISO-8859-1 bytes 0x80 to 0x9F) reaches Vigil and is left out of the service name.
	 */
	@Test
	void controlCharactersOfTheUserAgentAreLeftOutOfTheServiceName() throws Exception {
		String body = "{\"offering_uuid\": \"" + this.offering + "\", \"agent_type\": 1}";
		// Raw bytes: Java's HTTP client refuses to send such a header.
		try (Socket socket = new Socket("localhost", URI.create(this.api.base()).getPort())) {
			socket.setSoTimeout(10_000);
			String request = "POST " + CHECK_IN + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
					+ "Authorization: Token " + ADMIN + "\r\nContent-Type: application/json\r\n"
					+ "User-Agent: agent/1.0 \u0085(caf\u00e9)\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(answer).startsWith("HTTP/1.1 200").contains("\"service_name\":\"agent/1.0 (caf\u00e9)\"");
		}
		assertThat(this.db.select(INTEGRATION_STATUS.SERVICE_NAME)
			.from(INTEGRATION_STATUS)
			.fetchOne(INTEGRATION_STATUS.SERVICE_NAME)).isEqualTo("agent/1.0 (caf\u00e9)");
	}

	@Test
	void whoeverSeesTheOfferingMayCheckIn() {
		String manager = this.fixtures.user("manager");
		this.fixtures.grantOnOffering(this.offering, manager, "OFFERING.MANAGER");
		String owner = this.fixtures.user("owner");
		this.fixtures.grantOnCustomer(this.customer, owner, "CUSTOMER.OWNER");
		String serviceManager = this.fixtures.user("service-manager");
		this.fixtures.grantOnCustomer(this.customer, serviceManager, "CUSTOMER.MANAGER");
		String support = this.fixtures.user(Map.of("username", "support", "is_support", true));
		for (String user : List.of(manager, owner, serviceManager, support)) {
			assertThat(checkIn(this.fixtures.token(user), Map.of("offering_uuid", this.offering, "agent_type", 1))
				.status()).isEqualTo(200);
		}
	}

	@Test
	void nobodyElseMayAndTheOfferingIsNotFoundForThem() {
		String other = this.fixtures.offering(this.fixtures.customer("Globex"), "Other");
		String stranger = this.fixtures.user("stranger");
		this.fixtures.grantOnOffering(other, stranger, "OFFERING.MANAGER");
		Response response = checkIn(this.fixtures.token(stranger),
				Map.of("offering_uuid", this.offering, "agent_type", 1));
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json()).containsEntry("detail", "Not found.");
		assertThat(
				checkIn(ADMIN, Map.of("offering_uuid", "0123456789abcdef0123456789abcdef", "agent_type", 1)).status())
			.isEqualTo(404);
		assertThat(this.db.fetchCount(INTEGRATION_STATUS)).isZero();
	}

	@Test
	void agentTokensCheckInOnlyForTheirOfferings() {
		String other = this.fixtures.offering(this.customer, "Other");
		String agent = this.fixtures.user("agent");
		String key = this.fixtures.agentToken(agent, this.offering);
		assertThat(checkIn(key, Map.of("offering_uuid", this.offering, "agent_type", 1)).status()).isEqualTo(200);
		assertThat(checkIn(key, Map.of("offering_uuid", other, "agent_type", 1)).status()).isEqualTo(404);

		String staffAgent = this.fixtures.agentToken(this.fixtures.user(Map.of("username", "root", "is_staff", true)),
				other);
		assertThat(checkIn(staffAgent, Map.of("offering_uuid", this.offering, "agent_type", 1)).status())
			.as("an agent token is limited to its offerings even for staff")
			.isEqualTo(404);
	}

	@Test
	void badInputIs400NamingTheField() {
		assertField(checkIn(ADMIN, Map.of("agent_type", 1)), "offering_uuid", "This field is required.");
		assertField(checkIn(ADMIN, Map.of("offering_uuid", "nope", "agent_type", 1)), "offering_uuid",
				"\u201cnope\u201d is not a valid UUID.");
		assertField(checkIn(ADMIN, Map.of("offering_uuid", this.offering)), "agent_type", "This field is required.");
		assertField(checkIn(ADMIN, Map.of("offering_uuid", this.offering, "agent_type", "Coffee making")), "agent_type",
				"Select a valid choice. Coffee making is not one of the available choices.");
		assertField(checkIn(ADMIN, Map.of("offering_uuid", this.offering, "agent_type", List.of(1, "nope"))),
				"agent_type", "Select a valid choice. nope is not one of the available choices.");
		assertField(checkIn(ADMIN, Map.of("offering_uuid", this.offering, "agent_type", List.of())), "agent_type",
				"This list may not be empty.");
		assertField(
				checkIn(ADMIN,
						Map.of("offering_uuid", this.offering, "agent_type", 1, "service_name", "s".repeat(151))),
				"service_name", "Ensure this field has no more than 150 characters.");
		assertField(checkIn(ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1, "service_name", 5)),
				"service_name", "Not a valid string.");
		assertField(checkIn(ADMIN, Map.of("offering_uuid", this.offering, "agent_type", Map.of("a", 1))), "agent_type",
				"Select a valid choice. {\"a\":1} is not one of the available choices.");

		Response malformed = this.api.post(CHECK_IN, ADMIN, "{\"offering_uuid\": ");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.json()).containsKey("detail");
		assertThat(this.api.post(CHECK_IN, ADMIN, "[1, 2]").json()).containsKey("non_field_errors");
		assertThat(this.api.post(CHECK_IN, ADMIN, "").status()).isEqualTo(400);
		assertThat(this.db.fetchCount(INTEGRATION_STATUS)).isZero();
	}

	@Test
	void bodiesOver64KiBAre413() {
		String body = "{\"offering_uuid\": \"" + this.offering + "\", \"agent_type\": 1, \"pad\": \""
				+ "x".repeat(70_000) + "\"}";
		Response response = this.api.post(CHECK_IN, ADMIN, body);
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.json()).containsKey("detail");
	}

	@Test
	void getOnCheckInIsNotAllowed() {
		assertThat(this.api.send("PUT", CHECK_IN, ADMIN, "{}", Map.of()).status()).isEqualTo(405);
	}

	@Test
	void checkInsAreCountedInMetrics() {
		checkIn(ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1));
		checkIn(ADMIN, Map.of("offering_uuid", this.offering, "agent_type", "bad"));
		String metrics = this.api.get("/actuator/prometheus", ADMIN).body();
		assertThat(metrics).contains("vigil_checkins_total{outcome=\"accepted\",reason=\"none\"}")
			.contains("vigil_checkins_total{outcome=\"rejected\",reason=\"invalid\"}")
			.contains("vigil_checkin_batch_size_count")
			.contains("vigil_checkin_commit_seconds_count")
			.contains("vigil_status_transitions_total{from=\"Unknown\",reason=\"check_in\",to=\"Active\"}")
			.contains("vigil_sweeper_run_seconds_count")
			.contains("vigil_statuses{agent_type=\"Order processing\",status=\"Active\"}");
	}

	/**
	 * A status locked by some other transaction that does not end: its check-in is
	 * answered 503 in time, and the writer does not wait for the lock forever: other
	 * statuses still check in.
	 */
	@Test
	void aCheckInWaitingForALockHeldElsewhereIs503AndDoesNotHoldUpOthers() throws Exception {
		Map<String, Object> locked = Map.of("offering_uuid", this.offering, "agent_type", 1);
		assertThat(checkIn(ADMIN, locked).status()).isEqualTo(200);
		try (Connection other = this.dataSource.getConnection()) {
			other.setAutoCommit(false);
			other.createStatement().executeQuery("SELECT id FROM integration_status FOR UPDATE").close();
			long start = System.nanoTime();
			Response blocked = checkIn(ADMIN, locked);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(blocked.status()).as(blocked.toString()).isEqualTo(503);
			assertThat(blocked.header("Retry-After")).isNotNull();
			assertThat(took).isLessThan(this.checkIns.timeout().plusSeconds(2));

			Response free = checkIn(ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 2));
			assertThat(free.status()).as(free.toString()).isEqualTo(200);
			other.rollback();
		}
		assertThat(checkIn(ADMIN, locked).status()).isEqualTo(200);
	}

	private Response checkIn(String key, Map<String, Object> body) {
		return this.api.post(CHECK_IN, key, body);
	}

	private List<String> events() {
		return this.db.select(STATUS_EVENT.FROM_STATUS, STATUS_EVENT.TO_STATUS, STATUS_EVENT.REASON)
			.from(STATUS_EVENT)
			.orderBy(STATUS_EVENT.ID)
			.fetch((r) -> Status.ofCode(r.value1()).label() + "->" + Status.ofCode(r.value2()).label() + ":"
					+ r.value3());
	}

	private static void assertField(Response response, String field, String message) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json()).containsEntry(field, List.of(message));
	}

}
