package org.vigil.status.rhythm;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vigil.liveness.learning.*}: how each status's rhythm is learned and judged
 * (docs/design.md, learned liveness). {@code window} sets the weight of a new interval (2
 * / (window + 1)); a status is judged on its rhythm once {@code minSamples} intervals are
 * learned; its deadline is when the suspicion φ reaches {@code threshold}, plus
 * {@code acceptablePause}, clamped to [{@code minTimeout}, {@code maxTimeout}]; an Active
 * status at φ ≥ {@code lateThreshold} is late; the deviation is at least
 * {@code minDeviation} × the mean; {@code relearnAfter} outage-length intervals in a row
 * are a new rhythm. Nonsense is refused at start-up with the setting named.
 */
public record Learning(@DefaultValue("true") boolean enabled, @DefaultValue("50") int window,
		@DefaultValue("8") double threshold, @DefaultValue("3") double lateThreshold, @DefaultValue("5") int minSamples,
		@DefaultValue("PT5S") Duration minTimeout, @DefaultValue("PT24H") Duration maxTimeout,
		@DefaultValue("0.1") double minDeviation, @DefaultValue("PT0S") Duration acceptablePause,
		@DefaultValue("3") int relearnAfter) {

	private static final String PREFIX = "vigil.liveness.learning.";

	/** What Spring binds when nothing is set: the shipped defaults. */
	public static final Learning DEFAULTS = new Learning(true, 50, 8, 3, 5, Duration.ofSeconds(5), Duration.ofHours(24),
			0.1, Duration.ZERO, 3);

	public Learning {
		if (window < 2) {
			throw refused("window", "must be at least 2", window);
		}
		if (!(threshold > 0 && threshold <= PhiAccrual.MAX_SUSPICION)) {
			throw refused("threshold", "must be above 0 and at most " + PhiAccrual.MAX_SUSPICION, threshold);
		}
		if (!(lateThreshold > 0 && lateThreshold <= threshold)) {
			throw refused("late-threshold", "must be above 0 and at most the threshold (" + threshold + ")",
					lateThreshold);
		}
		if (minSamples < 2 || minSamples > window) {
			throw refused("min-samples", "must be at least 2 and at most the window (" + window + ")", minSamples);
		}
		positive("min-timeout", minTimeout);
		positive("max-timeout", maxTimeout);
		if (maxTimeout.compareTo(minTimeout) < 0) {
			throw refused("max-timeout", "must not be shorter than min-timeout (" + minTimeout + ")", maxTimeout);
		}
		if (!(minDeviation > 0 && minDeviation <= 1)) {
			throw refused("min-deviation", "must be a fraction of the mean above 0 and at most 1", minDeviation);
		}
		if (acceptablePause == null || acceptablePause.isNegative()) {
			throw refused("acceptable-pause", "must be a duration of 0 or more such as PT3M", acceptablePause);
		}
		if (relearnAfter < 1) {
			throw refused("relearn-after", "must be at least 1", relearnAfter);
		}
	}

	/**
	 * The same settings with learning switched off: every deadline the configured one.
	 */
	public Learning off() {
		return new Learning(false, this.window, this.threshold, this.lateThreshold, this.minSamples, this.minTimeout,
				this.maxTimeout, this.minDeviation, this.acceptablePause, this.relearnAfter);
	}

	private static void positive(String name, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw refused(name, "must be a positive duration such as PT5S", value);
		}
	}

	private static IllegalArgumentException refused(String name, String rule, Object value) {
		return new IllegalArgumentException(PREFIX + name + " " + rule + ", was " + value);
	}

}
