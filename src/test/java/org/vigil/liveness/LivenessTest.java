package org.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.LIVENESS_HEARTBEAT;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.status.Status;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** The liveness engine with short timeouts: PT2S for order processing, PT3S otherwise, a 200 ms sweep. */
@TestPropertySource(properties = { "vigil.liveness.default-timeout=PT3S",
		"vigil.liveness.timeouts.order-processing=PT2S", "vigil.liveness.sweep-interval=200ms",
		"vigil.liveness.startup-grace=PT1M" })
class LivenessTest extends ApiTest {

	private static final String CHECK_IN = "/api/marketplace-integration-statuses/check_in/";

	private static final Duration SWEEP = Duration.ofMillis(200);

	@Autowired
	private LivenessEngine engine;

	private String offering;

	@BeforeEach
	void offering() {
		this.offering = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
	}

	@Test
	void aSilentAgentIsDisconnectedWithinASweepAndASecondOfItsDeadline() throws InterruptedException {
		Response checkIn = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1));
		Instant deadline = Instant.parse(checkIn.field("last_request_timestamp")).plusSeconds(2);
		String url = checkIn.field("url");

		Response status = awaitStatus(url, "Disconnected", Duration.ofSeconds(10));
		assertThat(status.json()).containsEntry("status", "Disconnected");

		List<Instant> timeouts = this.db.select(STATUS_EVENT.CREATED)
			.from(STATUS_EVENT)
			.where(STATUS_EVENT.REASON.eq("timeout"))
			.fetch(STATUS_EVENT.CREATED);
		assertThat(timeouts).hasSize(1);
		assertThat(timeouts.get(0)).isAfterOrEqualTo(deadline).isBeforeOrEqualTo(deadline.plus(SWEEP).plusSeconds(1));
	}

	@Test
	void aCheckInSetsTheDeadlineFromTheCurrentTimeoutEvenIfAnEarlierOneWasLonger() throws InterruptedException {
		String url = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1)).field("url");
		// As if the status had been checked in under a one-hour timeout before a restart.
		this.db.update(INTEGRATION_STATUS).set(INTEGRATION_STATUS.DEADLINE, Instant.now().plusSeconds(3600)).execute();
		this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1));
		assertThat(awaitStatus(url, "Disconnected", Duration.ofSeconds(10)).field("status")).isEqualTo("Disconnected");
	}

	@Test
	void perTypeTimeoutsApply() throws InterruptedException {
		Response checkIn = this.api.post(CHECK_IN, ADMIN,
				Map.of("offering_uuid", this.offering, "agent_type", List.of(1, 2)));
		Thread.sleep(2600);
		List<String> statuses = checkIn.list().stream()
			.map((s) -> this.api.get(s.get("url").toString(), ADMIN).field("status"))
			.toList();
		assertThat(statuses).containsExactly("Disconnected", "Active");
	}

	@Test
	void anAgentThatKeepsCheckingInIsNeverDisconnected() throws InterruptedException {
		String url = null;
		for (int i = 0; i < 8; i++) {
			url = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1)).field("url");
			Thread.sleep(500);
		}
		assertThat(this.api.get(url, ADMIN).field("status")).isEqualTo("Active");
		assertThat(this.db.fetchCount(STATUS_EVENT, STATUS_EVENT.REASON.eq("timeout"))).isZero();
	}

	@Test
	void aDisconnectedAgentComesBackWithACheckIn() throws InterruptedException {
		String url = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1)).field("url");
		awaitStatus(url, "Disconnected", Duration.ofSeconds(10));
		this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1));
		assertThat(this.api.get(url, ADMIN).field("status")).isEqualTo("Active");
		Response history = this.api.get("/api/marketplace-integration-status-events/", ADMIN);
		assertThat(history.list()).extracting((e) -> e.get("from_status") + "->" + e.get("to_status") + ":" + e.get("reason"))
			.containsExactly("Disconnected->Active:check_in", "Active->Disconnected:timeout", "Unknown->Active:check_in");
	}

	@Test
	void deadlinesThatPassedWhileNoInstanceWatchedGetTheStartupGrace() throws InterruptedException {
		this.engine.stop();
		try {
			String url = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1))
				.field("url");
			Thread.sleep(2300);
			this.db.update(LIVENESS_HEARTBEAT).set(LIVENESS_HEARTBEAT.SWEPT_AT, Instant.now().minusSeconds(3600)).execute();
		}
		finally {
			this.engine.start();
		}
		Thread.sleep(1000);
		List<Instant> deadlines = this.db.select(INTEGRATION_STATUS.DEADLINE).from(INTEGRATION_STATUS).fetch(INTEGRATION_STATUS.DEADLINE);
		assertThat(deadlines).singleElement().satisfies((d) -> assertThat(d).isAfter(Instant.now().plusSeconds(50)));
		assertThat(this.db.fetchCount(INTEGRATION_STATUS, INTEGRATION_STATUS.STATUS.eq(Status.ACTIVE.code()))).isEqualTo(1);
	}

	@Test
	void aShortRestartWithOtherInstancesSweepingGivesNoGrace() throws InterruptedException {
		this.engine.stop();
		try {
			this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1));
			Thread.sleep(2300);
			this.db.update(LIVENESS_HEARTBEAT).set(LIVENESS_HEARTBEAT.SWEPT_AT, Instant.now()).execute();
		}
		finally {
			this.engine.start();
		}
		Thread.sleep(1000);
		assertThat(this.db.fetchCount(INTEGRATION_STATUS, INTEGRATION_STATUS.STATUS.eq(Status.DISCONNECTED.code())))
			.isEqualTo(1);
	}

	private Response awaitStatus(String url, String status, Duration timeout) throws InterruptedException {
		Instant end = Instant.now().plus(timeout);
		Response response = this.api.get(url, ADMIN);
		while (!status.equals(response.field("status")) && Instant.now().isBefore(end)) {
			Thread.sleep(50);
			response = this.api.get(url, ADMIN);
		}
		assertThat(response.field("status")).as("status of %s", url).isEqualTo(status);
		return response;
	}

	static String uuidOf(String url) {
		String[] parts = url.split("/");
		return Uuids.hex(Uuids.parse(parts[parts.length - 1]).orElseThrow());
	}

}
