package org.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.LIVENESS_HEARTBEAT;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.Await;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The liveness engine with short timeouts: PT2S for order processing, PT1S for event
 * processing, PT3S otherwise, and the default settle margin (500 ms). Time is the test's
 * clock, frozen and advanced past deadlines, and the test sweeps itself (a round of the
 * engine, which is stopped); two tests run on the wall clock with the engine's own loop
 * and a 200 ms sweep, because there the real delay is what they measure.
 */
@TestPropertySource(properties = { "vigil.liveness.default-timeout=PT3S",
		"vigil.liveness.timeouts.order-processing=PT2S", "vigil.liveness.timeouts.event-processing=PT1S",
		"vigil.liveness.sweep-interval=200ms", "vigil.liveness.startup-grace=PT1M" })
class LivenessTest extends ApiTest {

	private static final String CHECK_IN = "/api/marketplace-integration-statuses/check_in/";

	private static final Duration SWEEP = Duration.ofMillis(200);

	/** Order processing's timeout plus the settle margin: a deadline that has expired. */
	private static final Duration PAST_ORDER_PROCESSING = Duration.ofMillis(2500);

	@Autowired
	private LivenessEngine engine;

	@Autowired
	private LivenessProperties properties;

	private String offering;

	@BeforeEach
	void offeringOnAFrozenClock() {
		this.offering = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
		this.engine.stop();
		this.clock.freeze();
	}

	@AfterEach
	void engineRunsAgain() {
		this.clock.followSystem();
		if (!this.engine.isRunning()) {
			this.engine.start();
		}
	}

	/** One sweep, as the engine's loop makes it, at the test clock's time. */
	private void sweep() {
		this.engine.round();
	}

