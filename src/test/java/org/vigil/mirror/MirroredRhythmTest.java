package org.vigil.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.STATUS_EVENT;
import static org.vigil.mirror.MirrorTestSupport.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jooq.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.status.StoredRhythm;
import org.vigil.status.rhythm.Basis;
import org.vigil.status.rhythm.Interval;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.status.rhythm.Rhythm;
import org.vigil.status.rhythm.Timeout;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.web.JsonFormats;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * Mirrored statuses judged by their own rhythm, on the settable clock: each poll is run
 * here, one at a time, as the poller runs it. A status learns from the advances of the
 * upstream {@code last_request_timestamp} and gets the deadline {@link PhiAccrual} gives;
 * an advance first seen after a failed poll is not learned; silence is believed only
 * after a successful poll; the shipped defaults are only the cold start, a source's own
 * timeouts are a floor, and its statuses' deadlines follow a change of them.
 */
class MirroredRhythmTest extends ApiTest {

	private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

	@Autowired
	private MirrorPass pass;

	@Autowired
	private SourceRepository sources;

	@Autowired
	private MirrorProperties properties;

	@Autowired
	private PhiAccrual phi;

	private FakeWaldur waldur;

	private UUID cluster;

	private Instant start;

	@BeforeEach
	void startWaldur() throws Exception {
		this.waldur = new FakeWaldur();
		this.waldur.maxPageSize = 300;
		this.cluster = this.waldur.offering(UUID.randomUUID(), "Acme Research", "HPC Cluster", null);
		this.start = this.clock.freeze();
	}

	@AfterEach
	void stopWaldur() {
		this.waldur.close();
	}

	@Test
	void aMirroredStatusLearnsFromUpstreamAdvancesAndGetsTheDeadlinePhiAccrualGives() {
		UUID agent = this.waldur.status(this.cluster, "Order processing", this.start);
		UUID source = source(Map.of());
		poll(source);
		Rhythm expected = Rhythm.NONE;
		Instant last = this.start;
		long[] jitter = { 0, 7, -5, 3, -2, 6, -4 };
		for (int i = 1; i < jitter.length; i++) {
			assertThat(stored(agent)).isEqualTo(expected);
			Instant next = last.plus(FIVE_MINUTES).plusSeconds(jitter[i]);
			this.waldur.request(agent, next);
			this.clock.advance(Duration.between(this.clock.instant(), next.plusSeconds(20)));
			poll(source);
			expected = this.phi.learn(expected, Duration.between(last, next).toMillis(), Interval.ON_TIME);
			last = next;
			Timeout timeout = this.phi.timeout(expected, SourceTimeouts.DEFAULTS.get(orderProcessing()), false);
			Map<String, Object> shown = status(agent);
			assertThat(shown).as("after interval %d", i)
				.containsEntry("status", "Active")
				.containsEntry("deadline", text(last.plus(timeout.length())))
				.containsEntry("timeout_basis", timeout.basis().label());
			if (i < this.phi.learning().minSamples()) {
				assertThat(timeout.basis()).isEqualTo(Basis.CONFIGURED);
				assertThat(shown).containsEntry("expected_interval", null)
					.containsEntry("interval_deviation", null)
					.containsEntry("suspicion", null);
				// The cold start: the shipped default, 45 minutes, not three intervals.
				assertThat(timeout.length()).isEqualTo(Duration.ofMinutes(45));
			}
		}
		assertThat(stored(agent)).isEqualTo(expected);
		Map<String, Object> shown = status(agent);
		assertThat(shown).containsEntry("timeout_basis", "learned")
			.containsEntry("expected_interval", Duration.ofMillis(Math.round(expected.mean())).toString())
			.containsEntry("interval_deviation", Duration.ofMillis(Math.round(expected.deviation())).toString());
		// Learned: a few minutes past the rhythm of 5 minutes, no longer the 45-minute
		// guess.
		Instant deadline = Instant.parse((String) shown.get("deadline"));
		assertThat(Duration.between(last, deadline)).isBetween(Duration.ofMinutes(6), Duration.ofMinutes(10));
		// 20 seconds after its last request, on its rhythm: hardly suspicious.
		assertThat(((Number) shown.get("suspicion")).doubleValue()).isLessThan(1.0);
		// The sweeper never sees it.
		assertThat(this.db.fetchCount(INTEGRATION_STATUS, INTEGRATION_STATUS.SWEEP_AFTER.isNotNull())).isZero();
	}

	@Test
	void anIntervalIsNeverCountedShorterThanThePollInterval() {
		UUID agent = this.waldur.status(this.cluster, "Order processing", this.start);
		UUID source = source(Map.of());
		poll(source);
		this.waldur.request(agent, this.start.plusSeconds(10));
		this.clock.advance(Duration.ofMinutes(1));
		poll(source);
		assertThat(stored(agent).mean()).isEqualTo(Duration.ofMinutes(1).toMillis());
	}

