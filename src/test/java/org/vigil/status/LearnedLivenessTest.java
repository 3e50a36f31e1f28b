package org.vigil.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.status.rhythm.Basis;
import org.vigil.status.rhythm.Interval;
import org.vigil.status.rhythm.Learning;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.status.rhythm.Rhythm;
import org.vigil.status.rhythm.Timeout;
import org.vigil.support.ApiTest;
import org.vigil.support.TestClock;
import org.vigil.system.Clocks;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Learned liveness on direct check-ins, on a clock the test moves, calling expiry
 * directly. The clock starts a day ahead of the real one, so the running instance's own
 * sweeper never reaches these deadlines. Order processing is configured at 60 s unless a
 * test says otherwise.
 */
class LearnedLivenessTest extends ApiTest {

	private static final Duration SETTLE = Duration.ofMillis(500);

	private static final Duration CONFIGURED = Duration.ofSeconds(60);

	@Autowired
	private TransactionTemplate transactions;

	private final Instant start = Clocks.now(Clock.systemUTC()).plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);

	private final TestClock clock = TestClock.frozenAt(this.start);

	private StatusKey orders;

	@BeforeEach
	void offering() {
		String uuid = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
		long offering = this.db.select(OFFERING.ID)
			.from(OFFERING)
			.where(OFFERING.UUID.eq(Uuids.parse(uuid).orElseThrow()))
			.fetchSingle()
			.value1();
		this.orders = new StatusKey(offering, AgentType.ORDER_PROCESSING);
	}

	@Test
	void aNewStatusStartsOnTheConfiguredTimeoutAndSwitchesToItsLearnedRhythmAfterMinSamples() {
		StatusChanges statuses = statuses(Learning.DEFAULTS, CONFIGURED, false);
		checkIn(statuses);
		for (int i = 1; i <= 4; i++) {
			this.clock.advance(Duration.ofSeconds(10));
			checkIn(statuses);
			assertThat(basis()).as("after %d intervals", i).isEqualTo(Basis.CONFIGURED);
			assertThat(deadline()).isEqualTo(this.clock.instant().plus(CONFIGURED));
		}
		this.clock.advance(Duration.ofSeconds(10));
		checkIn(statuses);
		assertThat(basis()).isEqualTo(Basis.LEARNED);
		Duration learned = Duration.between(this.clock.instant(), deadline());
		assertThat(learned).isBetween(Duration.ofSeconds(11), Duration.ofSeconds(20));
		assertThat(row().get(INTEGRATION_STATUS.LATE_AFTER)).isAfter(this.clock.instant()).isBefore(deadline());

		// Silent: Disconnected at the learned deadline, not the configured one.
		Instant deadline = deadline();
		this.clock.set(deadline.plus(SETTLE));
		assertThat(statuses.expire(100).disconnected()).isEqualTo(1);
		assertThat(status()).isEqualTo(Status.DISCONNECTED);
	}

	/**
	 * A steady check-in is one compare-and-set from what the instance remembers of the
	 * status: no read, no lock. A status another instance wrote since is read once; one
	 * swept to Disconnected, or new, takes the locking path.
	 */
	@Test
	void aSteadyCheckInNeedsNoReadAndAStatusChangedElsewhereIsReadAgain() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		StatusChanges statuses = statuses(Learning.DEFAULTS, CONFIGURED, false, meters);
		learnEvery(statuses, Duration.ofSeconds(10), 6);
		assertThat(paths(meters)).as("created, then steady").containsExactly(1.0, 6.0, 0.0);

		SimpleMeterRegistry others = new SimpleMeterRegistry();
		StatusChanges other = statuses(Learning.DEFAULTS, CONFIGURED, false, others);
		this.clock.advance(Duration.ofSeconds(10));
		checkIn(other);
		this.clock.advance(Duration.ofSeconds(10));
		checkIn(statuses);
		assertThat(paths(others)).as("the other instance had not seen it").containsExactly(0.0, 0.0, 1.0);
		assertThat(paths(meters)).as("changed by the other instance").containsExactly(1.0, 6.0, 1.0);
		assertThat(basis()).isEqualTo(Basis.LEARNED);
		assertThat(rhythm().samples()).isEqualTo(8);

		silentPastDeadline(statuses, Duration.ofMinutes(10));
		checkIn(statuses);
		assertThat(status()).isEqualTo(Status.ACTIVE);
		assertThat(paths(meters)).as("swept meanwhile").containsExactly(2.0, 6.0, 1.0);
	}

	/** Check-ins by path: locked, remembered, read. */
	private static List<Double> paths(MeterRegistry meters) {
		return List.of("locked", "remembered", "read")
			.stream()
			.map((path) -> meters.get("vigil.checkin.paths").tag("path", path).counter().count())
			.toList();
	}

	@Test
	void anOutageIsNotLearnedButRelearnAfterLongIntervalsInARowAreANewRhythm() {
		StatusChanges statuses = statuses(Learning.DEFAULTS, CONFIGURED, false);
		learnEvery(statuses, Duration.ofSeconds(10), 6);
		Rhythm before = rhythm();

		// A ten-minute outage: swept, then back.
		silentPastDeadline(statuses, Duration.ofMinutes(10));
		checkIn(statuses);
		assertThat(rhythm().mean()).isEqualTo(before.mean());
		assertThat(rhythm().run()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(10));
		checkIn(statuses);
		assertThat(rhythm().run()).as("an interval on time ends the run").isZero();

		// The agent now checks in every minute: three long intervals in a row, then
		// learned.
		int disconnections = 0;
		for (int i = 0; i < 6; i++) {
			Instant next = this.clock.instant().plus(Duration.ofMinutes(1));
			this.clock.set(next.minus(Duration.ofMillis(1)));
			disconnections += statuses.expire(100).disconnected();
			this.clock.set(next);
			checkIn(statuses);
		}
		assertThat(disconnections).as("one per long interval until relearned").isEqualTo(3);
		assertThat(rhythm().mean()).isCloseTo(60_000, within(1.0));
		assertThat(basis()).isEqualTo(Basis.LEARNED);
		assertThat(Duration.between(this.clock.instant(), deadline())).isGreaterThan(Duration.ofMinutes(1));
	}

	@Test
	void anIntervalAcrossVigilsOwnDowntimeIsNotLearned() {
		StatusChanges statuses = statuses(Learning.DEFAULTS, CONFIGURED, false);
		learnEvery(statuses, Duration.ofSeconds(10), 6);
		Rhythm before = rhythm();
		// Vigil was down from shortly after the last check-in until now.
		this.clock.advance(Duration.ofMinutes(30));
		statuses.watchedSince(this.clock.instant().minusSeconds(5));
		checkIn(statuses);
		assertThat(rhythm()).isEqualTo(before);
		assertThat(status()).isEqualTo(Status.ACTIVE);
	}

	@Test
	void anAcceptablePauseIsAddedToTheLearnedDeadline() {
		Learning pausing = new Learning(true, 50, 8, 3, 5, Duration.ofSeconds(5), Duration.ofHours(24), 0.1,
				Duration.ofMinutes(3), 3);
		StatusChanges plain = statuses(Learning.DEFAULTS, CONFIGURED, false);
		learnEvery(plain, Duration.ofSeconds(10), 6);
		Duration without = Duration.between(this.clock.instant(), deadline());
		StatusChanges paused = statuses(pausing, CONFIGURED, false);
		this.clock.advance(Duration.ofSeconds(10));
		checkIn(paused);
		millis(deadline(),
				this.clock.instant().plus(new PhiAccrual(pausing).timeout(rhythm(), CONFIGURED, false).length()),
				"deadline");
		assertThat(Duration.between(this.clock.instant(), deadline())).isGreaterThan(without.plusMinutes(2));
	}

	@Test
	void theLearnedDeadlineIsClampedAndAnExplicitTimeoutIsAFloorUnderIt() {
		Learning clamped = new Learning(true, 50, 8, 3, 5, Duration.ofSeconds(5), Duration.ofSeconds(90), 0.1,
				Duration.ZERO, 3);
		StatusChanges fast = statuses(clamped, CONFIGURED, false);
		learnEvery(fast, Duration.ofMillis(200), 6);
		assertThat(Duration.between(this.clock.instant(), deadline())).isEqualTo(Duration.ofSeconds(5));
		assertThat(basis()).isEqualTo(Basis.LEARNED);

		forget();
		learnEvery(fast, Duration.ofSeconds(100), 6);
		assertThat(Duration.between(this.clock.instant(), deadline())).isEqualTo(Duration.ofSeconds(90));

		forget();
		StatusChanges floored = statuses(Learning.DEFAULTS, Duration.ofMinutes(10), true);
		learnEvery(floored, Duration.ofSeconds(10), 6);
		assertThat(Duration.between(this.clock.instant(), deadline())).isEqualTo(Duration.ofMinutes(10));
		assertThat(basis()).isEqualTo(Basis.CONFIGURED);
	}

	/**
	 * A check-in that lowers the deadline lowers the sweeper's search bound with it, so
	 * the status is still found when it falls silent.
	 */
	@Test
	void aShorterLearnedDeadlineLowersTheSweepersBound() {
		StatusChanges statuses = statuses(Learning.DEFAULTS, Duration.ofHours(1), false);
		learnEvery(statuses, Duration.ofSeconds(10), 5);
		assertThat(row().get(INTEGRATION_STATUS.SWEEP_AFTER)).isBeforeOrEqualTo(deadline());
		Instant deadline = deadline();
		assertThat(deadline).isBefore(this.clock.instant().plusSeconds(60));
		this.clock.set(deadline.plus(SETTLE));
		assertThat(statuses.expire(100).disconnected()).isEqualTo(1);
	}

	/**
	 * A check-in whose deadline is earlier than the sweeper's bound moves the bound a
	 * quarter of the timeout below the deadline, so that a deadline wobbling a little
	 * earlier afterwards leaves the indexed column alone (PostgreSQL keeps updating the
	 * row in place); the sweeper, finding the status early, moves the bound up to the
	 * deadline and disconnects it at the deadline itself.
	 */
	@Test
	void aLoweredBoundHasAMarginSoThatASlightlyEarlierDeadlineLeavesItAlone() {
		Duration[] configured = { Duration.ofHours(1) };
		StatusChanges statuses = statuses(Learning.DEFAULTS.off(), () -> configured[0], false,
				new SimpleMeterRegistry());
		checkIn(statuses);
		assertThat(row().get(INTEGRATION_STATUS.SWEEP_AFTER)).isEqualTo(this.start.plus(Duration.ofHours(1)));

		configured[0] = Duration.ofSeconds(60);
		this.clock.advance(Duration.ofSeconds(1));
		checkIn(statuses);
		Instant lowered = this.start.plusSeconds(61).minusSeconds(15);
		assertThat(deadline()).isEqualTo(this.start.plusSeconds(61));
		assertThat(row().get(INTEGRATION_STATUS.SWEEP_AFTER)).isEqualTo(lowered);

		configured[0] = Duration.ofMillis(58_500);
		this.clock.advance(Duration.ofSeconds(1));
		checkIn(statuses);
		Instant deadline = this.start.plusMillis(60_500);
		assertThat(deadline()).isEqualTo(deadline);
		assertThat(row().get(INTEGRATION_STATUS.SWEEP_AFTER)).as("a deadline earlier by less than the margin")
			.isEqualTo(lowered);

		this.clock.set(lowered.plus(SETTLE));
		assertThat(statuses.expire(100)).isEqualTo(new StatusChanges.Sweep(1, 0));
		assertThat(row().get(INTEGRATION_STATUS.SWEEP_AFTER)).isEqualTo(deadline);
		this.clock.set(deadline.plus(SETTLE).minusMillis(1));
		assertThat(statuses.expire(100)).isEqualTo(new StatusChanges.Sweep(0, 0));
		this.clock.set(deadline.plus(SETTLE));
		assertThat(statuses.expire(100)).isEqualTo(new StatusChanges.Sweep(1, 1));
	}

	/**
	 * Two writers, as two instances would be, sweep the same statuses at once after their
	 * learned deadlines passed: every status is Disconnected once, with one event.
	 */
	@Test
	void twoSweepersDisconnectEachStatusOnceAtItsLearnedDeadline() throws Exception {
		Map<StatusKey, String> fleet = new HashMap<>();
		for (int i = 0; i < 12; i++) {
			String uuid = this.fixtures.offering(this.fixtures.customer("Site " + i), "HPC");
			long offering = this.db.select(OFFERING.ID)
				.from(OFFERING)
				.where(OFFERING.UUID.eq(Uuids.parse(uuid).orElseThrow()))
				.fetchSingle()
				.value1();
			for (AgentType type : AgentType.values()) {
				fleet.put(new StatusKey(offering, type), "agent");
			}
		}
		StatusChanges first = statuses(Learning.DEFAULTS, Duration.ofHours(1), false);
		StatusChanges second = statuses(Learning.DEFAULTS, Duration.ofHours(1), false);
		for (int i = 0; i < 6; i++) {
			(i % 2 == 0 ? first : second).checkIn(fleet);
			this.clock.advance(Duration.ofSeconds(10));
		}
		Instant latest = this.db.select(DSL.max(INTEGRATION_STATUS.DEADLINE))
			.from(INTEGRATION_STATUS)
			.fetchSingle()
			.value1();
		assertThat(latest).as("learned, not the hour configured").isBefore(this.clock.instant().plusSeconds(30));
		this.clock.set(latest.plus(SETTLE));
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Callable<Integer>> racers = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				StatusChanges sweeper = (i % 2 == 0) ? first : second;
				racers.add(() -> {
					int disconnected = 0;
					while (this.db.fetchCount(INTEGRATION_STATUS,
							INTEGRATION_STATUS.STATUS.eq(Status.ACTIVE.code())) > 0) {
						disconnected += sweeper.expire(7).disconnected();
					}
					return disconnected;
				});
			}
			int total = 0;
			for (Future<Integer> racer : pool.invokeAll(racers)) {
				total += racer.get();
			}
			assertThat(total).isEqualTo(fleet.size());
		}
		finally {
			pool.shutdown();
		}
		assertThat(this.db.fetchCount(STATUS_EVENT, STATUS_EVENT.REASON.eq("timeout"))).isEqualTo(fleet.size());
		assertThat(this.db.select(STATUS_EVENT.INTEGRATION_STATUS_ID, DSL.count())
			.from(STATUS_EVENT)
			.where(STATUS_EVENT.REASON.eq("timeout"))
			.groupBy(STATUS_EVENT.INTEGRATION_STATUS_ID)
			.having(DSL.count().gt(1))
			.fetch()).isEmpty();
	}

	/**
	 * Random interval sequences (on time, late but not yet swept, swept, across a
	 * downtime) go through real check-ins, by the steady compare-and-set and by the slow
	 * path after a sweep, and every stored row must be PhiAccrual's replay of the same
	 * intervals.
	 */
	@Test
	void theStoredRhythmAndDeadlineAreThoseOfPhiAccrualsReplay() {
		for (long seed = 1; seed <= 6; seed++) {
			forget();
			replay(seed, seed % 2 == 0);
		}
	}

	/** The status and its history gone: the next check-in creates it again. */
	private void forget() {
		this.db.deleteFrom(STATUS_EVENT).execute();
		this.db.deleteFrom(INTEGRATION_STATUS).execute();
	}

	private void replay(long seed, boolean explicit) {
		Learning learning = new Learning(true, 20, 8, 3, 4, Duration.ofSeconds(5), Duration.ofHours(2), 0.1,
				Duration.ofSeconds(seed % 3 == 0 ? 30 : 0), 3);
		PhiAccrual phi = new PhiAccrual(learning);
		Duration configured = Duration.ofSeconds(45);
		StatusChanges statuses = statuses(learning, configured, explicit);
		Random random = new Random(seed);
		Rhythm expected = Rhythm.NONE;
		Instant watched = null;
		checkIn(statuses);
		Instant last = this.clock.instant();
		for (int step = 0; step < 60; step++) {
			String at = "seed " + seed + " step " + step;
			Instant deadline = deadline();
			long span = Duration.between(last, deadline).toMillis();
			int kind = random.nextInt(10);
			Instant next;
			if (kind < 6) {
				next = last.plusMillis(1 + (long) (span * (0.3 + 0.65 * random.nextDouble())));
			}
			else if (kind < 7) {
				next = deadline.plusMillis(1 + random.nextInt(400));
			}
			else if (kind < 9) {
				next = deadline.plus(SETTLE).plusMillis(random.nextInt((int) Math.min(span * 2, 600_000)));
				this.clock.set(deadline.plus(SETTLE));
				statuses.expire(100);
			}
			else {
				next = last.plusMillis(1 + random.nextInt((int) Math.max(span * 3, 1)));
				watched = last.plusMillis(1 + Duration.between(last, next).toMillis() / 2);
				statuses.watchedSince(watched);
			}
			boolean pastDeadline = status() != Status.ACTIVE || next.isAfter(deadline);
			boolean spansDowntime = watched != null && last.isBefore(watched);
			this.clock.set(next);
			checkIn(statuses);
			expected = phi.learn(expected, Duration.between(last, next).toMillis(),
					Interval.of(pastDeadline, spansDowntime));
			Timeout timeout = phi.timeout(expected, configured, explicit);
			Record row = row();
			Rhythm stored = StoredRhythm.rhythm(row);
			assertThat(stored.samples()).as(at).isEqualTo(expected.samples());
			assertThat(stored.run()).as(at).isEqualTo(expected.run());
			assertThat(stored.longest()).as(at).isCloseTo(expected.longest(), within(1L));
			close(stored.mean(), expected.mean(), at + " mean");
			close(stored.variance(), expected.variance(), at + " variance");
			close(stored.runMean(), expected.runMean(), at + " run mean");
			close(stored.runSquares(), expected.runSquares(), at + " run squares");
			assertThat(basis()).as(at).isEqualTo(timeout.basis());
			millis(deadline(), next.plus(timeout.length()), at + " deadline");
			Instant late = row.get(INTEGRATION_STATUS.LATE_AFTER);
			if (timeout.basis() == Basis.LEARNED) {
				millis(late, next.plus(phi.lateAfter(expected)), at + " late after");
			}
			else {
				assertThat(late).as(at + " late after").isNull();
			}
			assertThat(row.get(INTEGRATION_STATUS.SWEEP_AFTER)).as(at).isBeforeOrEqualTo(deadline());
			last = next;
		}
	}

	private static void close(double actual, double expected, String what) {
		assertThat(actual).as(what).isCloseTo(expected, within(Math.max(1e-3, Math.abs(expected) * 1e-6)));
	}

	private static void millis(Instant actual, Instant expected, String what) {
		assertThat(Math.abs(Duration.between(actual, expected).toMillis())).as(what + ": " + actual + " vs " + expected)
			.isLessThanOrEqualTo(1);
	}

	private StatusChanges statuses(Learning learning, Duration configured, boolean explicit) {
		return statuses(learning, configured, explicit, new SimpleMeterRegistry());
	}

	private StatusChanges statuses(Learning learning, Duration configured, boolean explicit, MeterRegistry meters) {
		return statuses(learning, () -> configured, explicit, meters);
	}

	private StatusChanges statuses(Learning learning, Supplier<Duration> configured, boolean explicit,
			MeterRegistry meters) {
		Timeouts timeouts = new Timeouts() {

			@Override
			public Duration timeout(AgentType type) {
				return configured.get();
			}

			@Override
			public Duration settle() {
				return SETTLE;
			}

			@Override
			public boolean explicit(AgentType type) {
				return explicit;
			}

			@Override
			public PhiAccrual rhythms() {
				return new PhiAccrual(learning);
			}

		};
		return new StatusChanges(this.db, this.transactions, timeouts, this.clock, meters, List.of());
	}

	/** A check-in now, then {@code count} more every {@code every}. */
	private void learnEvery(StatusChanges statuses, Duration every, int count) {
		checkIn(statuses);
		for (int i = 0; i < count; i++) {
			this.clock.advance(every);
			checkIn(statuses);
		}
	}

	/** Silent for {@code silence}, swept at its deadline on the way. */
	private void silentPastDeadline(StatusChanges statuses, Duration silence) {
		Instant back = this.clock.instant().plus(silence);
		this.clock.set(deadline().plus(SETTLE));
		assertThat(statuses.expire(100).disconnected()).isEqualTo(1);
		this.clock.set(back);
	}

	private void checkIn(StatusChanges statuses) {
		statuses.checkIn(Map.of(this.orders, "agent"));
	}

	private Record row() {
		return this.db.selectFrom(INTEGRATION_STATUS)
			.where(INTEGRATION_STATUS.OFFERING_ID.eq(this.orders.offeringId()))
			.and(INTEGRATION_STATUS.AGENT_TYPE.eq(this.orders.type().code()))
			.fetchSingle();
	}

	private Rhythm rhythm() {
		return StoredRhythm.rhythm(row());
	}

	private Instant deadline() {
		return row().get(INTEGRATION_STATUS.DEADLINE);
	}

	private Basis basis() {
		return StoredRhythm.basis(row().get(INTEGRATION_STATUS.TIMEOUT_BASIS));
	}

	private Status status() {
		return Status.ofCode(row().get(INTEGRATION_STATUS.STATUS));
	}

}
