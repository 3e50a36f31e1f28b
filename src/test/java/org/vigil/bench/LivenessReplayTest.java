package org.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.vigil.status.rhythm.Interval;
import org.vigil.status.rhythm.Learning;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.status.rhythm.Rhythm;
import org.vigil.support.OneStore;

/**
 * The liveness benchmark's own bookkeeping on small hand-made traces, so that its numbers
 * can be trusted: when each rule declares a status Disconnected, what counts as a false
 * disconnection, the detection delay, and the fleets the profiles make.
 */
@OneStore
class LivenessReplayTest {

	private static final long S = 1000;

	private static final long MIN = 60 * S;

	private static final long H = 60 * MIN;

	private final PhiAccrual off = new PhiAccrual(Learning.DEFAULTS.off());

	private final PhiAccrual learned = new PhiAccrual(Learning.DEFAULTS);

	@Test
	void theSweeperDisconnectsAtTheFirstSweepASettleMarginPastTheDeadline() {
		Sweeper sweeper = new Sweeper(this.off, Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMillis(500));
		assertThat(sweeper.sweptAfter(14_500)).isEqualTo(15_000);
		assertThat(sweeper.sweptAfter(14_501)).isEqualTo(16_000);
		// 5 s -> 20 s is past the deadline at 15 s, swept at 16 s: one flap; the death at
		// 20 s
		// is swept at 31 s.
		assertThat(sweeper.judge(Trace.of(0, 5 * S, 20 * S))).isEqualTo(new Verdict(1, 0, -1, 11 * S));
		// Back at 15.9 s: past the deadline but before the sweep, so never Disconnected.
		assertThat(sweeper.judge(Trace.of(0, 5 * S, 15_900)).falseDisconnections()).isZero();
	}

	@Test
	void waldursCheckOnTheHourDisconnectsWhatIsMoreThanAnHourSilent() {
		HourlyCheck waldur = new HourlyCheck(Duration.ofHours(1), Duration.ofHours(1));
		assertThat(waldur.declaredAfter(H)).isEqualTo(3 * H);
		assertThat(waldur.declaredAfter(H - 1)).isEqualTo(2 * H);
		assertThat(waldur.judge(Trace.of(30 * MIN, 2 * H + 10 * MIN, 2 * H + 20 * MIN)))
			.isEqualTo(new Verdict(1, 0, -1, H + 40 * MIN));
	}

	@Test
	void theMirrorSeesTheNewestRequestAtEachPollAndJudgesOnlyAtPolls() {
		Poller mirror = new Poller(this.off, Duration.ofSeconds(150), Duration.ofSeconds(60));
		// Polls at 60, 120, 180...: 10 s and 20 s are seen together at 60 s, deadline 170
		// s;
		// 130 s is seen by the poll at 180 s, before any poll judged the silence; then
		// the
		// deadline 280 s is judged by the poll at 300 s, and 400 s comes later: one flap.
		Trace trace = Trace.of(10 * S, 20 * S, 130 * S, 400 * S).changeAt(250 * S);
		assertThat(mirror.judge(trace)).isEqualTo(new Verdict(1, 1, 50 * S, 200 * S));
		// The poll phase moves the polls: at 30, 90, 150, ... the death at 400 s
		// (deadline 550
		// s) is judged at 570 s.
		assertThat(mirror.judge(Trace.of(10 * S, 400 * S).pollPhase(0.5)).detectionDelay()).isEqualTo(170 * S);
	}

	@Test
	void theMirrorLearnsNoIntervalShorterThanItsPoll() {
		Poller mirror = new Poller(this.learned, Duration.ofMinutes(45), Duration.ofSeconds(60));
		// Seen at polls 60, 120, 180, 240...: 59 s, 61 s, 179 s, 181 s, ...: 2 s and 118
		// s apart,
		// learned as 60 s and 118 s.
		Trace trace = new Trace();
		Rhythm expected = Rhythm.NONE;
		for (int k = 0; k < 20; k++) {
			trace.add((120 * k + 59) * S);
			trace.add((120 * k + 61) * S);
			if (k > 0) {
				expected = this.learned.learn(expected, 118 * S, Interval.ON_TIME);
			}
			expected = this.learned.learn(expected, 60 * S, Interval.ON_TIME);
		}
		long timeout = this.learned.timeout(expected, Duration.ofMinutes(45), false).length().toMillis();
		long death = trace.last();
		long judged = mirror.pollAfter(death + timeout, 0);
		assertThat(mirror.judge(trace)).isEqualTo(new Verdict(0, 0, -1, judged - death));
	}