	@Test
	void anAdvanceFirstSeenAfterAFailedPollIsNotLearned() {
		UUID agent = this.waldur.status(this.cluster, "Order processing", this.start);
		UUID source = source(Map.of());
		poll(source);
		Instant next = this.start.plus(FIVE_MINUTES);
		this.waldur.request(agent, next);
		this.clock.advance(Duration.ofMinutes(6));
		poll(source);
		assertThat(stored(agent).samples()).isEqualTo(1);

		this.waldur.fault = FakeWaldur.Fault.MALFORMED;
		this.clock.advance(Duration.ofMinutes(1));
		assertThatThrownBy(() -> poll(source)).isInstanceOf(Upstream.Failure.class);
		this.waldur.fault = FakeWaldur.Fault.NONE;
		this.waldur.request(agent, next.plus(Duration.ofMinutes(30)));
		this.clock.advance(Duration.ofMinutes(30));
		poll(source);
		assertThat(status(agent)).containsEntry("status", "Active")
			.containsEntry("last_request_timestamp", text(next.plus(Duration.ofMinutes(30))));
		assertThat(stored(agent).samples()).as("the gap spanning the failed poll").isEqualTo(1);

		// The next advance, after a good poll, is learned again.
		this.waldur.request(agent, next.plus(Duration.ofMinutes(35)));
		this.clock.advance(Duration.ofMinutes(6));
		poll(source);
		assertThat(stored(agent).samples()).isEqualTo(2);
	}

	@Test
	void silenceIsBelievedOnlyAfterASuccessfulPollAndTheTimeoutEventSaysWhatTheDeadlineWasBasedOn() {
		UUID agent = this.waldur.status(this.cluster, "Order processing", this.start);
		UUID source = source(Map.of());
		Instant last = learnFiveMinutes(agent, source);
		Map<String, Object> shown = status(agent);
		assertThat(shown).containsEntry("timeout_basis", "learned");
		Instant deadline = Instant.parse((String) shown.get("deadline"));

		// Silent past the learned deadline while the upstream cannot be read: frozen.
		this.waldur.fault = FakeWaldur.Fault.SERVER_ERROR_ON_PAGE_2;
		this.waldur.maxPageSize = 1;
		this.waldur.status(this.waldur.offering(UUID.randomUUID(), "Beta", "Cloud", null), "Usage reporting", null);
		this.clock.advance(Duration.between(this.clock.instant(), deadline.plusSeconds(60)));
		assertThatThrownBy(() -> poll(source)).isInstanceOf(Upstream.Failure.class);
		assertThat(status(agent)).containsEntry("status", "Active");
		// Late meanwhile: suspicion past the late threshold.
		assertThat(((Number) status(agent).get("suspicion")).doubleValue())
			.isGreaterThanOrEqualTo(this.phi.learning().lateThreshold());

		this.waldur.fault = FakeWaldur.Fault.NONE;
		poll(source);
		assertThat(status(agent)).containsEntry("status", "Disconnected").containsEntry("deadline", null);
		assertThat(events(this.db, agent)).containsExactly("1>2:check_in", "2>3:timeout");
		Record event = this.db.select(STATUS_EVENT.TIMEOUT_BASIS, STATUS_EVENT.EXPECTED_INTERVAL_MS)
			.from(STATUS_EVENT)
			.where(STATUS_EVENT.REASON.eq("timeout"))
			.fetchSingle();
		assertThat(event.get(STATUS_EVENT.TIMEOUT_BASIS)).isEqualTo((short) 1);
		assertThat(event.get(STATUS_EVENT.EXPECTED_INTERVAL_MS)).isEqualTo(Math.round(stored(agent).mean()));
		Map<String, Object> history = this.api
			.get("/api/marketplace-integration-status-events/?integration_status_uuid=" + Uuids.hex(agent), ADMIN)
			.list()
			.get(0);
		assertThat(history).containsEntry("reason", "timeout")
			.containsEntry("timeout_basis", "learned")
			.containsEntry("expected_interval", Duration.ofMillis(Math.round(stored(agent).mean())).toString());
		assertThat(last).isBefore(deadline);
	}

