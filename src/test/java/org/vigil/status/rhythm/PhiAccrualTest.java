package org.vigil.status.rhythm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.vigil.support.OneStore;

/** The learned-rhythm arithmetic on its own, at the shipped defaults unless said. */
@OneStore
class PhiAccrualTest {

	private static final long FIVE_MINUTES = Duration.ofMinutes(5).toMillis();

	private final PhiAccrual phi = new PhiAccrual(Learning.DEFAULTS);

	@Test
	void coldStartIsTheConfiguredTimeoutOrThreeTimesTheLongestInterval() {
		assertThat(this.phi.timeout(Rhythm.NONE, Duration.ofHours(1), false))
			.isEqualTo(new Timeout(Duration.ofHours(1), Basis.CONFIGURED));
		Rhythm two = learnAll(Rhythm.NONE, Interval.ON_TIME, Duration.ofMinutes(30).toMillis(),
				Duration.ofMinutes(31).toMillis());
		assertThat(this.phi.learned(two)).isFalse();
		assertThat(this.phi.timeout(two, Duration.ofMinutes(15), false))
			.isEqualTo(new Timeout(Duration.ofMinutes(93), Basis.CONFIGURED));
	}

	@Test
	void learnedAfterMinSamplesWithADeadlineAtTheThreshold() {
		Rhythm r = steady(5, FIVE_MINUTES);
		assertThat(this.phi.learned(r)).isTrue();
		assertThat(r.mean()).isEqualTo(FIVE_MINUTES, within(1e-6));
		Timeout t = this.phi.timeout(r, Duration.ofHours(1), false);
		assertThat(t.basis()).isEqualTo(Basis.LEARNED);
		// No spread: σ is min-deviation (10 %) of the mean, so 5 min + y* × 30 s.
		assertThat(t.length().toMillis()).isEqualTo(Math.round(FIVE_MINUTES + this.phi.deadlineY() * 30_000));
		assertThat(t.length()).isBetween(Duration.ofMinutes(7), Duration.ofMinutes(8));
		// The silence at the deadline has exactly the threshold's suspicion.
		assertThat(this.phi.suspicion(r, t.length())).isEqualTo(8.0, within(0.01));
	}

	@Test
	void suspicionGrowsWithSilenceAndIsCappedAndLateComesBeforeTheDeadline() {
		Rhythm r = steady(10, FIVE_MINUTES);
		assertThat(this.phi.suspicion(r, Duration.ofMinutes(5))).isEqualTo(Math.log10(2), within(1e-9));
		assertThat(this.phi.suspicion(r, Duration.ofMinutes(1))).isLessThan(0.01);
		assertThat(this.phi.suspicion(r, Duration.ofDays(1))).isEqualTo(PhiAccrual.MAX_SUSPICION);
		Duration late = this.phi.lateAfter(r);
		assertThat(this.phi.late(r, late.minusMillis(10))).isFalse();
		assertThat(this.phi.late(r, late.plusMillis(10))).isTrue();
		assertThat(late).isLessThan(this.phi.timeout(r, Duration.ofHours(1), false).length());
		assertThat(this.phi.late(steady(2, FIVE_MINUTES), Duration.ofDays(1))).isFalse();
	}

	@Test
	void anOutageIsNotLearnedButRelearnAfterLongIntervalsInARowIsANewRhythm() {
		Rhythm r = steady(20, FIVE_MINUTES);
		Rhythm outage = this.phi.learn(r, Duration.ofHours(2).toMillis(), Interval.PAST_DEADLINE);
		assertThat(outage.mean()).isEqualTo(r.mean());
		assertThat(outage.run()).isEqualTo(1);
		// An on-time interval ends the run.
		assertThat(this.phi.learn(outage, FIVE_MINUTES, Interval.ON_TIME).run()).isZero();

		long thirty = Duration.ofMinutes(30).toMillis();
		Rhythm slower = learnAll(r, Interval.PAST_DEADLINE, thirty, thirty + 60_000);
		assertThat(slower.mean()).isEqualTo(r.mean());
		slower = this.phi.learn(slower, thirty - 60_000, Interval.PAST_DEADLINE);
		assertThat(slower.mean()).isEqualTo(thirty, within(1e-6));
		assertThat(slower.run()).isZero();
		assertThat(this.phi.learned(slower)).isTrue();
		assertThat(this.phi.timeout(slower, Duration.ofMinutes(15), false).length()).isBetween(Duration.ofMinutes(31),
				Duration.ofMinutes(50));
	}

