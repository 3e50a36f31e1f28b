package org.vigil.liveness;

import java.time.Duration;

import org.vigil.status.AgentType;
import org.vigil.status.TimeoutsPerType;
import org.vigil.status.Timeouts;
import org.vigil.status.rhythm.Learning;
import org.vigil.status.rhythm.PhiAccrual;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vigil.liveness.*}: how long each agent type may stay silent, and how the sweeper
 * runs. Durations are ISO-8601 ({@code PT15M}) or Spring's short form ({@code 15m}); a
 * timeout per agent type ({@code VIGIL_LIVENESS_TIMEOUTS_ORDER_PROCESSING=PT15M})
 * overrides the default (Waldur's one hour). A status is swept once its deadline is
 * {@code settle} in the past, so a check-in that arrived before the deadline and is still
 * being written is not overtaken by the sweeper. Nonsense is refused at start-up with the
 * offending setting named. Each status's deadline is learned from its own rhythm
 * ({@code learning}, {@link Learning}); the timeouts are its cold start, and one set
 * explicitly per type is a floor under it.
 */
@ConfigurationProperties("vigil.liveness")
public record LivenessProperties(@DefaultValue("PT1H") Duration defaultTimeout, @DefaultValue TimeoutsPerType timeouts,
		@DefaultValue("PT1S") Duration sweepInterval, @DefaultValue("PT5M") Duration startupGrace,
		@DefaultValue("1000") int sweepBatchSize, @DefaultValue("500ms") Duration settle,
		@DefaultValue Learning learning) implements Timeouts {

	public LivenessProperties

	{
		positive("vigil.liveness.default-timeout", defaultTimeout);
		positive("vigil.liveness.sweep-interval", sweepInterval);
		if (startupGrace.isNegative()) {
			throw new IllegalArgumentException(
					"vigil.liveness.startup-grace must not be negative, was " + startupGrace);
		}
		timeouts.check("vigil.liveness.timeouts");
		if (sweepBatchSize < 1) {
			throw new IllegalArgumentException(
					"vigil.liveness.sweep-batch-size must be at least 1, was " + sweepBatchSize);
		}
		// Under a second, so that a silent agent is still Disconnected within a sweep
		// interval and a second.
		if (settle.isNegative() || settle.compareTo(Duration.ofSeconds(1)) >= 0) {
			throw new IllegalArgumentException("vigil.liveness.settle must be at least 0 and under 1 s, was " + settle);
		}
	}

	@Override
	public Duration timeout(AgentType type) {
		Duration specific = this.timeouts.of(type);
		return (specific != null) ? specific : this.defaultTimeout;
	}

	@Override
	public boolean explicit(AgentType type) {
		return this.timeouts.of(type) != null;
	}

	@Override
	public PhiAccrual rhythms() {
		return new PhiAccrual(this.learning);
	}

	private static void positive(String name, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException(name + " must be a positive duration such as PT15M, was " + value);
		}
	}

}
