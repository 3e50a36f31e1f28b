package org.vigil.status.rhythm;

import java.time.Duration;

/**
 * Phi-accrual failure detection (Hayashibara et al. 2004, as Akka and Cassandra judge
 * cluster members): the one home of how a status's rhythm is learned from its intervals,
 * what deadline it gives, and how suspicious a silence is. Pure arithmetic on
 * {@link Rhythm}: the check-in's SQL computes the same (pinned by a test), the benchmark
 * replays fleets through it.
 *
 * Suspicion after a silence of t is φ = −log10(P(interval > t)) under a normal model of
 * the learned mean μ and deviation σ (σ at least {@code min-deviation} × μ), with Akka's
 * logistic approximation of the normal tail: φ = log10(1 + e^a), a = y (1.5976 + 0.070566
 * y²), y = (t − μ) / σ. It grows with t, so the silence at which it reaches a threshold
 * is μ + y* σ, with y* solved once per threshold.
 */
public final class PhiAccrual {

	/** The largest suspicion shown; past it a status is long dead anyway. */
	public static final double MAX_SUSPICION = 99.9;

	private static final double LN10 = Math.log(10);

	private static final double A1 = 1.5976;

	private static final double A3 = 0.070566;

	private final Learning learning;

	private final double weight;

	private final double deadlineY;

	private final double lateY;

	public PhiAccrual(Learning learning) {
		this.learning = learning;
		this.weight = 2.0 / (learning.window() + 1);
		this.deadlineY = silenceAt(learning.threshold());
		this.lateY = silenceAt(learning.lateThreshold());
	}

	public Learning learning() {
		return this.learning;
	}

	/** The weight of a new interval once the window is full: 2 / (window + 1). */
	public double weight() {
		return this.weight;
	}

	/**
	 * y at which φ reaches the threshold: the deadline is μ + this × σ after the last
	 * check-in.
	 */
	public double deadlineY() {
		return this.deadlineY;
	}

	/** y at which φ reaches the late threshold. */
	public double lateY() {
		return this.lateY;
	}

	/**
	 * Whether this rhythm is learned: the status is judged on it, not on the configured
	 * timeout.
	 */
	public boolean learned(Rhythm rhythm) {
		return this.learning.enabled() && rhythm.samples() >= this.learning.minSamples();
	}

	/**
	 * The rhythm after one more interval of {@code millis}. Before the rhythm is learned
	 * every interval is learned (the configured timeout it was judged by was only a
	 * guess). Once learned, an interval that spans Vigil's own downtime is ignored, and
	 * one that ended past the deadline in force is an outage: not learned, but counted,
	 * and {@code relearn-after} of them in a row start the summary again from them alone
	 * (the agent has a new rhythm), learned at once.
	 */
	public Rhythm learn(Rhythm rhythm, long millis, Interval interval) {
		if (!this.learning.enabled()) {
			return rhythm;
		}
		double x = Math.max(0, millis);
		if (!learned(rhythm) || interval == Interval.ON_TIME) {
			return add(rhythm, x);
		}
		if (interval == Interval.SPANS_DOWNTIME) {
			return rhythm;
		}
		int run = rhythm.run() + 1;
		double delta = x - rhythm.runMean();
		double runMean = rhythm.runMean() + delta / run;
		double runSquares = rhythm.runSquares() + delta * (x - runMean);
		if (run < this.learning.relearnAfter()) {
			return new Rhythm(rhythm.samples(), rhythm.mean(), rhythm.variance(), rhythm.longest(), run, runMean,
					runSquares);
		}
		int samples = Math.min(this.learning.window(), Math.max(run, this.learning.minSamples()));
		return new Rhythm(samples, runMean, runSquares / run, Math.max(rhythm.longest(), Math.round(x)), 0, 0, 0);
	}