	@Test
	void downtimeIsIgnoredOnceLearnedButEverythingCountsBefore() {
		Rhythm learnedRhythm = steady(10, FIVE_MINUTES);
		assertThat(this.phi.learn(learnedRhythm, Duration.ofHours(3).toMillis(), Interval.SPANS_DOWNTIME))
			.isEqualTo(learnedRhythm);
		Rhythm cold = steady(2, FIVE_MINUTES);
		assertThat(this.phi.learn(cold, Duration.ofHours(3).toMillis(), Interval.SPANS_DOWNTIME).samples())
			.isEqualTo(3);
		assertThat(this.phi.learn(cold, Duration.ofHours(3).toMillis(), Interval.PAST_DEADLINE).longest())
			.isEqualTo(Duration.ofHours(3).toMillis());
	}

	@Test
	void clampsAPauseAndAnExplicitFloor() {
		Rhythm fast = steady(10, 200);
		assertThat(this.phi.timeout(fast, Duration.ofHours(1), false).length()).isEqualTo(Duration.ofSeconds(5));
		Rhythm slow = steady(10, Duration.ofHours(20).toMillis());
		assertThat(this.phi.timeout(slow, Duration.ofHours(1), false).length()).isEqualTo(Duration.ofHours(24));
		Rhythm r = steady(10, FIVE_MINUTES);
		Duration learned = this.phi.timeout(r, Duration.ofHours(1), false).length();
		assertThat(this.phi.timeout(r, Duration.ofHours(1), true))
			.isEqualTo(new Timeout(Duration.ofHours(1), Basis.CONFIGURED));
		PhiAccrual pausing = new PhiAccrual(with(Duration.ofMinutes(3)));
		assertThat(pausing.timeout(r, Duration.ofHours(1), false).length()).isEqualTo(learned.plusMinutes(3));
	}

	@Test
	void learningOffKeepsTheConfiguredTimeoutAndLearnsNothing() {
		PhiAccrual off = new PhiAccrual(Learning.DEFAULTS.off());
		Rhythm r = steady(10, FIVE_MINUTES);
		assertThat(off.timeout(r, Duration.ofMinutes(15), false))
			.isEqualTo(new Timeout(Duration.ofMinutes(15), Basis.CONFIGURED));
		assertThat(off.learn(r, 1, Interval.ON_TIME)).isEqualTo(r);
	}

	@Test
	void theWeightedMeanFollowsARhythmThatDrifts() {
		Rhythm r = steady(60, FIVE_MINUTES);
		for (int i = 0; i < 300; i++) {
			r = this.phi.learn(r, 6 * 60_000, Interval.ON_TIME);
		}
		assertThat(r.mean()).isEqualTo(6 * 60_000, within(1.0));
		assertThat(r.samples()).isEqualTo(50);
	}

	@Test
	void nonsenseSettingsAreRefusedWithTheSettingNamed() {
		assertThatThrownBy(() -> new Learning(true, 50, 8, 9, 5, Duration.ofSeconds(5), Duration.ofHours(24), 0.1,
				Duration.ZERO, 3))
			.hasMessageContaining("vigil.liveness.learning.late-threshold");
		assertThatThrownBy(() -> new Learning(true, 50, 8, 3, 60, Duration.ofSeconds(5), Duration.ofHours(24), 0.1,
				Duration.ZERO, 3))
			.hasMessageContaining("vigil.liveness.learning.min-samples");
		assertThatThrownBy(
				() -> new Learning(true, 50, 8, 3, 5, Duration.ofHours(2), Duration.ofHours(1), 0.1, Duration.ZERO, 3))
			.hasMessageContaining("vigil.liveness.learning.max-timeout");
		assertThatThrownBy(
				() -> new Learning(true, 50, 8, 3, 5, Duration.ofSeconds(5), Duration.ofHours(24), 0, Duration.ZERO, 3))
			.hasMessageContaining("vigil.liveness.learning.min-deviation");
	}

	private Rhythm steady(int count, long millis) {
		Rhythm r = Rhythm.NONE;
		for (int i = 0; i < count; i++) {
			r = this.phi.learn(r, millis, Interval.ON_TIME);
		}
		return r;
	}

	private Rhythm learnAll(Rhythm r, Interval interval, long... millis) {
		for (long m : millis) {
			r = this.phi.learn(r, m, interval);
		}
		return r;
	}

	private static Learning with(Duration pause) {
		Learning d = Learning.DEFAULTS;
		return new Learning(d.enabled(), d.window(), d.threshold(), d.lateThreshold(), d.minSamples(), d.minTimeout(),
				d.maxTimeout(), d.minDeviation(), pause, d.relearnAfter());
	}

}
