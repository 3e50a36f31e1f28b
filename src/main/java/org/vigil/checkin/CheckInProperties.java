package org.vigil.checkin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vigil.checkin.*}. With group commit (the default) check-ins that arrive while a
 * transaction is being written wait and share the next one: at most {@code max-batch} of
 * them, gathered for at most {@code max-wait} (0: take what is queued, add no delay).
 * Without it every check-in commits on its own, which is kept for comparison in
 * benchmarks.
 */
@ConfigurationProperties("vigil.checkin")
record CheckInProperties(@DefaultValue("true") boolean groupCommit, @DefaultValue("500") int maxBatch,
		@DefaultValue("0ms") Duration maxWait, @DefaultValue("10000") int queueCapacity,
		@DefaultValue("5s") Duration timeout, @DefaultValue("1") int writers) {

	CheckInProperties {
		if (maxBatch < 1 || queueCapacity < 1 || writers < 1) {
			throw new IllegalArgumentException(
					"vigil.checkin.max-batch, queue-capacity and writers must be at least 1");
		}
		if (maxWait.isNegative() || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException(
					"vigil.checkin.max-wait must not be negative and timeout must be positive");
		}
	}

}