	@Test
	void onTheWallClockASilentAgentIsDisconnectedWithinASweepAndASecondOfItsDeadline() {
		this.clock.followSystem();
		this.engine.start();
		Response checkIn = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1));
		Instant deadline = Instant.parse(checkIn.field("last_request_timestamp")).plusSeconds(2);
		String url = checkIn.field("url");

		Await.atMost(Duration.ofSeconds(10))
			.alias("status of " + url)
			.until(() -> "Disconnected".equals(this.api.get(url, ADMIN).field("status")));

		List<Instant> timeouts = this.db.select(STATUS_EVENT.CREATED)
			.from(STATUS_EVENT)
			.where(STATUS_EVENT.REASON.eq("timeout"))
			.fetch(STATUS_EVENT.CREATED);
		assertThat(timeouts).hasSize(1);
		assertThat(timeouts.get(0)).isAfterOrEqualTo(deadline).isBeforeOrEqualTo(deadline.plus(SWEEP).plusSeconds(1));
	}

	/**
	 * The sweeper finds statuses by a lower bound of their deadline that check-ins leave
	 * alone; one checked in since is looked at, kept Active, and counted as a recheck.
	 */
	@Test
	void aStatusCheckedInSinceItsBoundPassedIsRecheckedNotDisconnected() {
		double before = rechecks();
		String url = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1))
			.field("url");
		this.clock.advance(Duration.ofSeconds(1));
		this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1));
		this.clock.advance(PAST_ORDER_PROCESSING.minusSeconds(1));
		sweep();
		assertThat(status(url)).isEqualTo("Active");
		assertThat(rechecks() - before).isEqualTo(1.0);
		assertThat(this.db.fetchCount(STATUS_EVENT, STATUS_EVENT.REASON.eq("timeout"))).isZero();
	}

	private double rechecks() {
		return this.api.get("/actuator/prometheus", ADMIN)
			.body()
			.lines()
			.filter((line) -> line.startsWith("vigil_sweeper_rechecked_total "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void aSilentAgentIsDisconnectedOnceItsDeadlineAndTheSettleMarginHavePassed() {
		String url = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1))
			.field("url");
		this.clock.advance(PAST_ORDER_PROCESSING.minusMillis(1));
		sweep();
		assertThat(status(url)).as("a millisecond before deadline plus settle").isEqualTo("Active");
		this.clock.advance(Duration.ofMillis(1));
		sweep();
		assertThat(status(url)).isEqualTo("Disconnected");
		assertThat(this.db.select(STATUS_EVENT.CREATED)
			.from(STATUS_EVENT)
			.where(STATUS_EVENT.REASON.eq("timeout"))
			.fetch(STATUS_EVENT.CREATED)).containsExactly(this.clock.instant());
	}

	@Test
	void aCheckInSetsTheDeadlineFromTheCurrentTimeoutEvenIfAnEarlierOneWasLonger() {
		String url = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1))
			.field("url");
		// As if the status had been checked in under a one-hour timeout before a restart.
		this.db.update(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.DEADLINE, this.clock.instant().plusSeconds(3600))
			.execute();
		this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1));
		this.clock.advance(PAST_ORDER_PROCESSING);
		sweep();
		assertThat(status(url)).isEqualTo("Disconnected");
	}

	@Test
	void perTypeTimeoutsApply() {
		Response checkIn = this.api.post(CHECK_IN, ADMIN,
				Map.of("offering_uuid", this.offering, "agent_type", List.of(1, 2)));
		String orderProcessing = checkIn.list().get(0).get("url").toString();
		String usageReporting = checkIn.list().get(1).get("url").toString();
		// Order processing (2 s) is swept from 2.5 s on; usage reporting (3 s) not before
		// 3.5 s.
		this.clock.advance(PAST_ORDER_PROCESSING);
		sweep();
		assertThat(status(orderProcessing)).isEqualTo("Disconnected");
		assertThat(status(usageReporting)).isEqualTo("Active");
		this.clock.advance(Duration.ofMillis(999));
		sweep();
		assertThat(status(usageReporting)).isEqualTo("Active");
		this.clock.advance(Duration.ofMillis(1));
		sweep();
		assertThat(status(usageReporting)).isEqualTo("Disconnected");
	}

	@Test
	void anAgentThatKeepsCheckingInIsNeverDisconnected() {
		String url = null;
		for (int i = 0; i < 8; i++) {
			url = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1)).field("url");
			// Just short of the deadline plus the settle margin.
			this.clock.advance(PAST_ORDER_PROCESSING.minusMillis(1));
			sweep();
		}
		assertThat(status(url)).isEqualTo("Active");
		assertThat(this.db.fetchCount(STATUS_EVENT, STATUS_EVENT.REASON.eq("timeout"))).isZero();
	}

	@Test
	void aDisconnectedAgentComesBackWithACheckIn() {
		String url = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1))
			.field("url");
		this.clock.advance(PAST_ORDER_PROCESSING);
		sweep();
		assertThat(status(url)).isEqualTo("Disconnected");
		this.clock.advance(Duration.ofSeconds(1));
		this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1));
		assertThat(status(url)).isEqualTo("Active");
		Response history = this.api.get("/api/marketplace-integration-status-events/", ADMIN);
		assertThat(history.list())
			.extracting((e) -> e.get("from_status") + "->" + e.get("to_status") + ":" + e.get("reason"))
			.containsExactly("Disconnected->Active:check_in", "Active->Disconnected:timeout",
					"Unknown->Active:check_in");
	}

	@Test
	void deadlinesThatPassedWhileNoInstanceWatchedGetTheStartupGrace() {
		String url = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1))
			.field("url");
		this.clock.advance(PAST_ORDER_PROCESSING);
		this.db.update(LIVENESS_HEARTBEAT)
			.set(LIVENESS_HEARTBEAT.SWEPT_AT, this.clock.instant().minusSeconds(3600))
			.execute();
		// Starting finds that nobody swept for an hour, before the first sweep.
		this.engine.start();
		this.engine.stop();
		sweep();
		List<Instant> deadlines = this.db.select(INTEGRATION_STATUS.DEADLINE)
			.from(INTEGRATION_STATUS)
			.fetch(INTEGRATION_STATUS.DEADLINE);
		assertThat(deadlines).singleElement()
			.satisfies((d) -> assertThat(d).isAfter(this.clock.instant().plusSeconds(50)));
		assertThat(status(url)).isEqualTo("Active");
	}

	@Test
	void aShortRestartWithOtherInstancesSweepingGivesNoGrace() {
		String url = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", this.offering, "agent_type", 1))
			.field("url");
		this.clock.advance(PAST_ORDER_PROCESSING);
		this.db.update(LIVENESS_HEARTBEAT).set(LIVENESS_HEARTBEAT.SWEPT_AT, this.clock.instant()).execute();
		this.engine.start();
		this.engine.stop();
		sweep();
		assertThat(status(url)).isEqualTo("Disconnected");
	}

	/**
	 * 60 statuses on a 1 s timeout, each checked in by its own thread just before its
	 * deadline or just as the sweeper may take it: a race between real threads and the
	 * engine's own loop, so it runs on the wall clock. Every history stays consistent and
	 * in time order, no status is timed out before its deadline plus the settle margin,
	 * and a check-in sent before the deadline and answered within the margin is never
	 * followed by that deadline's timeout.
	 */
	@Test
	void onTheWallClockCheckInsRacingTheDeadlineKeepEveryHistoryInOrder() throws Exception {
		this.clock.followSystem();
		this.engine.start();
		Duration timeout = this.properties.timeout(AgentType.EVENT_PROCESSING);
		Duration settle = this.properties.settle();
		String customer = this.fixtures.customer("Racers");
		List<String> offerings = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			offerings.add(this.fixtures.offering(customer, "Racer " + i));
		}
		ExecutorService racers = Executors.newFixedThreadPool(offerings.size());
		List<Future<List<Answer>>> raced = new ArrayList<>();
		try {
			for (String offering : offerings) {
				raced.add(racers.submit(() -> race(offering, timeout, settle)));
			}
			List<String> problems = new ArrayList<>();
			List<List<Answer>> histories = new ArrayList<>();
			for (Future<List<Answer>> answers : raced) {
				histories.add(answers.get());
			}
			// The last deadlines pass and are swept too: the sweeper's loop runs on real
			// time, and this race is about it.
			Thread.sleep(timeout.plus(settle).plus(SWEEP).plusMillis(500).toMillis());
			for (List<Answer> answers : histories) {
				problems.addAll(problems(answers, events(answers.get(0).url()), timeout, settle));
			}
			assertThat(problems).isEmpty();
		}
		finally {
			racers.shutdownNow();
		}
	}

	/** Four check-ins, each timed against the deadline the previous one set. */
	private List<Answer> race(String offering, Duration timeout, Duration settle) throws InterruptedException {
		List<Answer> answers = new ArrayList<>();
		for (int round = 0; round < 4; round++) {
			Instant sent = Instant.now();
			Response response = this.api.post(CHECK_IN, ADMIN, Map.of("offering_uuid", offering, "agent_type", 5));
			Instant received = Instant.now();
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			Answer answer = new Answer(sent, received, Instant.parse(response.field("last_request_timestamp")),
					response.field("url"));
			answers.add(answer);
			ThreadLocalRandom random = ThreadLocalRandom.current();
			// Half just before the deadline, half around the time the sweeper may take
			// the status.
			long offset = random.nextBoolean() ? random.nextLong(-40, 20)
					: settle.toMillis() + random.nextLong(-50, SWEEP.toMillis() + 50);
			Duration wait = Duration.between(Instant.now(), answer.timestamp().plus(timeout).plusMillis(offset));
			if (!wait.isNegative()) {
				// Real time: the check-in races the sweeper's loop.
				Thread.sleep(wait.toMillis());
			}
		}
		return answers;
	}

	private static List<String> problems(List<Answer> answers, List<Event> events, Duration timeout, Duration settle) {
		List<String> problems = new ArrayList<>();
		String where = answers.get(0).url() + ": " + events + " after " + answers;
		Status current = Status.UNKNOWN;
		Instant last = Instant.MIN;
		for (Event event : events) {
			if (event.from() != current
					|| event.to() != (event.reason().equals("timeout") ? Status.DISCONNECTED : Status.ACTIVE)) {
				problems.add("inconsistent history " + where);
			}
			if (event.created().isBefore(last)) {
				problems.add("events out of time order " + where);
			}
			current = event.to();
			last = event.created();
			if (event.reason().equals("timeout")) {
				Answer expired = answers.stream()
					.filter((a) -> a.timestamp().isBefore(event.created()))
					.reduce((a, b) -> b)
					.orElseThrow();
				Instant deadline = expired.timestamp().plus(timeout);
				if (event.created().isBefore(deadline.plus(settle))) {
					problems.add("timed out before its deadline " + deadline + " plus the settle margin " + where);
				}
				int next = answers.indexOf(expired) + 1;
				if (next < answers.size() && answers.get(next).sent().isBefore(deadline)
						&& answers.get(next).received().isBefore(deadline.plus(settle))) {
					problems.add("timed out although checked in before its deadline " + deadline + " " + where);
				}
			}
		}
		return problems;
	}

	private List<Event> events(String statusUrl) {
		return this.db
			.select(STATUS_EVENT.FROM_STATUS, STATUS_EVENT.TO_STATUS, STATUS_EVENT.REASON, STATUS_EVENT.CREATED)
			.from(STATUS_EVENT)
			.join(INTEGRATION_STATUS)
			.on(INTEGRATION_STATUS.ID.eq(STATUS_EVENT.INTEGRATION_STATUS_ID))
			.where(INTEGRATION_STATUS.UUID.eq(Uuids.parse(uuidOf(statusUrl)).orElseThrow()))
			.orderBy(STATUS_EVENT.ID)
			.fetch((r) -> new Event(Status.ofCode(r.value1()), Status.ofCode(r.value2()), r.value3(), r.value4()));
	}

	/**
	 * A check-in as its agent saw it: when it was sent and answered, and the time it was
	 * given.
	 */
	private record Answer(Instant sent, Instant received, Instant timestamp, String url) {
	}

	private record Event(Status from, Status to, String reason, Instant created) {
	}

	private String status(String url) {
		return this.api.get(url, ADMIN).field("status");
	}

	static String uuidOf(String url) {
		String[] parts = url.split("/");
		return Uuids.hex(Uuids.parse(parts[parts.length - 1]).orElseThrow());
	}

}
