package org.vigil.status.rhythm;

/**
 * What is kept of a status's check-in intervals, in milliseconds: the number learned
 * (capped at the window: past it, only the weight matters), their exponentially weighted
 * mean and variance, the longest learned (the cold start's measure), and the run of
 * outage-length intervals since the last learned one, with their plain mean and sum of
 * squared deviations (Welford): the new rhythm if the run reaches {@code relearn-after}.
 * A few numbers stored with the status; never a list of intervals.
 */
public record Rhythm(int samples, double mean, double variance, long longest, int run, double runMean,
		double runSquares) {

	/** A status never heard from twice. */
	public static final Rhythm NONE = new Rhythm(0, 0, 0, 0, 0, 0, 0);

	/** The learned deviation, before the {@code min-deviation} floor. */
	public double deviation() {
		return Math.sqrt(this.variance);
	}

}
