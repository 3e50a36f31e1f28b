package org.vigil.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.support.ApiTest;
import org.vigil.support.TestClock;
import org.vigil.system.Clocks;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The status rules on a clock the test moves, calling expiry directly: order processing
 * may be silent 60 s, the other types 120 s, with a 500 ms settle margin. The deadlines
 * lie a minute or more in the real future, so the running instance's own sweeper leaves
 * these statuses alone.
 */
class StatusChangesTest extends ApiTest {

	private static final Duration SETTLE = Duration.ofMillis(500);

	private static final Timeouts TIMEOUTS = new Timeouts() {

		@Override
		public Duration timeout(AgentType type) {
			return Duration.ofSeconds(type == AgentType.ORDER_PROCESSING ? 60 : 120);
		}

		@Override
		public Duration settle() {
			return SETTLE;
		}

	};

	@Autowired
	private TransactionTemplate transactions;

	private final Instant start = Clocks.now(Clock.systemUTC());

	private final TestClock clock = TestClock.frozenAt(this.start);

	private StatusChanges statuses;

	private StatusKey orders;

	private StatusKey usage;

	@BeforeEach
	void statuses() {
		this.statuses = new StatusChanges(this.db, this.transactions, TIMEOUTS, this.clock, new SimpleMeterRegistry(),
				List.of());
		String uuid = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
		long offering = this.db.select(OFFERING.ID)
			.from(OFFERING)
			.where(OFFERING.UUID.eq(Uuids.parse(uuid).orElseThrow()))
			.fetchSingle()
			.value1();
		this.orders = new StatusKey(offering, AgentType.ORDER_PROCESSING);
		this.usage = new StatusKey(offering, AgentType.USAGE_REPORTING);
	}

