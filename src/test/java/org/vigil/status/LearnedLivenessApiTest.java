package org.vigil.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.db.Tables.OFFERING;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.status.StatusChanges.Observation;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.status.rhythm.Rhythm;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.EventStream;
import org.vigil.support.EventStream.Event;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the API says of learned liveness: {@code expected_interval},
 * {@code interval_deviation}, {@code timeout_basis} and {@code suspicion} on the list and
 * retrieve items, the offering's embedded statuses and the check-in's answer; the
 * {@code ?late=} filter; the {@code vigil_statuses_late} gauge; and a timeout event's
 * basis and interval on the live stream. Learned rhythms come from a mirror's upstream
 * advances, five minutes apart.
 */
class LearnedLivenessApiTest extends ApiTest {

	private static final String STATUSES = "/api/marketplace-integration-statuses/";

	@Autowired
	private StatusChanges changes;

	@Autowired
	private PhiAccrual phi;

	@Autowired
	private StatusGauges gauges;

	@Autowired
	private MeterRegistry meters;

	private String customer;

	private String offering;

	private long source;

	private long mirrored;

	private String mirroredUuid;

	private MirrorTimeouts rules;

	@BeforeEach
	void offerings() {
		this.customer = this.fixtures.customer("Acme Research");
		this.offering = this.fixtures.offering(this.customer, "HPC Cluster");
		this.mirroredUuid = this.fixtures.offering(this.customer, "Mirrored Cluster");
		this.source = this.db.insertInto(MIRROR_SOURCE)
			.set(MIRROR_SOURCE.UUID, UUID.randomUUID())
			.set(MIRROR_SOURCE.NAME, "upstream")
			.set(MIRROR_SOURCE.URL, "https://waldur.example.org/api/")
			.set(MIRROR_SOURCE.TOKEN, "t")
			.set(MIRROR_SOURCE.POLL_INTERVAL_MS, 60_000L)
			.set(MIRROR_SOURCE.TIMEOUTS, "")
			.set(MIRROR_SOURCE.STATE, "healthy")
			.set(MIRROR_SOURCE.POLLS_SINCE_RECONCILE, 0)
			.set(MIRROR_SOURCE.CREATED, Instant.now())
			.returningResult(MIRROR_SOURCE.ID)
			.fetchSingle()
			.value1();
		this.mirrored = this.db.update(OFFERING)
			.set(OFFERING.SOURCE_ID, this.source)
			.where(OFFERING.UUID.eq(Uuids.parse(this.mirroredUuid).orElseThrow()))
			.returningResult(OFFERING.ID)
			.fetchSingle()
			.value1();
		this.rules = new MirrorTimeouts(Map.of(AgentType.ORDER_PROCESSING, Duration.ofMinutes(45)), Set.of(),
				Duration.ofMinutes(1), this.phi);
	}

	@Test
	void aStatusNothingWasLearnedOfSaysItsDeadlineIsTheConfiguredOneEverywhere() {
		Response answer = this.api.post(STATUSES + "check_in/", ADMIN,
				Map.of("offering_uuid", this.offering, "agent_type", "Order processing"));
		assertThat(answer.status()).isEqualTo(200);
		String uuid = answer.field("uuid");
		assertNothingLearned(answer.json());
		assertNothingLearned(this.api.get(STATUSES + uuid + "/", ADMIN).json());
		assertNothingLearned(this.api.get(STATUSES, ADMIN).list().get(0));
		assertNothingLearned(embedded(this.offering));
	}

	@Test
	void aLearnedStatusShowsItsRhythmOnListRetrieveAndTheOfferingsEmbed() {
		Instant last = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(30);
		UUID status = learnFiveMinutes(last);
		Rhythm rhythm = new Rhythm(5, 300_000, 0, 300_000, 0, 0, 0);
		assertThat(this.phi.learned(rhythm)).isTrue();
		for (Map<String, Object> item : List.of(this.api.get(STATUSES + Uuids.hex(status) + "/", ADMIN).json(),
				this.api.get(STATUSES + "?offering_uuid=" + this.mirroredUuid, ADMIN).list().get(0),
				embedded(this.mirroredUuid))) {
			assertThat(item).containsEntry("expected_interval", "PT5M")
				.containsEntry("interval_deviation", "PT0S")
				.containsEntry("timeout_basis", "learned");
			assertThat(Instant.parse((String) item.get("deadline")))
				.isEqualTo(last.plus(this.phi.timeout(rhythm, Duration.ofMinutes(45), false).length()));
			// 30 s into a 5-minute rhythm: no suspicion to speak of, one decimal.
			assertThat(item.get("suspicion")).isEqualTo(0.0);
		}
		Map<String, Object> retrieved = this.api.get(STATUSES + Uuids.hex(status) + "/", ADMIN).json();
		assertThat(retrieved).containsEntry("late", false).containsEntry("configured_timeout", "PT45M");
	}

