package org.vigil.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.support.Api;
import org.vigil.support.Api.Response;
import org.vigil.support.Await;
import org.vigil.support.Beside;
import org.vigil.support.Fixtures;
import org.vigil.support.OneStore;
import org.vigil.support.VigilProcess;

/**
 * Real time, once, because the real delay is the point: an agent checking in every 3 s
 * under a configured 2 s timeout flaps at first, stops once its rhythm is learned (after
 * 3 intervals here), and is Disconnected within about 6 s of its last check-in, on a
 * timeout whose basis is the learned rhythm. Vigil runs as an operator runs it, in a
 * process of its own with a sweep every 200 ms, beside the other tests (it spends its
 * half minute waiting). In the H2 pass only: what the store does here (the learned
 * deadline written by each path) is LearnedLivenessTest's, on both stores and the test
 * clock; this one is about the wall clock.
 */
@OneStore
@Beside
class LearnedDeadlineRealTimeTest {

	private static final String ADMIN = "test-bootstrap-key-0123456789abcdef";

	private static final String DISCONNECTIONS = "/api/marketplace-integration-status-events/?to_status=Disconnected";

	@Test
	void anAgentSlowerThanItsTimeoutStopsFlappingOnceLearnedAndIsHeardDeadWithinAboutSixSeconds(@TempDir Path directory)
			throws Exception {
		Map<String, String> settings = Map.of("vigil.bootstrap-token", ADMIN,
				"vigil.liveness.timeouts.order-processing", "PT2S", "vigil.liveness.sweep-interval", "200ms",
				"vigil.liveness.learning.min-samples", "3", "vigil.liveness.learning.min-timeout", "PT1S");
		try (VigilProcess vigil = VigilProcess.start("learned-deadline", directory, settings)) {
			Api api = vigil.api();
			Fixtures fixtures = vigil.fixtures(ADMIN);
			String offering = fixtures.offering(fixtures.customer("Acme"), "HPC");
			Map<String, Object> agent = Map.of("offering_uuid", offering, "agent_type", "Order processing");
			int flapsWhileLearning = 0;
			Instant last = null;
			for (int i = 0; i < 9; i++) {
				Response checkIn = api.post("/api/marketplace-integration-statuses/check_in/", ADMIN, agent);
				assertThat(checkIn.status()).as(checkIn.toString()).isEqualTo(200);
				last = Instant.parse(checkIn.field("last_request_timestamp"));
				if (i == 4) {
					flapsWhileLearning = disconnections(api).size();
				}
				Thread.sleep(i < 8 ? 3000 : 0); // the agent's own rhythm, in real time
			}
			assertThat(flapsWhileLearning).as("Disconnected between the first check-ins").isPositive();
			assertThat(disconnections(api)).as("no flapping once learned").hasSize(flapsWhileLearning);

			int flapped = flapsWhileLearning;
			Await.atMost(Duration.ofSeconds(15))
				.alias("the silent agent Disconnected")
				.until(() -> disconnections(api).size() > flapped);
			Map<String, Object> heard = disconnections(api).get(0);
			assertThat(heard).containsEntry("reason", "timeout").containsEntry("timeout_basis", "learned");
			assertThat(Duration.between(last, Instant.parse((String) heard.get("created"))))
				.isLessThan(Duration.ofMillis(6500));
		}
	}

	/** The agent's disconnections, newest first. */
	private static List<Map<String, Object>> disconnections(Api api) {
		Response events = api.get(DISCONNECTIONS, ADMIN);
		assertThat(events.status()).as(events.toString()).isEqualTo(200);
		return events.list();
	}

}