	@Test
	void theShippedDefaultKeepsAnEventDrivenAgentThatRefreshesEveryHalfHourActive() {
		UUID orders = this.waldur.status(this.cluster, "Order processing", this.start);
		UUID events = this.waldur.status(this.cluster, "Event processing", this.start);
		UUID source = source(Map.of());
		assertThat(this.api.get("/api/mirror-sources/" + Uuids.hex(source) + "/", ADMIN).json().get("timeouts"))
			.isEqualTo(Map.of("Order processing", "PT45M", "Usage reporting", "PT1H15M", "Glauth sync", "PT1H",
					"Resource sync", "PT1H", "Event processing", "PT45M"));
		poll(source);
		for (int half = 1; half <= 6; half++) {
			this.clock.advance(Duration.ofMinutes(29));
			poll(source);
			assertThat(status(orders)).containsEntry("status", "Active");
			assertThat(status(events)).containsEntry("status", "Active");
			Instant at = this.start.plus(Duration.ofMinutes(30L * half));
			this.waldur.request(orders, at);
			this.waldur.request(events, at);
			this.clock.advance(Duration.ofMinutes(1));
			poll(source);
		}
		// Learned: 30 minutes and a margin. It stops: reported within the hour.
		assertThat(status(orders)).containsEntry("timeout_basis", "learned");
		this.clock.advance(Duration.ofMinutes(50));
		poll(source);
		assertThat(status(orders)).containsEntry("status", "Disconnected");
		assertThat(status(events)).containsEntry("status", "Disconnected");
	}

	@Test
	void aSourcesOwnTimeoutIsAFloorAndItsStatusesDeadlinesFollowAChange() {
		UUID agent = this.waldur.status(this.cluster, "Order processing", this.start);
		UUID source = source(Map.of("Order processing", "PT20M"));
		poll(source);
		assertThat(status(agent)).containsEntry("deadline", text(this.start.plus(Duration.ofMinutes(20))));
		Instant last = learnFiveMinutes(agent, source);
		// Learned, but the operator's 20 minutes is longer than the learned deadline.
		assertThat(status(agent)).containsEntry("timeout_basis", "configured")
			.containsEntry("deadline", text(last.plus(Duration.ofMinutes(20))))
			.containsEntry("suspicion", null);
		assertThat(status(agent).get("expected_interval")).isNotNull();

		Response patched = this.api.patch("/api/mirror-sources/" + Uuids.hex(source) + "/", ADMIN,
				Map.of("timeouts", Map.of("Order processing", "PT2M")));
		assertThat(patched.status()).as(patched.body()).isEqualTo(200);
		Timeout learned = this.phi.timeout(stored(agent), Duration.ofMinutes(2), true);
		assertThat(learned.basis()).isEqualTo(Basis.LEARNED);
		assertThat(status(agent)).containsEntry("timeout_basis", "learned")
			.containsEntry("deadline", text(last.plus(learned.length())));

		this.api.patch("/api/mirror-sources/" + Uuids.hex(source) + "/", ADMIN,
				Map.of("timeouts", Map.of("Order processing", "PT3H")));
		assertThat(status(agent)).containsEntry("timeout_basis", "configured")
			.containsEntry("deadline", text(last.plus(Duration.ofHours(3))));
	}

	/** Six requests five minutes apart, each seen by a poll: a learned rhythm. */
	private Instant learnFiveMinutes(UUID agent, UUID source) {
		poll(source);
		Instant last = this.start;
		for (int i = 0; i < this.phi.learning().minSamples(); i++) {
			last = last.plus(FIVE_MINUTES);
			this.waldur.request(agent, last);
			this.clock.advance(Duration.between(this.clock.instant(), last.plusSeconds(10)));
			poll(source);
		}
		return last;
	}

	/** One poll of the source, as the poller runs it. */
	private void poll(UUID uuid) {
		MirrorSource source = this.sources.find(uuid).orElseThrow();
		try (Upstream upstream = new Upstream(this.properties, source.url(), source.token())) {
			MirrorPass.Outcome done = this.pass.run(source, upstream, true, () -> {
			});
			this.sources.succeeded(source.id(), done.started(), done.highWater(), done.reconciled());
		}
		catch (Upstream.Failure ex) {
			this.sources.failed(source.id(), this.clock.instant(), ex.state(), ex.getMessage());
			throw ex;
		}
	}

	private UUID source(Map<String, String> timeouts) {
		Response created = this.api.post("/api/mirror-sources/", ADMIN, Map.of("name", "waldur", "url",
				this.waldur.api(), "token", FakeWaldur.TOKEN, "poll_interval", "PT1M", "timeouts", timeouts));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return Uuids.parse(created.field("uuid")).orElseThrow();
	}

	private Map<String, Object> status(UUID uuid) {
		return this.api.get("/api/marketplace-integration-statuses/" + Uuids.hex(uuid) + "/", ADMIN).json();
	}

	/** An instant as the API writes it. */
	private static String text(Instant instant) {
		return JsonFormats.timestamp(instant);
	}

	private Rhythm stored(UUID uuid) {
		return this.db.select(StoredRhythm.FIELDS)
			.from(INTEGRATION_STATUS)
			.where(INTEGRATION_STATUS.UUID.eq(uuid))
			.fetchSingle(StoredRhythm::rhythm);
	}

	private static org.vigil.status.AgentType orderProcessing() {
		return org.vigil.status.AgentType.ORDER_PROCESSING;
	}

}