	@Test
	void theLateFilterAndGaugeCountActiveStatusesSilentPastTheirRhythm() {
		String onTime = this.api
			.post(STATUSES + "check_in/", ADMIN,
					Map.of("offering_uuid", this.offering, "agent_type", "Order processing"))
			.field("uuid");
		// Silent for 7 minutes on a 5-minute rhythm: late, its learned deadline not yet
		// passed.
		UUID late = learnFiveMinutes(Instant.now().minus(Duration.ofMinutes(7)));

		assertThat(uuids("?late=true")).containsExactly(Uuids.hex(late));
		assertThat(uuids("?late=false")).containsExactly(onTime);
		assertThat(this.api.get(STATUSES + "?late=true&status=Active", ADMIN).header("X-Result-Count")).isEqualTo("1");
		Map<String, Object> item = this.api.get(STATUSES + Uuids.hex(late) + "/", ADMIN).json();
		assertThat(item).containsEntry("late", true).containsEntry("status", "Active");
		double suspicion = ((Number) item.get("suspicion")).doubleValue();
		assertThat(suspicion).isGreaterThanOrEqualTo(this.phi.learning().lateThreshold())
			.isLessThan(this.phi.learning().threshold())
			.isEqualTo(Math.round(suspicion * 10) / 10.0);

		Response refused = this.api.get(STATUSES + "?late=maybe", ADMIN);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json())
			.isEqualTo(Map.of("late", List.of("\u201cmaybe\u201d is not a valid choice: give true or false.")));

		this.gauges.refreshLate();
		assertThat(this.meters.get("vigil.statuses.late").gauge().value()).isEqualTo(1.0);
		// Disconnected by its source's next good look: no longer late.
		assertThat(this.changes.expireMirrored(this.source, this.rules, Instant.now().plus(Duration.ofMinutes(5))))
			.isEqualTo(1);
		this.gauges.refreshLate();
		assertThat(this.meters.get("vigil.statuses.late").gauge().value()).isZero();
		assertThat(uuids("?late=true")).isEmpty();
	}

	@Test
	void aTimeoutEventOnTheLiveStreamSaysWhatItsDeadlineWasBasedOn() throws Exception {
		UUID status = learnFiveMinutes(Instant.now().minus(Duration.ofMinutes(10)));
		try (EventStream stream = EventStream.open(this.api.base(), ADMIN, null)) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(this.changes.expireMirrored(this.source, this.rules, Instant.now())).isEqualTo(1);
			// The stream may first send the check-ins committed just before it opened.
			List<Event> events = stream.until((e) -> "timeout".equals(e.field("reason")), Duration.ofSeconds(10));
			assertThat(events).isNotEmpty();
			assertThat(events.get(events.size() - 1).data()).containsEntry("integration_status_uuid", Uuids.hex(status))
				.containsEntry("reason", "timeout")
				.containsEntry("timeout_basis", "learned")
				.containsEntry("expected_interval", "PT5M");
		}
		// A check-in event has no basis.
		Map<String, Object> checkIn = this.api
			.get("/api/marketplace-integration-status-events/?integration_status_uuid=" + Uuids.hex(status)
					+ "&to_status=Active", ADMIN)
			.list()
			.get(0);
		assertThat(checkIn).containsEntry("reason", "check_in")
			.containsEntry("timeout_basis", null)
			.containsEntry("expected_interval", null);
	}

	/**
	 * A mirrored status seen six times five minutes apart, the last at {@code last}: five
	 * intervals, its rhythm learned.
	 */
	private UUID learnFiveMinutes(Instant last) {
		UUID uuid = UUID.randomUUID();
		for (int i = 5; i >= 0; i--) {
			Instant at = last.minus(Duration.ofMinutes(5L * i));
			this.changes.observe(List.of(new Observation(uuid, this.mirrored, AgentType.ORDER_PROCESSING, at)),
					this.rules, at, true);
		}
		return uuid;
	}

	private List<Object> uuids(String query) {
		return this.api.get(STATUSES + query, ADMIN).list().stream().map((item) -> item.get("uuid")).toList();
	}

	private Map<String, Object> embedded(String offering) {
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> statuses = (List<Map<String, Object>>) this.api
			.get("/api/marketplace-provider-offerings/" + offering + "/", ADMIN)
			.json()
			.get("integration_status");
		return statuses.get(0);
	}

	private static void assertNothingLearned(Map<String, Object> item) {
		assertThat(item).containsEntry("timeout_basis", "configured")
			.containsEntry("expected_interval", null)
			.containsEntry("interval_deviation", null)
			.containsEntry("suspicion", null);
		assertThat(item.get("deadline")).isNotNull();
	}

}
