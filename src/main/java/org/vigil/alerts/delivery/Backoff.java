package org.vigil.alerts.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import org.vigil.alerts.AlertProperties;

/**
 * When to try again after a failed attempt: {@code retry-base} doubling with each failure
 * up to {@code retry-max}, with "equal jitter" (half the wait fixed, half random) so that
 * receivers that failed together are not retried together, and never past
 * {@code give-up-after} from the notification's creation, when it fails for good.
 */
record Backoff(Duration base, Duration max, Duration giveUpAfter, DoubleSupplier random) {

	static Backoff of(AlertProperties properties) {
		return new Backoff(properties.retryBase(), properties.retryMax(), properties.giveUpAfter(),
				() -> ThreadLocalRandom.current().nextDouble());
	}

	/**
	 * The time of the next attempt after the {@code failures}-th failure (from 1), or
	 * null to give up.
	 */
	Instant next(Instant created, int failures, Instant now) {
		Instant giveUp = created.plus(this.giveUpAfter);
		if (!now.isBefore(giveUp)) {
			return null;
		}
		long maxMillis = this.max.toMillis();
		long wait = this.base.toMillis();
		for (int i = 1; i < failures && wait < maxMillis; i++) {
			wait *= 2;
		}
		wait = Math.min(wait, maxMillis);
		long jittered = wait / 2 + (long) (this.random.getAsDouble() * (wait - wait / 2));
		Instant next = now.plusMillis(jittered);
		return next.isAfter(giveUp) ? giveUp : next;
	}

}