	@Test
	void aCheckInAfterTheDeadlineIsAFlapAndIsNotLearned() {
		Sweeper sweeper = new Sweeper(this.learned, Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofMillis(500));
		Trace steady = new Trace();
		Trace paused = new Trace();
		long t = 0;
		long p = 0;
		for (int i = 0; i <= 30; i++) {
			steady.add(t);
			paused.add(p);
			t += 30 * S;
			p += (i == 20) ? 150 * S : 30 * S;
		}
		Verdict once = sweeper.judge(paused);
		assertThat(once.falseDisconnections()).isEqualTo(1);
		// The 150 s interval came past the learned deadline: not learned, so the rhythm,
		// and
		// with it the detection delay, is that of the agent that never paused.
		assertThat(once.detectionDelay()).isEqualTo(sweeper.judge(steady).detectionDelay());
		long timeout = this.learned.timeout(steady(30, 30 * S), Duration.ofHours(1), false).length().toMillis();
		assertThat(sweeper.judge(steady).detectionDelay())
			.isEqualTo(sweeper.sweptAfter(t - 30 * S + timeout) - (t - 30 * S));
	}

	@Test
	void aTallyCountsPerAgentDayAndTakesNearestRankPercentiles() {
		Tally tally = new Tally(20);
		for (int a = 0; a < 20; a++) {
			tally.record(a, new Verdict((a < 3) ? 1 : 0, (a == 1) ? 1 : 0, (a == 1) ? 5 * MIN : -1, (a + 1) * S));
		}
		assertThat(tally.falseDisconnections()).isEqualTo(3);
		assertThat(tally.perThousandAgentDays(600)).isEqualTo(5.0);
		assertThat(tally.delayAt(0.5)).isEqualTo(10 * S);
		assertThat(tally.delayAt(0.95)).isEqualTo(19 * S);
		assertThat(tally.mostAfterChange()).isEqualTo(1);
		assertThat(tally.latestAfterChange()).isEqualTo(5 * MIN);
	}

	@Test
	void profilesLiveThirtyDaysAndKeepTheirRhythm() {
		Trace trace = new Trace();
		for (Profile profile : Profile.values()) {
			profile.generate(new SplittableRandom(7), trace);
			assertThat(trace.first()).as(profile.label()).isBetween(0L, H);
			assertThat(trace.last() - trace.first()).as(profile.label()).isBetween(30 * 24 * H - 30 * MIN, 31 * 24 * H);
			assertThat(shortestInterval(trace)).as(profile.label()).isNotNegative();
		}
		Profile.DAILY_PAUSE.generate(new SplittableRandom(7), trace);
		assertThat(longIntervals(trace, 100 * S)).isBetween(30L, 31L);
		Profile.CADENCE_CHANGE.generate(new SplittableRandom(7), trace);
		long change = trace.changeAt();
		assertThat(change - trace.first()).isBetween(10 * 24 * H - H, 11 * 24 * H);
		long[] before = { Long.MAX_VALUE, 0 };
		long[] after = { Long.MAX_VALUE, 0 };
		for (int i = 1; i < trace.size(); i++) {
			long[] range = (trace.at(i - 1) < change) ? before : after;
			long interval = trace.at(i) - trace.at(i - 1);
			range[0] = Math.min(range[0], interval);
			range[1] = Math.max(range[1], interval);
		}
		assertThat(before[0]).isGreaterThanOrEqualTo(290 * S);
		assertThat(before[1]).isLessThanOrEqualTo(310 * S);
		assertThat(after[0]).isGreaterThanOrEqualTo(29 * MIN);
		assertThat(after[1]).isLessThanOrEqualTo(31 * MIN);
		Profile.SITE_AGENT_EVENT_PROCESS.generate(new SplittableRandom(7), trace);
		// A health check every 30 ticks of a little over a minute, and every other one
		// the
		// hourly reconciliation's orders list, under a minute later.
		assertThat(List.of(trace.at(1) - trace.at(0), trace.at(2) - trace.at(1), trace.at(3) - trace.at(2)))
			.satisfiesExactly((a) -> assertThat(a).isBetween(100L, 2 * S),
					(b) -> assertThat(b).isBetween(29 * MIN, 31 * MIN),
					(c) -> assertThat(c).isBetween(30 * MIN, 31 * MIN));
	}

	private Rhythm steady(int intervals, long millis) {
		Rhythm rhythm = Rhythm.NONE;
		for (int i = 0; i < intervals; i++) {
			rhythm = this.learned.learn(rhythm, millis, Interval.ON_TIME);
		}
		return rhythm;
	}

	private static long shortestInterval(Trace trace) {
		long shortest = Long.MAX_VALUE;
		for (int i = 1; i < trace.size(); i++) {
			shortest = Math.min(shortest, trace.at(i) - trace.at(i - 1));
		}
		return shortest;
	}

	private static long longIntervals(Trace trace, long longerThan) {
		long count = 0;
		for (int i = 1; i < trace.size(); i++) {
			if (trace.at(i) - trace.at(i - 1) > longerThan) {
				count++;
			}
		}
		return count;
	}

}
