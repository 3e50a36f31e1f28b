package org.vigil.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;

/**
 * Oldest first is found through seen_floor, which a steady-state check-in leaves behind
 * (V13): statuses checked in again must still sort by their latest check-in, on every
 * page.
 */
class OldestFirstTest extends ApiTest {

	private static final String LIST = "/api/marketplace-integration-statuses/";

	private static final String CHECK_IN = LIST + "check_in/";

	@Test
	void statusesCheckedInAgainSortByTheirLatestCheckIn() {
		String customer = this.fixtures.customer("Acme");
		for (int i = 0; i < 3; i++) {
			String offering = this.fixtures.offering(customer, "Offering " + i);
			for (AgentType type : AgentType.values()) {
				checkIn(offering, type);
			}
		}
		List<Map<String, Object>> created = this.api.get(LIST + "?page_size=100", ADMIN).list();
		// The first seven again: their first check-in is the oldest, their latest the
		// newest.
		for (Map<String, Object> status : created.subList(0, 7)) {
			checkIn(((String) status.get("offering_uuid")),
					AgentType.parse((String) status.get("agent_type")).orElseThrow());
		}
		List<Map<String, Object>> now = this.api.get(LIST + "?page_size=100", ADMIN).list();
		List<String> expected = now.stream()
			.sorted(Comparator
				.comparing((Map<String, Object> s) -> Instant.parse((String) s.get("last_request_timestamp"))))
			.map((s) -> (String) s.get("uuid"))
			.toList();

		assertThat(walk("?o=last_request_timestamp&page_size=4")).isEqualTo(expected);
		assertThat(walk("?o=last_request_timestamp&status=Active&page_size=3")).isEqualTo(expected);
		assertThat(StatusListTest.uuids(this.api.get(LIST + "?o=last_request_timestamp&page_size=4&page=2", ADMIN)))
			.isEqualTo(expected.subList(4, 8));
	}

	private void checkIn(String offering, AgentType type) {
		Response response = this.api.post(CHECK_IN, ADMIN,
				Map.of("offering_uuid", offering, "agent_type", type.code()));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	private List<String> walk(String query) {
		List<String> seen = new ArrayList<>();
		for (int page = 1; page <= 20; page++) {
			List<String> uuids = StatusListTest.uuids(this.api.get(LIST + query + "&page=" + page, ADMIN));
			if (page > 1 && uuids.isEmpty()) {
				break;
			}
			seen.addAll(uuids);
			if (seen.size() == 15) {
				break;
			}
		}
		return seen;
	}

}
