package org.vigil.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.status.StatusChanges.Observation;
import org.vigil.status.rhythm.Learning;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.support.ApiTest;
import org.vigil.support.TestClock;
import org.vigil.system.Clocks;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The mirror's status rules on a clock the test moves: statuses first seen, upstream
 * times that move on or back, expiry only through {@link StatusChanges#expireMirrored},
 * exactly once, and never by the sweeper.
 */
class MirroredStatusChangesTest extends ApiTest {

	private static final Map<AgentType, Duration> TIMEOUTS = Map.of(AgentType.ORDER_PROCESSING, Duration.ofMinutes(15),
			AgentType.USAGE_REPORTING, Duration.ofMinutes(75));

	private static final MirrorTimeouts RULES = new MirrorTimeouts(TIMEOUTS, Set.of(), Duration.ofMinutes(1),
			new PhiAccrual(Learning.DEFAULTS));

	@Autowired
	private TransactionTemplate transactions;

	private final Instant start = Clocks.now(Clock.systemUTC());

	private final TestClock clock = TestClock.frozenAt(this.start);

	private StatusChanges statuses;

	private long source;

	private long offering;

	@BeforeEach
	void mirroredOffering() {
		this.statuses = new StatusChanges(this.db, this.transactions, new Timeouts() {

			@Override
			public Duration timeout(AgentType type) {
				return Duration.ofHours(1);
			}

			@Override
			public Duration settle() {
				return Duration.ZERO;
			}

		}, this.clock, new SimpleMeterRegistry(), List.of());
		this.source = this.db.insertInto(MIRROR_SOURCE)
			.set(MIRROR_SOURCE.UUID, UUID.randomUUID())
			.set(MIRROR_SOURCE.NAME, "upstream")
			.set(MIRROR_SOURCE.URL, "https://waldur.example.org/api/")
			.set(MIRROR_SOURCE.TOKEN, "t")
			.set(MIRROR_SOURCE.POLL_INTERVAL_MS, 60_000L)
			.set(MIRROR_SOURCE.TIMEOUTS, "")
			.set(MIRROR_SOURCE.STATE, "healthy")
			.set(MIRROR_SOURCE.POLLS_SINCE_RECONCILE, 0)
			.set(MIRROR_SOURCE.CREATED, this.start)
			.returningResult(MIRROR_SOURCE.ID)
			.fetchSingle()
			.value1();
		String uuid = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
		this.offering = this.db.update(OFFERING)
			.set(OFFERING.SOURCE_ID, this.source)
			.where(OFFERING.UUID.eq(Uuids.parse(uuid).orElseThrow()))
			.returningResult(OFFERING.ID)
			.fetchSingle()
			.value1();
	}

	@Test
	void firstSeenStatusesStartFromWhatTheirTimeSays() {
		UUID recent = UUID.randomUUID();
		UUID old = UUID.randomUUID();
		UUID never = UUID.randomUUID();
		Instant fiveMinutesAgo = this.start.minus(Duration.ofMinutes(5));
		this.statuses.observe(
				List.of(new Observation(recent, this.offering, AgentType.ORDER_PROCESSING, fiveMinutesAgo),
						new Observation(old, this.offering, AgentType.USAGE_REPORTING,
								this.start.minus(Duration.ofDays(30))),
						new Observation(never, this.offering, AgentType.EVENT_PROCESSING, null)),
				RULES, this.start, true);

		assertThat(status(recent)).isEqualTo(Status.ACTIVE);
		assertThat(status(old)).isEqualTo(Status.DISCONNECTED);
		assertThat(status(never)).isEqualTo(Status.UNKNOWN);
		assertThat(history(recent)).containsExactly("Unknown->Active:check_in@" + fiveMinutesAgo);
		assertThat(history(old)).isEmpty();
		// The sweeper never sees a mirrored status: its deadline is the mirror's to
		// judge.
		assertThat(this.db.fetchCount(INTEGRATION_STATUS, INTEGRATION_STATUS.SWEEP_AFTER.isNotNull())).isZero();
	}

	@Test
	void anUpstreamTimeMovesOnNeverBackAndSilenceExpiresOnceAfterALook() {
		UUID agent = UUID.randomUUID();
		Instant first = this.start.minus(Duration.ofMinutes(1));
		observe(agent, first);
		Instant later = this.start;
		observe(agent, later);
		observe(agent, first);
		assertThat(lastRequest(agent)).isEqualTo(later);
		assertThat(history(agent)).containsExactly("Unknown->Active:check_in@" + first);

		// Long past the deadline, the sweeper leaves it alone: only a look expires it.
		this.clock.advance(Duration.ofHours(2));
		assertThat(this.statuses.expire(100).looked()).isZero();
		Instant deadline = later.plus(Duration.ofMinutes(15));
		assertThat(this.statuses.expireMirrored(this.source, RULES, deadline.minus(1, ChronoUnit.MICROS))).isZero();
		assertThat(this.statuses.expiringMirrored(this.source, RULES, deadline)).containsExactly(agent);
		assertThat(this.statuses.expireMirrored(this.source, RULES, deadline)).isEqualTo(1);
		assertThat(this.statuses.expireMirrored(this.source, RULES, deadline)).isZero();
		assertThat(status(agent)).isEqualTo(Status.DISCONNECTED);

		// A check-in seen upstream at a time before the timeout event: recorded after it.
		Instant stale = later.plus(Duration.ofMinutes(20));
		observe(agent, stale);
		assertThat(status(agent)).isEqualTo(Status.ACTIVE);
		assertThat(lastRequest(agent)).isEqualTo(stale);
		Instant expiredAt = this.clock.instant();
		assertThat(history(agent)).containsExactly("Unknown->Active:check_in@" + first,
				"Active->Disconnected:timeout@" + expiredAt,
				"Disconnected->Active:check_in@" + expiredAt.plus(1, ChronoUnit.MICROS));
	}

	private void observe(UUID uuid, Instant at) {
		this.statuses.observe(List.of(new Observation(uuid, this.offering, AgentType.ORDER_PROCESSING, at)), RULES, at,
				true);
	}

	private Status status(UUID uuid) {
		return Status.ofCode(this.db.select(INTEGRATION_STATUS.STATUS)
			.from(INTEGRATION_STATUS)
			.where(INTEGRATION_STATUS.UUID.eq(uuid))
			.fetchSingle()
			.value1());
	}

	private Instant lastRequest(UUID uuid) {
		return this.db.select(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP)
			.from(INTEGRATION_STATUS)
			.where(INTEGRATION_STATUS.UUID.eq(uuid))
			.fetchSingle()
			.value1();
	}

	private List<String> history(UUID uuid) {
		return this.db
			.select(STATUS_EVENT.FROM_STATUS, STATUS_EVENT.TO_STATUS, STATUS_EVENT.REASON, STATUS_EVENT.CREATED)
			.from(STATUS_EVENT)
			.join(INTEGRATION_STATUS)
			.on(INTEGRATION_STATUS.ID.eq(STATUS_EVENT.INTEGRATION_STATUS_ID))
			.where(INTEGRATION_STATUS.UUID.eq(uuid))
			.orderBy(STATUS_EVENT.ID)
			.fetch((r) -> Status.ofCode(r.value1()).label() + "->" + Status.ofCode(r.value2()).label() + ":"
					+ r.value3() + "@" + r.value4());
	}

}
