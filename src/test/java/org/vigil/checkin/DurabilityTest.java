package org.vigil.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.INTEGRATION_STATUS;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.web.Uuids;

/** Many agents checking in at once: every acknowledged check-in is in the database. */
class DurabilityTest extends ApiTest {

	@Test
	void everyAcknowledgedCheckInIsCommitted() throws Exception {
		String customer = this.fixtures.customer("Acme");
		List<String> offerings = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			offerings.add(this.fixtures.offering(customer, "Offering " + i));
		}
		Map<String, Instant> acknowledged = new ConcurrentHashMap<>();
		ExecutorService pool = Executors.newFixedThreadPool(32);
		try {
			List<Callable<Integer>> agents = new ArrayList<>();
			for (int a = 0; a < 32; a++) {
				int agent = a;
				agents.add(() -> {
					int ok = 0;
					for (int i = 0; i < 25; i++) {
						int status = (agent * 25 + i) % 50;
						Response response = this.api.post(CheckInTest.CHECK_IN, ADMIN,
								Map.of("offering_uuid", offerings.get(status % 10), "agent_type", 1 + status / 10));
						assertThat(response.status()).as(response.toString()).isEqualTo(200);
						acknowledged.merge(response.field("uuid"),
								Instant.parse(response.field("last_request_timestamp")),
								(x, y) -> x.isAfter(y) ? x : y);
						ok++;
					}
					return ok;
				});
			}
			int total = 0;
			for (Future<Integer> agent : pool.invokeAll(agents)) {
				total += agent.get();
			}
			assertThat(total).isEqualTo(32 * 25);
		}
		finally {
			pool.shutdown();
		}

		assertThat(acknowledged).hasSize(50);
		acknowledged.forEach((uuid, latest) -> {
			Instant stored = this.db.select(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP)
				.from(INTEGRATION_STATUS)
				.where(INTEGRATION_STATUS.UUID.eq(Uuids.parse(uuid).orElseThrow()))
				.fetchSingle()
				.value1();
			assertThat(stored).as(uuid).isAfterOrEqualTo(latest);
		});
		assertThat(this.db.fetchCount(INTEGRATION_STATUS)).isEqualTo(50);
		String metrics = this.api.get("/actuator/prometheus", ADMIN).body();
		assertThat(metrics).containsPattern("vigil_checkin_batch_size_max [0-9.]+");
	}

}