	@Test
	void aStatusExpiresOnceItsDeadlineIsTheSettleMarginInThePast() {
		this.statuses.checkIn(Map.of(this.orders, "agent"));
		Instant deadline = this.start.plusSeconds(60);
		assertThat(deadline(this.orders)).isEqualTo(deadline);

		this.clock.set(deadline);
		assertThat(this.statuses.expire(100).disconnected()).isZero();
		this.clock.set(deadline.plus(SETTLE).minus(1, ChronoUnit.MICROS));
		assertThat(this.statuses.expire(100).disconnected()).isZero();
		assertThat(status(this.orders)).isEqualTo(Status.ACTIVE);

		this.clock.set(deadline.plus(SETTLE));
		assertThat(this.statuses.expire(100).disconnected()).isEqualTo(1);
		assertThat(status(this.orders)).isEqualTo(Status.DISCONNECTED);
		assertThat(deadline(this.orders)).as("a deadline exists only while Active").isNull();
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.statuses.expire(100).disconnected()).isZero();
		assertThat(history()).containsExactly("Unknown->Active:check_in@" + this.start,
				"Active->Disconnected:timeout@" + deadline.plus(SETTLE));
	}

	@Test
	void eachAgentTypeHasItsOwnDeadline() {
		this.statuses.checkIn(Map.of(this.orders, "agent", this.usage, "agent"));
		this.clock.set(this.start.plusSeconds(60).plus(SETTLE));
		this.statuses.expire(100);
		assertThat(status(this.orders)).isEqualTo(Status.DISCONNECTED);
		assertThat(status(this.usage)).isEqualTo(Status.ACTIVE);
		this.clock.set(this.start.plusSeconds(120).plus(SETTLE));
		this.statuses.expire(100);
		assertThat(status(this.usage)).isEqualTo(Status.DISCONNECTED);
	}

	@Test
	void aCheckInBeforeTheDeadlineMovesIt() {
		this.statuses.checkIn(Map.of(this.orders, "agent"));
		this.clock.set(this.start.plusSeconds(59));
		this.statuses.checkIn(Map.of(this.orders, "agent"));
		this.clock.set(this.start.plusSeconds(60).plus(SETTLE));
		assertThat(this.statuses.expire(100).disconnected()).isZero();
		assertThat(status(this.orders)).isEqualTo(Status.ACTIVE);
		assertThat(deadline(this.orders)).isEqualTo(this.start.plusSeconds(119));
	}

	/**
	 * A check-in from an instance whose clock lags is still recorded after the timeout.
	 */
	@Test
	void noEventIsEarlierThanTheLastEventOfItsStatus() {
		this.statuses.checkIn(Map.of(this.orders, "agent"));
		Instant timedOut = this.start.plusSeconds(60).plus(SETTLE);
		this.clock.set(timedOut);
		this.statuses.expire(100);

		this.clock.set(this.start.plusSeconds(30));
		Instant back = this.statuses.checkIn(Map.of(this.orders, "agent")).get(this.orders).timestamp();
		assertThat(back).isEqualTo(timedOut.plus(1, ChronoUnit.MICROS));
		assertThat(history()).last().isEqualTo("Disconnected->Active:check_in@" + back);
	}

	/**
	 * One batch holding a silent status and one checked in since its search bound: the
	 * first is disconnected with its event, the second is only looked at, once, and its
	 * bound moves up to its new deadline.
	 */
	@Test
	void aBatchDisconnectsTheSilentAndMovesTheBoundOfTheLive() {
		this.statuses.checkIn(Map.of(this.orders, "agent", this.usage, "agent"));
		this.clock.set(this.start.plusSeconds(100));
		this.statuses.checkIn(Map.of(this.orders, "agent"));
		assertThat(sweepAfter(this.orders)).isEqualTo(this.start.plusSeconds(60));

		this.clock.set(this.start.plusSeconds(120).plus(SETTLE));
		assertThat(this.statuses.expire(100)).isEqualTo(new StatusChanges.Sweep(2, 1));
		assertThat(status(this.usage)).isEqualTo(Status.DISCONNECTED);
		assertThat(sweepAfter(this.usage)).isNull();
		assertThat(status(this.orders)).isEqualTo(Status.ACTIVE);
		assertThat(sweepAfter(this.orders)).isEqualTo(this.start.plusSeconds(160));
		assertThat(this.statuses.expire(100)).isEqualTo(new StatusChanges.Sweep(0, 0));
		assertThat(history()).containsExactly("Unknown->Active:check_in@" + this.start);
		assertThat(this.db.fetchCount(
				STATUS_EVENT.join(INTEGRATION_STATUS).on(INTEGRATION_STATUS.ID.eq(STATUS_EVENT.INTEGRATION_STATUS_ID)),
				INTEGRATION_STATUS.AGENT_TYPE.eq(this.usage.type().code()).and(STATUS_EVENT.REASON.eq("timeout"))))
			.isEqualTo(1);
	}

	@Test
	void missedDeadlinesGetTheGrace() {
		this.statuses.checkIn(Map.of(this.orders, "agent"));
		this.clock.set(this.start.plusSeconds(90));
		assertThat(this.statuses.extendMissedDeadlines(Duration.ofMinutes(5), 100)).isEqualTo(1);
		assertThat(deadline(this.orders)).isEqualTo(this.start.plusSeconds(90 + 300));
		assertThat(this.statuses.expire(100).disconnected()).isZero();
	}

	@Test
	void missedDeadlinesGetTheGraceInBatchesAndLiveStatusesKeepTheirs() {
		this.statuses.checkIn(Map.of(this.orders, "agent", this.usage, "agent"));
		this.clock.set(this.start.plusSeconds(50));
		this.statuses.checkIn(Map.of(this.usage, "agent"));
		this.clock.set(this.start.plusSeconds(130));
		// orders missed its deadline (start + 60); usage's is start + 170, its bound
		// still
		// start + 120. Batches of one: both are found, one per statement.
		assertThat(this.statuses.extendMissedDeadlines(Duration.ofMinutes(5), 1)).isEqualTo(1);
		assertThat(deadline(this.orders)).isEqualTo(this.start.plusSeconds(130 + 300));
		assertThat(deadline(this.usage)).isEqualTo(this.start.plusSeconds(170));
		assertThat(sweepAfter(this.usage)).isEqualTo(this.start.plusSeconds(170));
		assertThat(this.statuses.expire(100)).isEqualTo(new StatusChanges.Sweep(0, 0));
	}

	@Test
	void aRegisteredStatusIsUnknownUntilItsFirstCheckIn() {
		assertThat(this.statuses.register(this.orders)).isTrue();
		assertThat(this.statuses.register(this.orders)).isFalse();
		assertThat(status(this.orders)).isEqualTo(Status.UNKNOWN);
		assertThat(deadline(this.orders)).isNull();
		assertThat(history()).isEmpty();
		this.statuses.checkIn(Map.of(this.orders, "agent"));
		assertThat(history()).containsExactly("Unknown->Active:check_in@" + this.start);
	}

	private Status status(StatusKey key) {
		return Status.ofCode(this.db.select(INTEGRATION_STATUS.STATUS)
			.from(INTEGRATION_STATUS)
			.where(INTEGRATION_STATUS.OFFERING_ID.eq(key.offeringId()))
			.and(INTEGRATION_STATUS.AGENT_TYPE.eq(key.type().code()))
			.fetchSingle()
			.value1());
	}

	private Instant sweepAfter(StatusKey key) {
		return this.db.select(INTEGRATION_STATUS.SWEEP_AFTER)
			.from(INTEGRATION_STATUS)
			.where(INTEGRATION_STATUS.OFFERING_ID.eq(key.offeringId()))
			.and(INTEGRATION_STATUS.AGENT_TYPE.eq(key.type().code()))
			.fetchSingle()
			.value1();
	}

	private Instant deadline(StatusKey key) {
		return this.db.select(INTEGRATION_STATUS.DEADLINE)
			.from(INTEGRATION_STATUS)
			.where(INTEGRATION_STATUS.OFFERING_ID.eq(key.offeringId()))
			.and(INTEGRATION_STATUS.AGENT_TYPE.eq(key.type().code()))
			.fetchSingle()
			.value1();
	}

	/** The events of order processing's status, oldest first. */
	private List<String> history() {
		return this.db
			.select(STATUS_EVENT.FROM_STATUS, STATUS_EVENT.TO_STATUS, STATUS_EVENT.REASON, STATUS_EVENT.CREATED)
			.from(STATUS_EVENT)
			.join(INTEGRATION_STATUS)
			.on(INTEGRATION_STATUS.ID.eq(STATUS_EVENT.INTEGRATION_STATUS_ID))
			.where(INTEGRATION_STATUS.AGENT_TYPE.eq(this.orders.type().code()))
			.orderBy(STATUS_EVENT.ID)
			.fetch((r) -> Status.ofCode(r.value1()).label() + "->" + Status.ofCode(r.value2()).label() + ":"
					+ r.value3() + "@" + r.value4());
	}

}
