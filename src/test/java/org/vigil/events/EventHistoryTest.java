package org.vigil.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

class EventHistoryTest extends ApiTest {

	private static final String EVENTS = "/api/marketplace-integration-status-events/";

	private static final String CHECK_IN = "/api/marketplace-integration-statuses/check_in/";

	private String acme;

	private String hpc;

	private String cloud;

	private String other;

	/**
	 * Events in the order they happened: hpc/1, cloud/2, other/1, hpc/2 (from
	 * Disconnected).
	 */
	private List<Map<String, Object>> events;

	@BeforeEach
	void history() {
		// A millisecond between check-ins: each event has a time of its own.
		this.clock.freeze();
		this.acme = this.fixtures.customer("Acme");
		this.hpc = this.fixtures.offering(this.acme, "HPC");
		this.cloud = this.fixtures.offering(this.acme, "Cloud");
		this.other = this.fixtures.offering(this.fixtures.customer("Globex"), "Other");
		new StatusRows(this.db).insert(this.hpc, AgentType.USAGE_REPORTING, Status.DISCONNECTED, Instant.now());
		checkIn(this.hpc, 1);
		checkIn(this.cloud, 2);
		checkIn(this.other, 1);
		checkIn(this.hpc, 2);
		Response all = this.api.get(EVENTS, ADMIN);
		assertThat(all.status()).as(all.toString()).isEqualTo(200);
		this.events = new java.util.ArrayList<>(all.list());
		java.util.Collections.reverse(this.events);
	}

	@Test
	void everyChangeNewestFirstWithItsFields() {
		Response response = this.api.get(EVENTS, ADMIN);
		assertThat(response.header("X-Result-Count")).isEqualTo("4");
		assertThat(response.list()).extracting((e) -> e.get("offering_uuid"))
			.containsExactly(this.hpc, this.other, this.cloud, this.hpc);
		Map<String, Object> newest = response.list().get(0);
		assertThat(newest).containsEntry("agent_type", "Usage reporting")
			.containsEntry("from_status", "Disconnected")
			.containsEntry("to_status", "Active")
			.containsEntry("reason", "check_in")
			.containsEntry("offering", this.api.base() + "/api/marketplace-provider-offerings/" + this.hpc + "/");
		assertThat(newest.get("uuid").toString()).matches("[0-9a-f]{32}");
		assertThat(newest.get("created").toString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
		String status = newest.get("integration_status_uuid").toString();
		assertThat(newest).containsEntry("integration_status",
				this.api.base() + "/api/marketplace-integration-statuses/" + status + "/");
		assertThat(this.api.get(newest.get("integration_status").toString(), ADMIN).status()).isEqualTo(200);
	}

	@Test
	void filters() {
		assertThat(offerings("offering_uuid=" + this.hpc)).containsExactly(this.hpc, this.hpc);
		assertThat(offerings("offering_uuid=" + this.cloud + "," + this.other)).containsExactly(this.other, this.cloud);
		assertThat(offerings("customer_uuid=" + this.acme)).containsExactly(this.hpc, this.cloud, this.hpc);
		assertThat(offerings("integration_status_uuid=" + this.events.get(1).get("integration_status_uuid")))
			.containsExactly(this.cloud);
		assertThat(offerings("to_status=Disconnected")).isEmpty();
		assertThat(offerings("to_status=active")).hasSize(4);
		String second = this.events.get(1).get("created").toString();
		String third = this.events.get(2).get("created").toString();
		assertThat(offerings("created_after=" + second)).containsExactly(this.hpc, this.other, this.cloud);
		assertThat(offerings("created_before=" + third)).containsExactly(this.other, this.cloud, this.hpc);
		assertThat(offerings("created_after=" + second + "&created_before=" + third)).containsExactly(this.other,
				this.cloud);
		assertThat(offerings("created_after=2000-01-01")).hasSize(4);
		assertThat(offerings("created_before=2000-01-01T00:00:00")).isEmpty();
		assertThat(offerings("created_after=2000-01-01T00:00:00%2B02:00")).hasSize(4);
	}

	@Test
	void invalidFiltersAre400() {
		for (String query : List.of("created_after=yesterday", "created_before=2026-13-01", "offering_uuid=x",
				"customer_uuid=x", "integration_status_uuid=1", "to_status=Gone")) {
			Response response = this.api.get(EVENTS + "?" + query, ADMIN);
			assertThat(response.status()).as(query).isEqualTo(400);
			assertThat(response.json()).as(query).containsOnlyKeys(query.substring(0, query.indexOf('=')));
		}
	}

	@Test
	void pagedLikeTheStatusList() {
		Response page = this.api.get(EVENTS + "?page_size=3&page=2", ADMIN);
		assertThat(page.list()).hasSize(1);
		assertThat(page.header("X-Result-Count")).isEqualTo("4");
		String url = this.api.base() + EVENTS;
		assertThat(page.header("Link")).isEqualTo("<" + url + "?page_size=3>; rel=\"first\", <" + url
				+ "?page_size=3>; rel=\"prev\", <" + url + "?page=2&page_size=3>; rel=\"last\"");
		assertThat(this.api.get(EVENTS + "?page=3&page_size=3", ADMIN).json()).containsEntry("detail", "Invalid page.");
		assertThat(this.api.head(EVENTS + "?offering_uuid=" + this.hpc, ADMIN).header("X-Result-Count")).isEqualTo("2");
	}

	@Test
	void scopedToWhatTheUserSees() {
		String manager = this.fixtures.user("manager");
		this.fixtures.grantOnOffering(this.cloud, manager, "OFFERING.MANAGER");
		Response response = this.api.get(EVENTS, this.fixtures.token(manager));
		assertThat(response.list()).extracting((e) -> e.get("offering_uuid")).containsExactly(this.cloud);
		assertThat(response.header("X-Result-Count")).isEqualTo("1");
		assertThat(this.api.get(EVENTS + "?offering_uuid=" + this.hpc, this.fixtures.token(manager)).list()).isEmpty();
		assertThat(this.api.get(EVENTS, this.fixtures.userWithToken("nobody")).list()).isEmpty();
	}

	private void checkIn(String offering, int type) {
		Response response = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", offering, "agent_type", type));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		this.clock.advance(Duration.ofMillis(1));
	}

	private List<Object> offerings(String query) {
		Response response = this.api.get(EVENTS + "?" + query, ADMIN);
		assertThat(response.status()).as(query + " " + response).isEqualTo(200);
		return response.list().stream().map((e) -> e.get("offering_uuid")).toList();
	}

}