	/**
	 * One interval into the weighted mean and variance; the first intervals weigh 1/n (a
	 * plain mean) until that falls below the window's weight.
	 */
	private Rhythm add(Rhythm rhythm, double x) {
		int samples = Math.min(rhythm.samples() + 1, this.learning.window());
		double w = Math.max(this.weight, 1.0 / (rhythm.samples() + 1));
		double delta = x - rhythm.mean();
		double mean = rhythm.mean() + w * delta;
		double variance = (1 - w) * (rhythm.variance() + w * delta * delta);
		return new Rhythm(samples, mean, variance, Math.max(rhythm.longest(), Math.round(x)), 0, 0, 0);
	}

	/**
	 * How long after its last check-in a status with this rhythm is Disconnected.
	 * {@code configured} is its agent type's timeout (from the settings or its mirror
	 * source); {@code explicit} says an operator set it, which makes it a floor under the
	 * learned deadline (a shipped default is only the cold start). Before the rhythm is
	 * learned: the larger of the configured timeout and three times the longest interval
	 * (at most {@code max-timeout}).
	 */
	public Timeout timeout(Rhythm rhythm, Duration configured, boolean explicit) {
		if (!this.learning.enabled()) {
			return new Timeout(configured, Basis.CONFIGURED);
		}
		if (!learned(rhythm)) {
			long cold = Math.min(3 * rhythm.longest(), this.learning.maxTimeout().toMillis());
			return new Timeout(max(configured, Duration.ofMillis(cold)), Basis.CONFIGURED);
		}
		double millis = rhythm.mean() + this.deadlineY * deviation(rhythm) + this.learning.acceptablePause().toMillis();
		long clamped = Math.max(this.learning.minTimeout().toMillis(),
				Math.min(this.learning.maxTimeout().toMillis(), Math.round(millis)));
		Duration learned = Duration.ofMillis(clamped);
		if (explicit && configured.compareTo(learned) > 0) {
			return new Timeout(configured, Basis.CONFIGURED);
		}
		return new Timeout(learned, Basis.LEARNED);
	}

	/** The silence after which a status with this learned rhythm is late. */
	public Duration lateAfter(Rhythm rhythm) {
		return Duration.ofMillis(Math.round(rhythm.mean() + this.lateY * deviation(rhythm)));
	}

	/** φ after a silence this long, on a learned rhythm: at least 0, at most 99.9. */
	public double suspicion(Rhythm rhythm, Duration silent) {
		double y = (silent.toMillis() - rhythm.mean()) / deviation(rhythm);
		double a = y * (A1 + A3 * y * y);
		// log10(1 + e^a), without overflow for a large a.
		double phi = (a > 30) ? (a + Math.log1p(Math.exp(-a))) / LN10 : Math.log1p(Math.exp(a)) / LN10;
		return Math.min(MAX_SUSPICION, phi);
	}

	/**
	 * Whether a status that is Active and judged on this learned rhythm is late after
	 * this silence: its suspicion reached the late threshold.
	 */
	public boolean late(Rhythm rhythm, Duration silent) {
		return learned(rhythm) && suspicion(rhythm, silent) >= this.learning.lateThreshold();
	}

	/**
	 * σ as judged: the learned deviation, at least min-deviation × μ and at least 1 ms.
	 */
	public double deviation(Rhythm rhythm) {
		return Math.max(1, Math.max(rhythm.deviation(), this.learning.minDeviation() * rhythm.mean()));
	}

	/**
	 * The y at which φ reaches {@code phi}: a = ln(10^φ − 1), then the one real root of
	 * A3 y³ + A1 y − a = 0 (Cardano; A1, A3 > 0).
	 */
	static double silenceAt(double phi) {
		double a = Math.log(Math.expm1(phi * LN10));
		double p = A1 / A3;
		double q = -a / A3;
		double root = Math.sqrt(q * q / 4 + p * p * p / 27);
		return Math.cbrt(-q / 2 + root) + Math.cbrt(-q / 2 - root);
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
