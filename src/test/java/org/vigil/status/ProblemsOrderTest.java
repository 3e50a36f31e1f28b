package org.vigil.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.INTEGRATION_STATUS;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.StatusRows;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * The problems order and newest first are found through seen_floor (V13, V16), which a
 * steady-state check-in leaves behind: after statuses were checked in again, expired and
 * brought back, every page must be the page a plain sort of every status gives, for staff
 * and for a user who sees only some offerings.
 */
class ProblemsOrderTest extends ApiTest {

	private static final String LIST = "/api/marketplace-integration-statuses/";

	private static final String CHECK_IN = LIST + "check_in/";

	@Autowired
	private StatusChanges changes;

	private List<String> offerings;

	private String manager;

	@BeforeEach
	void statusesInEveryGroup() {
		String customer = this.fixtures.customer("Acme");
		this.offerings = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			this.offerings.add(this.fixtures.offering(customer, "Offering " + i));
		}
		StatusRows rows = new StatusRows(this.db);
		Instant longAgo = Instant.now().minus(1, ChronoUnit.DAYS);
		// Disconnected at one time (ties go by creation), never seen, and a Disconnected
		// one that is older than every check-in.
		rows.insert(this.offerings.get(3), AgentType.GLAUTH_SYNC, Status.DISCONNECTED, longAgo);
		rows.insert(this.offerings.get(3), AgentType.ORDER_PROCESSING, Status.UNKNOWN, null);
		for (int i = 0; i < 3; i++) {
			for (AgentType type : AgentType.values()) {
				checkIn(this.offerings.get(i), type);
			}
		}
		rows.insert(this.offerings.get(3), AgentType.USAGE_REPORTING, Status.DISCONNECTED, longAgo);
		rows.insert(this.offerings.get(3), AgentType.EVENT_PROCESSING, Status.UNKNOWN, null);
		rows.insert(this.offerings.get(3), AgentType.RESOURCE_SYNC, Status.DISCONNECTED,
				longAgo.minus(1, ChronoUnit.HOURS));
		List<Map<String, Object>> all = everything();
		// Checked in again: their seen_floor stays at their first check-in.
		for (Map<String, Object> status : all.subList(2, 9)) {
			checkIn(status);
		}
		// Three silent ones expire (two of them were checked in again), and one of them
		// comes back.
		List<String> expiring = List.of(uuid(all.get(3)), uuid(all.get(8)), uuid(all.get(12)));
		Instant past = Instant.now().minus(1, ChronoUnit.HOURS);
		this.db.update(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.DEADLINE, past)
			.set(INTEGRATION_STATUS.SWEEP_AFTER, past)
			.where(INTEGRATION_STATUS.UUID.in(expiring.stream().map((u) -> Uuids.parse(u).orElseThrow()).toList()))
			.execute();
		this.changes.expire(100);
		checkIn(all.get(8));
		this.manager = this.fixtures.user("manager");
		this.fixtures.grantOnOffering(this.offerings.get(1), this.manager, "OFFERING.MANAGER");
		this.fixtures.grantOnOffering(this.offerings.get(3), this.manager, "OFFERING.MANAGER");
	}

	@Test
	void everyPageOfProblemsIsThePageOfAFullSort() {
		List<Map<String, Object>> all = everything();
		assertThat(all).extracting((s) -> s.get("status"))
			.contains("Active", "Disconnected", "Unknown")
			.filteredOn("Disconnected"::equals)
			.hasSize(5);
		Comparator<Map<String, Object>> problems = Comparator
			.comparing((Map<String, Object> s) -> List.of("Disconnected", "Unknown", "Active").indexOf(s.get("status")))
			.thenComparing(ProblemsOrderTest::lastRequest, Comparator.nullsFirst(Comparator.naturalOrder()))
			.thenComparing(all::indexOf);

		assertThat(walk("?o=problems&page_size=3", ADMIN)).isEqualTo(sorted(all, problems, (s) -> true));
		assertThat(walk("?o=problems&page_size=2&status=Active", ADMIN))
			.isEqualTo(sorted(all, problems, (s) -> s.get("status").equals("Active")));
		assertThat(walk("?o=problems&page_size=2&status=Disconnected,Unknown", ADMIN))
			.isEqualTo(sorted(all, problems, (s) -> !s.get("status").equals("Active")));
		assertThat(walk("?o=problems&page_size=4&agent_type=1", ADMIN))
			.isEqualTo(sorted(all, problems, (s) -> s.get("agent_type").equals(AgentType.ofCode((short) 1).label())))
			.isNotEmpty();
		String token = this.fixtures.token(this.manager);
		assertThat(walk("?o=problems&page_size=3", token)).isEqualTo(sorted(all, problems, this::managed)).hasSize(10);
	}

	@Test
	void everyPageNewestFirstIsThePageOfAFullSort() {
		List<Map<String, Object>> all = everything();
		Comparator<Map<String, Object>> newestFirst = Comparator
			.comparing(ProblemsOrderTest::lastRequest, Comparator.nullsFirst(Comparator.<Instant>reverseOrder()))
			.thenComparing(all::indexOf);

		// Pages of one hold only never-seen statuses at first; later ones need the rest.
		assertThat(walk("?o=-last_request_timestamp&page_size=1", ADMIN))
			.isEqualTo(sorted(all, newestFirst, (s) -> true));
		assertThat(walk("?o=-last_request_timestamp&page_size=3", ADMIN))
			.isEqualTo(sorted(all, newestFirst, (s) -> true));
		String token = this.fixtures.token(this.manager);
		assertThat(walk("?o=-last_request_timestamp&page_size=2", token))
			.isEqualTo(sorted(all, newestFirst, this::managed));
	}

	private boolean managed(Map<String, Object> status) {
		return Set.of(this.offerings.get(1), this.offerings.get(3)).contains(status.get("offering_uuid"));
	}

	private static List<String> sorted(List<Map<String, Object>> all, Comparator<Map<String, Object>> order,
			Predicate<Map<String, Object>> filter) {
		return all.stream().filter(filter).sorted(order).map(ProblemsOrderTest::uuid).toList();
	}

	/** Every status in creation order (the default order is by id). */
	private List<Map<String, Object>> everything() {
		return this.api.get(LIST + "?page_size=100", ADMIN).list();
	}

	private List<String> walk(String query, String token) {
		List<String> seen = new ArrayList<>();
		for (int page = 1; page <= 30; page++) {
			Response response = this.api.get(LIST + query + "&page=" + page, token);
			if (response.status() == 404) {
				break;
			}
			seen.addAll(StatusListTest.uuids(response));
		}
		return seen;
	}

	private void checkIn(Map<String, Object> status) {
		checkIn((String) status.get("offering_uuid"), AgentType.parse((String) status.get("agent_type")).orElseThrow());
	}

	private void checkIn(String offering, AgentType type) {
		Response response = this.api.post(CHECK_IN, ADMIN,
				Map.of("offering_uuid", offering, "agent_type", type.code()));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	private static Instant lastRequest(Map<String, Object> status) {
		Object time = status.get("last_request_timestamp");
		return (time != null) ? Instant.parse((String) time) : null;
	}

	private static String uuid(Map<String, Object> status) {
		return (String) status.get("uuid");
	}

}
