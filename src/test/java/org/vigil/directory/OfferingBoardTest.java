package org.vigil.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.StatusRows;

/**
 * The offering list's parameters for the dashboard's offering view: problems first, the
 * status and agent-type filters, within what the caller sees; the embedded statuses carry
 * their uuid, deadline and status_since.
 */
class OfferingBoardTest extends ApiTest {

	private static final String OFFERINGS = "/api/marketplace-provider-offerings/";

	private StatusRows statuses;

	private String acme;

	private String quiet;

	private String unknown;

	private String down;

	private String bare;

	@BeforeEach
	void offerings() {
		this.statuses = new StatusRows(this.db);
		this.acme = this.fixtures.customer("Acme Research");
		String globex = this.fixtures.customer("Globex");
		this.quiet = this.fixtures.offering(this.acme, "Quiet");
		this.bare = this.fixtures.offering(globex, "Bare");
		this.unknown = this.fixtures.offering(globex, "Never seen");
		this.down = this.fixtures.offering(this.acme, "Down");
		Instant now = Instant.now();
		this.statuses.insert(this.quiet, AgentType.ORDER_PROCESSING, Status.ACTIVE, now.minusSeconds(5));
		this.statuses.insert(this.unknown, AgentType.USAGE_REPORTING, Status.UNKNOWN, null);
		this.statuses.insert(this.unknown, AgentType.ORDER_PROCESSING, Status.ACTIVE, now);
		this.statuses.insert(this.down, AgentType.ORDER_PROCESSING, Status.ACTIVE, now);
		this.statuses.insert(this.down, AgentType.GLAUTH_SYNC, Status.DISCONNECTED, now.minusSeconds(3600));
	}

	@Test
	void problemsFirstThenActiveThenOfferingsWithoutStatuses() {
		assertThat(names("o=problems")).containsExactly("Down", "Never seen", "Quiet", "Bare");
		assertThat(names("")).as("the default: creation order").containsExactly("Quiet", "Bare", "Never seen", "Down");
	}

	@Test
	void statusAndAgentTypeKeepOfferingsWithAMatchingStatus() {
		assertThat(names("status=Disconnected,Unknown&o=problems")).containsExactly("Down", "Never seen");
		assertThat(names("agent_type=1&status=active&o=problems")).containsExactly("Down", "Never seen", "Quiet");
		assertThat(names("agent_type=glauth%20SYNC")).containsExactly("Down");
		assertThat(names("agent_type=3&status=Active")).as("both on the same status").isEmpty();
		Response counted = this.api.head(OFFERINGS + "?status=Unknown", ADMIN);
		assertThat(counted.header("X-Result-Count")).isEqualTo("1");
	}

	@Test
	void anOperatorGetsOnlyTheirOfferings() {
		String alice = this.fixtures.user("alice");
		this.fixtures.grantOnCustomer(this.acme, alice, "CUSTOMER.OWNER");
		String key = this.fixtures.token(alice);
		assertThat(this.api.get(OFFERINGS + "?o=problems", key).list()).extracting((o) -> o.get("name"))
			.containsExactly("Down", "Quiet");
	}

	@Test
	void embeddedStatusesCarryTheirUuidDeadlineAndSince() {
		@SuppressWarnings("unchecked")
		Map<String, Object> status = ((List<Map<String, Object>>) this.api.get(OFFERINGS + this.quiet + "/", ADMIN)
			.json()
			.get("integration_status")).get(0);
		assertThat(status).containsKeys("agent_type", "status", "last_request_timestamp", "service_name", "uuid",
				"deadline");
		assertThat(this.api.get("/api/marketplace-integration-statuses/" + status.get("uuid") + "/", ADMIN).status())
			.isEqualTo(200);
	}

	@Test
	void badValuesAre400NamingTheParameter() {
		for (String query : List.of("status=Gone", "agent_type=Teleport", "o=name")) {
			Response response = this.api.get(OFFERINGS + "?" + query, ADMIN);
			assertThat(response.status()).as(query).isEqualTo(400);
			assertThat(response.json()).as(query).containsOnlyKeys(query.substring(0, query.indexOf('=')));
		}
	}

	private List<Object> names(String query) {
		Response response = this.api.get(OFFERINGS + "?" + query, ADMIN);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.list().stream().map((o) -> o.get("name")).toList();
	}

}
